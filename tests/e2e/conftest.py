"""The broker fixture of the integration tier."""

from tests.integration.conftest import broker

__all__ = ["broker"]
