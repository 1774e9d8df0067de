"""The filter stage's settings: which moderation policies judge a draft, how hard the hosted one
is pushed, and how many drafts a job gets.

The built-in judges read the one ``GRIMREEL_MODERATION_`` section, so the gore level set once
applies to the rules, the offline judge and OpenAI moderation alike; the LLM judge reads the
story writer's provider, model and key (providers/llm.py).
"""

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.providers import CallSettings, http_url

GoreLevel = Literal["none", "mild", "moderate", "extreme"]


class ModerationSettings(CallSettings):
    model_config = SettingsConfigDict(
        env_prefix="GRIMREEL_MODERATION_", extra="ignore", populate_by_name=True
    )

    # Run in this order. Left at the default, "openai" runs only when a key for it is set and
    # "llm" only when the story writer is a hosted one.
    policies: list[str] = Field(["rules", "offline", "openai", "llm"], min_length=1)
    gore_level: GoreLevel = "moderate"  # the most graphic level a story may show
    names_file: Path | None = None  # more real people's names, one per line
    offline: bool = Field(  # the offline judge next to the rule lists (old name: SEMANTIC)
        True,
        validation_alias=AliasChoices(
            "GRIMREEL_MODERATION_OFFLINE", "GRIMREEL_MODERATION_SEMANTIC"
        ),
    )
    llm: bool = True  # the LLM judge, when the story writer is hosted
    story_provider: str = Field("offline", validation_alias=AliasChoices("GRIMREEL_STORY_PROVIDER"))
    openai: bool = True  # OpenAI moderation, when a key for it is set

    # OpenAI moderation; the SDK's own retries are off, the call policy's knobs apply.
    model: str = "omni-moderation-latest"
    timeout_s: float = Field(30.0, gt=0, le=300)
    attempts: int = Field(3, ge=1, le=10)
    api_key: SecretStr | None = None  # else the story writer's OpenAI key, see moderation_key
    base_url: str | None = None
    openai_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("GRIMREEL_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        None, validation_alias=AliasChoices("GRIMREEL_OPENAI_BASE_URL")
    )

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        return http_url(value)

    def moderation_key(self) -> str | None:
        """The key for OpenAI moderation: its own, else the OpenAI key, but not one meant for a
        local OpenAI-compatible server (that key would be sent to OpenAI and fail every job)."""
        if self.api_key is not None:
            return self.api_key.get_secret_value()
        if self.openai_api_key is not None and self.openai_base_url is None:
            return self.openai_api_key.get_secret_value()
        return None

    def chosen(self) -> list[str]:
        """The policies to build: the switches turned off drop out, and so does OpenAI
        moderation without a key unless the list names it (then the missing key is an error)."""
        default = "policies" not in self.model_fields_set
        off = {
            "offline": not self.offline,
            "openai": not self.openai or (self.moderation_key() is None and default),
            "llm": not self.llm or (self.story_provider not in ("openai", "anthropic") and default),
        }
        return [name for name in dict.fromkeys(self.policies) if not off.get(name, False)]


class FilterSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_", extra="ignore")

    max_drafts: int = Field(3, ge=1, le=10)  # drafts judged before the job fails
    # how long a story held for review waits for a person before the job fails
    approval_ttl_s: float = Field(24 * 3600, ge=10, le=30 * 24 * 3600)
