"""AnthropicWriter: a story from the Anthropic Messages API, through a forced tool call.

The story schema is the input schema of one tool, and tool_choice forces the model to call
it, so the answer arrives as parsed JSON in a tool_use block rather than as prose.
"""

import json

import anthropic
import pydantic
from anthropic import AsyncAnthropic

from services.story.prompt import render
from services.story.providers.draft import StoryDraft, inline_schema, validation_summary
from services.story.providers.hosted import DraftProblem, RetryPolicy, with_retries
from services.story.providers.sdk_errors import classifier
from shared.messages.job import JobSpec
from shared.messages.story import Story
from shared.quality import WORDS_PER_MINUTE

TOOL = "write_story"
_classify = classifier(anthropic, "GRIMREEL_ANTHROPIC_API_KEY")


class AnthropicWriter:
    name = "anthropic"

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        timeout_s: float = 120.0,
        retry: RetryPolicy | None = None,
        temperature: float | None = None,
        max_tokens: int = 4096,
        prompt_version: str = "v1",
        wpm: float = WORDS_PER_MINUTE,
    ) -> None:
        self.client = AsyncAnthropic(
            api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=0
        )
        self.model, self.temperature, self.max_tokens = model, temperature, max_tokens
        self.retry = retry or RetryPolicy()
        self.prompt_version, self.wpm = prompt_version, wpm
        self.tool = {
            "name": TOOL,
            "description": "Hand over the finished horror short: title, hook and scenes.",
            "input_schema": inline_schema(StoryDraft),
        }

    async def write(self, spec: JobSpec, *, feedback: list[str], round_: int) -> Story:
        async def draft(hints: list[str]) -> Story:
            return await self._draft(spec, feedback + hints)

        return await with_retries(self.name, draft, _classify, self.retry)

    async def _draft(self, spec: JobSpec, feedback: list[str]) -> Story:
        prompt = render(spec, feedback, version=self.prompt_version, wpm=self.wpm)
        # This SDK version no longer types `temperature`; the API takes it for the models that
        # still support it, so it rides in extra_body, and only when configured.
        extra = (
            {} if self.temperature is None else {"extra_body": {"temperature": self.temperature}}
        )
        try:
            reply = await self.client.messages.create(
                model=self.model,
                max_tokens=self.max_tokens,
                system=prompt.system,
                messages=[{"role": "user", "content": prompt.user}],
                tools=[self.tool],  # type: ignore[list-item]
                tool_choice={"type": "tool", "name": TOOL},
                **extra,  # type: ignore[arg-type]
            )
        except (json.JSONDecodeError, anthropic.APIResponseValidationError):
            raise DraftProblem("malformed", "the response body was not a message") from None
        if reply.stop_reason == "refusal":
            raise DraftProblem("refusal", "the model declined to write it")
        if reply.stop_reason == "max_tokens":
            raise DraftProblem("malformed", "the answer was cut off at max_tokens")
        call = next((b for b in reply.content if b.type == "tool_use" and b.name == TOOL), None)
        if call is None:
            said = " ".join(b.text for b in reply.content if b.type == "text").strip()
            raise DraftProblem("empty", f"no {TOOL} call in the answer {said[:200]!r}")
        try:
            return StoryDraft.model_validate(call.input).to_story(spec)
        except pydantic.ValidationError as e:
            raise DraftProblem("malformed", validation_summary(e)) from None
