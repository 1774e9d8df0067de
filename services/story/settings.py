"""The story capability's settings (GRIMREEL_STORY_*): which writer, how hard it is pushed,
and what it is asked for. These knobs are the story's, not one provider's: GRIMREEL_STORY_MODEL
applies to whichever hosted writer is chosen. A provider's connection (key, base URL) lives in
its own module's settings.
"""

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.config import load_as
from shared.providers import CallSettings, http_url


class StorySettings(CallSettings):
    model_config = SettingsConfigDict(
        env_prefix="GRIMREEL_STORY_", extra="ignore", populate_by_name=True
    )

    concurrency: int = Field(8, ge=1, le=64)  # requests in flight to the writer, per process
    timeout_s: float = Field(120.0, gt=0, le=900)  # one request to the provider
    attempts: int = Field(3, ge=1, le=10)  # requests per draft on 429/5xx/timeouts
    # Longer Retry-After: the runtime retries. The old name still works.
    max_wait_s: float = Field(
        30.0,
        ge=0,
        le=600,
        validation_alias=AliasChoices(
            "GRIMREEL_STORY_MAX_WAIT_S", "GRIMREEL_STORY_RETRY_AFTER_MAX_S"
        ),
    )
    model: str | None = None  # None: the provider's default (gpt-5.4-mini, claude-haiku-4-5)
    prompt_version: str = Field("v1", pattern=r"^v[0-9]+$")  # services/story/prompts/
    temperature: float | None = Field(None, ge=0, le=2)  # None: the model's default
    max_tokens: int = Field(4096, ge=256, le=64000)  # the longest answer asked for


class HostedWriterSettings(BaseSettings):
    """What every hosted writer's own settings hold besides its key: where its API is, and the
    story's knobs (model, temperature, prompt version, max tokens).

    The knobs are handed over rather than read again by each provider: the bootstrap passes the
    StorySettings it built (``story=...``), so a test's or a caller's pre-built settings reach
    the writer unchanged; a provider built on its own (``None``) loads them from GRIMREEL_STORY_*.
    The Kit stays generic: it lends only what every kind of provider needs.
    """

    base_url: str | None = None  # another server or a proxy; None: the SDK's default endpoint
    story: StorySettings | None = None  # None: loaded from GRIMREEL_STORY_*

    _base_url = field_validator("base_url")(http_url)

    def story_settings(self) -> StorySettings:
        return self.story if self.story is not None else load_as(StorySettings)
