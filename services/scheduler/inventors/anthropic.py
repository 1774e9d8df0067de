"""Topics from Anthropic's Messages API: one short text answer."""

import anthropic
from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from services.scheduler.inventors.hosted import (
    SYSTEM,
    HostedInventorSettings,
    topic_from,
    user_message,
)
from shared.providers import CallPolicy, Kit, Provider
from shared.providers.sdk_errors import classifier

DEFAULT_MODEL = "claude-haiku-4-5"
_classify = classifier(anthropic, "GRIMREEL_ANTHROPIC_API_KEY")


class AnthropicInventorSettings(HostedInventorSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_ANTHROPIC_", extra="ignore")

    api_key: SecretStr  # required: Anthropic has no keyless local servers


class AnthropicInventor:
    name = "anthropic"

    def __init__(self, client: anthropic.AsyncAnthropic, policy: CallPolicy, model: str) -> None:
        self.client, self.policy, self.model = client, policy, model

    async def invent(self, prompt: str, seed: int) -> str:
        return await self.policy.run(lambda: self._ask(prompt, seed), _classify)

    async def _ask(self, prompt: str, seed: int) -> str:
        reply = await self.client.messages.create(
            model=self.model,
            max_tokens=100,
            system=SYSTEM,
            messages=[{"role": "user", "content": user_message(prompt, seed)}],
        )
        text = "".join(b.text for b in reply.content if b.type == "text")
        return topic_from(text, "anthropic")


def build(settings: AnthropicInventorSettings, kit: Kit) -> AnthropicInventor:
    client = anthropic.AsyncAnthropic(
        api_key=settings.api_key.get_secret_value(),
        base_url=settings.base_url,
        timeout=kit.policy.timeout_s,
        max_retries=0,  # CallPolicy retries, as for every provider
    )
    return AnthropicInventor(client, kit.policy, settings.model or DEFAULT_MODEL)


PROVIDER = Provider(
    kind="topic",
    name="anthropic",
    settings=AnthropicInventorSettings,
    factory=build,
    summary="asks the Anthropic model for one premise per tick",
)
