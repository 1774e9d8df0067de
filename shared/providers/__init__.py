"""How hosted providers are found, configured and called: one vocabulary for every stage."""

from shared.providers.errors import Failure, Malformed, ProviderRefused, ProviderUnavailable
from shared.providers.http import retry_after, status_failure
from shared.providers.policy import CallPolicy, Classify
from shared.providers.registry import Kit, Provider, available, create, find
from shared.providers.settings import CallSettings, http_url

__all__ = [
    "CallPolicy",
    "CallSettings",
    "Classify",
    "Failure",
    "Kit",
    "Malformed",
    "Provider",
    "ProviderRefused",
    "ProviderUnavailable",
    "available",
    "create",
    "find",
    "http_url",
    "retry_after",
    "status_failure",
]
