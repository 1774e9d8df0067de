"""Settings shapes every provider and capability reuses: the call policy's knobs and URL checks.

A capability (voice, image, story, moderation) subclasses ``CallSettings`` with its own env
prefix (``GRIMREEL_VOICE_``), so ``GRIMREEL_VOICE_TIMEOUT_S`` tunes every voice provider. A
provider module declares its own ``BaseSettings`` subclass (``GRIMREEL_ELEVENLABS_``) for its
key, endpoint and defaults; a required key is a required field, so a missing one is a
configuration error at start that names the variable.
"""

import re

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.providers.policy import CallPolicy

_HTTP_URL = re.compile(r"https?://[^\s/?#@]+(/\S*)?")


def http_url(value: str | None) -> str | None:
    """An http(s) URL without credentials, trailing slash dropped; for field validators."""
    if value is None:
        return None
    if not _HTTP_URL.fullmatch(value):
        raise ValueError("must be an http(s) URL without credentials")
    return value.rstrip("/")


class CallSettings(BaseSettings):
    """How hard a capability's hosted provider is pushed; subclasses set the env prefix."""

    model_config = SettingsConfigDict(env_prefix="GRIMREEL_CALL_", extra="ignore")

    provider: str = "offline"  # a name the registry knows; checked when the stage is built
    concurrency: int = Field(4, ge=1, le=64)  # calls in flight to the provider, per process
    timeout_s: float = Field(60.0, gt=0, le=900)  # one call
    attempts: int = Field(4, ge=1, le=10)  # calls per handler run before the runtime retries
    backoff_s: float = Field(1.0, gt=0, le=120)  # doubled per attempt; Retry-After wins
    max_wait_s: float = Field(60.0, ge=0, le=600)  # longer Retry-After: the runtime retries

    def policy(self, name: str | None = None) -> CallPolicy:
        return CallPolicy(
            name or self.provider,
            concurrency=self.concurrency,
            timeout_s=self.timeout_s,
            attempts=self.attempts,
            backoff_s=self.backoff_s,
            max_wait_s=self.max_wait_s,
        )
