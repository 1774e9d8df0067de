"""How the visual stage calls its image provider: which one, and how hard it is pushed.

``GRIMREEL_IMAGE_PROVIDER`` names a module in ``services.visual.providers`` (or a plugin);
each provider reads its own key and endpoint (``GRIMREEL_STABILITY_API_KEY``, ...).
"""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.providers import CallSettings


class ImageSettings(CallSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_IMAGE_", extra="ignore")

    provider: str = "offline"
    concurrency: int = Field(2, ge=1, le=64)  # pictures are slow and costly: few at once
    timeout_s: float = Field(120.0, gt=0, le=600)
    attempts: int = Field(4, ge=1, le=10)
    backoff_s: float = Field(2.0, gt=0, le=120)
