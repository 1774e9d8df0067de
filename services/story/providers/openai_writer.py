"""OpenAIWriter: a story from any OpenAI-compatible chat API, as structured output.

Works with OpenAI itself and with servers that speak its API (Ollama, vLLM, LM Studio) through
base_url. The reply is constrained by a strict JSON schema made from StoryDraft and parsed by
the SDK (chat.completions.parse); refusals and cut-off answers come back as DraftProblem.
"""

import json

import openai
import pydantic
from openai import AsyncOpenAI

from services.story.prompt import render
from services.story.providers.draft import StoryDraft, validation_summary
from services.story.providers.hosted import DraftProblem, RetryPolicy, with_retries
from services.story.providers.sdk_errors import classifier
from shared.messages.job import JobSpec
from shared.messages.story import Story
from shared.quality import WORDS_PER_MINUTE

_classify = classifier(openai, "GRIMREEL_OPENAI_API_KEY")


class OpenAIWriter:
    name = "openai"

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        timeout_s: float = 120.0,
        retry: RetryPolicy | None = None,
        temperature: float | None = None,
        prompt_version: str = "v1",
        wpm: float = WORDS_PER_MINUTE,
    ) -> None:
        # max_retries=0: retries are ours (hosted.with_retries), bounded the same for every SDK.
        self.client = AsyncOpenAI(
            api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=0
        )
        self.model, self.temperature = model, temperature
        self.retry = retry or RetryPolicy()
        self.prompt_version, self.wpm = prompt_version, wpm

    async def write(self, spec: JobSpec, *, feedback: list[str], round_: int) -> Story:
        async def draft(hints: list[str]) -> Story:
            return await self._draft(spec, feedback + hints)

        return await with_retries(self.name, draft, _classify, self.retry)

    async def _draft(self, spec: JobSpec, feedback: list[str]) -> Story:
        prompt = render(spec, feedback, version=self.prompt_version, wpm=self.wpm)
        extra: dict[str, object] = {}
        if self.temperature is not None:  # reasoning models reject any explicit temperature
            extra["temperature"] = self.temperature
        if spec.seed is not None:
            extra["seed"] = spec.seed
        try:
            completion = await self.client.chat.completions.parse(
                model=self.model,
                messages=[
                    {"role": "system", "content": prompt.system},
                    {"role": "user", "content": prompt.user},
                ],
                response_format=StoryDraft,
                **extra,  # type: ignore[arg-type]
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
