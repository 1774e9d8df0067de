"""The OpenAI story provider: a story from any OpenAI-compatible chat API, as structured output.

Works with OpenAI itself and with servers that speak its API (Ollama, vLLM, LM Studio) through
GRIMREEL_OPENAI_BASE_URL; such a server needs no key, so the SDK then gets a placeholder. The
reply is constrained by a strict JSON schema made from StoryDraft and parsed by the SDK
(chat.completions.parse); refusals and cut-off answers come back as DraftProblem.
"""

import json
from typing import Any

import openai
import pydantic
from openai.types.chat import ChatCompletionMessageParam
from pydantic import SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from services.story.draft import StoryDraft, validation_summary
from services.story.drafting import DraftProblem, until_usable
from services.story.prompt import render
from services.story.settings import HostedWriterSettings
from shared.messages.job import JobSpec
from shared.messages.story import Story
from shared.providers import CallPolicy, Kit, Provider
from shared.providers.openai_sdk import make_client
from shared.providers.sdk_errors import classifier
from shared.quality import WORDS_PER_MINUTE

DEFAULT_MODEL = "gpt-5.4-mini"
LOCAL_SERVER_KEY = "not-needed"  # local OpenAI-compatible servers ignore it; the SDK wants one
_classify = classifier(openai, "GRIMREEL_OPENAI_API_KEY")


class OpenAIWriterSettings(HostedWriterSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_OPENAI_", extra="ignore")

    api_key: SecretStr | None = None  # optional only with base_url (a local server)

    @model_validator(mode="after")
    def _key_or_local_server(self) -> "OpenAIWriterSettings":
        if self.api_key is None and self.base_url is None:
            raise ValueError(
                "GRIMREEL_STORY_PROVIDER=openai needs GRIMREEL_OPENAI_API_KEY "
                "(or GRIMREEL_OPENAI_BASE_URL for a local OpenAI-compatible server)"
            )
        return self


class OpenAIWriter:
    name = "openai"

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        policy: CallPolicy,
        *,
        model: str,
        temperature: float | None = None,
        prompt_version: str = "v1",
        wpm: float = WORDS_PER_MINUTE,
    ) -> None:
        self.client, self.policy = client, policy  # the client's own retries are off
        self.model, self.temperature = model, temperature
        self.prompt_version, self.wpm = prompt_version, wpm

    async def write(self, spec: JobSpec, *, feedback: list[str], round_: int) -> Story:
        async def draft(hints: list[str]) -> Story:
            return await self.policy.run(lambda: self._draft(spec, feedback + hints), _classify)

        return await until_usable(self.name, draft)

    async def _draft(self, spec: JobSpec, feedback: list[str]) -> Story:
        prompt = render(spec, feedback, version=self.prompt_version, wpm=self.wpm)
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": prompt.system},
            {"role": "user", "content": prompt.user},
        ]
        extra: dict[str, Any] = {}
        if self.temperature is not None:  # reasoning models reject any explicit temperature
            extra["temperature"] = self.temperature
        if spec.seed is not None:
            extra["seed"] = spec.seed
        try:
            completion = await self.client.chat.completions.parse(
                model=self.model, messages=messages, response_format=StoryDraft, **extra
            )
        except openai.LengthFinishReasonError:
            raise DraftProblem("malformed", "the answer was cut off at the token limit") from None
        except openai.ContentFilterFinishReasonError:
            raise DraftProblem("refusal", "the provider's content filter stopped it") from None
        except pydantic.ValidationError as e:
            raise DraftProblem("malformed", validation_summary(e)) from None
        except (json.JSONDecodeError, openai.APIResponseValidationError):
            raise DraftProblem("malformed", "the response body was not a chat completion") from None
        if not completion.choices:
            raise DraftProblem("empty", "the answer had no choices")
        message = completion.choices[0].message
        if message.refusal:
            raise DraftProblem("refusal", message.refusal[:200])
        if message.parsed is None:
            raise DraftProblem("empty", "the answer had no content")
        return message.parsed.to_story(spec)


def build(settings: OpenAIWriterSettings, kit: Kit) -> OpenAIWriter:
    story = settings.story_settings()
    key = settings.api_key.get_secret_value() if settings.api_key else LOCAL_SERVER_KEY
    return OpenAIWriter(
        make_client(key, settings.base_url, kit.policy.timeout_s),
        kit.policy,
        model=story.model or DEFAULT_MODEL,
        temperature=story.temperature,
        prompt_version=story.prompt_version,
    )


PROVIDER = Provider(
    kind="story",
    name="openai",
    settings=OpenAIWriterSettings,
    factory=build,
    summary="OpenAI or any OpenAI-compatible server (Ollama, vLLM), strict structured output",
)
