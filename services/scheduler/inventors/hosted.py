"""What the hosted topic inventors share: the policy prompt, the user message, the settings.

The model is the story's (GRIMREEL_STORY_MODEL) unless GRIMREEL_TOPIC_MODEL names another,
so a channel that writes with one model invents its topics with it too.
"""

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings

from services.scheduler.inventor import headline
from shared.providers import ProviderRefused, http_url

SYSTEM = (Path(__file__).with_name("prompt.v1.txt")).read_text(encoding="utf-8").strip()
MODEL_ALIASES = AliasChoices("GRIMREEL_TOPIC_MODEL", "GRIMREEL_STORY_MODEL")


def user_message(prompt: str, seed: int) -> str:
    # the seed makes each tick's request differ, so a model without a seed option still varies
    return f"In the spirit of: {prompt}\nPremise number {seed % 10000}."


def topic_from(answer: str | None, provider: str) -> str:
    topic = headline(answer or "")
    if len(topic.split()) < 3:
        raise ProviderRefused(f"{provider} gave no usable topic (answer: {(answer or '')[:80]!r})")
    return topic


class HostedInventorSettings(BaseSettings):
    api_key: SecretStr | None = None
    base_url: str | None = None
    model: str | None = Field(None, validation_alias=MODEL_ALIASES)

    @field_validator("base_url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        return http_url(v)
