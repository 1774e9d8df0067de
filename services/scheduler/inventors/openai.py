"""Topics from OpenAI or any OpenAI-compatible server (Ollama, vLLM): one short chat answer."""

import openai
from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from services.scheduler.inventors.hosted import (
    SYSTEM,
    HostedInventorSettings,
    topic_from,
    user_message,
)
from shared.providers import CallPolicy, Kit, Provider, ProviderRefused
from shared.providers.openai_sdk import make_client
from shared.providers.sdk_errors import classifier

DEFAULT_MODEL = "gpt-5.4-mini"
LOCAL_SERVER_KEY = "not-needed"
_classify = classifier(openai, "GRIMREEL_OPENAI_API_KEY")


class OpenAIInventorSettings(HostedInventorSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_OPENAI_", extra="ignore")

    @model_validator(mode="after")
    def _key_or_local_server(self) -> "OpenAIInventorSettings":
        if self.api_key is None and self.base_url is None:
            raise ValueError(
                "the openai topic provider needs GRIMREEL_OPENAI_API_KEY "
                "(or GRIMREEL_OPENAI_BASE_URL for a local OpenAI-compatible server)"
            )
        return self


class OpenAIInventor:
    name = "openai"

    def __init__(self, client: openai.AsyncOpenAI, policy: CallPolicy, model: str) -> None:
        self.client, self.policy, self.model = client, policy, model

    async def invent(self, prompt: str, seed: int) -> str:
        return await self.policy.run(lambda: self._ask(prompt, seed), _classify)

    async def _ask(self, prompt: str, seed: int) -> str:
        reply = await self.client.chat.completions.create(
            model=self.model,
            messages=[
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": user_message(prompt, seed)},
            ],
            seed=seed,
        )
        message = reply.choices[0].message if reply.choices else None
        if message is not None and message.refusal:
            raise ProviderRefused(f"openai refused to invent a topic: {message.refusal[:120]}")
        return topic_from(message.content if message else None, "openai")


def build(settings: OpenAIInventorSettings, kit: Kit) -> OpenAIInventor:
    key = settings.api_key.get_secret_value() if settings.api_key else LOCAL_SERVER_KEY
    client = make_client(key, settings.base_url, kit.policy.timeout_s)
    return OpenAIInventor(client, kit.policy, settings.model or DEFAULT_MODEL)


PROVIDER = Provider(
    kind="topic",
    name="openai",
    settings=OpenAIInventorSettings,
    factory=build,
    summary="asks the OpenAI (or compatible) chat model for one premise per tick",
)
