"""The Anthropic story provider: a story from the Messages API, through a forced tool call.

The story schema is the input schema of one tool, and tool_choice forces the model to call
it, so the answer arrives as parsed JSON in a tool_use block rather than as prose.
"""

import json

import anthropic
import pydantic
from anthropic.types import ToolParam
from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from services.story.draft import StoryDraft, inline_schema, validation_summary
from services.story.drafting import DraftProblem, until_usable
from services.story.prompt import render
from services.story.settings import HostedWriterSettings
from shared.messages.job import JobSpec
from shared.messages.story import Story
from shared.providers import CallPolicy, Kit, Provider
from shared.providers.sdk_errors import classifier
from shared.quality import WORDS_PER_MINUTE

DEFAULT_MODEL = "claude-haiku-4-5"
TOOL = "write_story"
_classify = classifier(anthropic, "GRIMREEL_ANTHROPIC_API_KEY")


class AnthropicWriterSettings(HostedWriterSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_ANTHROPIC_", extra="ignore")

    api_key: SecretStr


class AnthropicWriter:
    name = "anthropic"

    def __init__(
        self,
        client: anthropic.AsyncAnthropic,
        policy: CallPolicy,
        *,
        model: str,
        temperature: float | None = None,
        max_tokens: int = 4096,
        prompt_version: str = "v1",
        wpm: float = WORDS_PER_MINUTE,
    ) -> None:
        self.client, self.policy = client, policy  # the client's own retries are off
        self.model, self.temperature, self.max_tokens = model, temperature, max_tokens
        self.prompt_version, self.wpm = prompt_version, wpm
        self.tool: ToolParam = {
            "name": TOOL,
            "description": "Hand over the finished horror short: title, hook and scenes.",
            "input_schema": inline_schema(StoryDraft),
        }

    async def write(self, spec: JobSpec, *, feedback: list[str], round_: int) -> Story:
        async def draft(hints: list[str]) -> Story:
            return await self.policy.run(lambda: self._draft(spec, feedback + hints), _classify)

        return await until_usable(self.name, draft)

    async def _draft(self, spec: JobSpec, feedback: list[str]) -> Story:
        prompt = render(spec, feedback, version=self.prompt_version, wpm=self.wpm)
        try:
            reply = await self.client.messages.create(
                model=self.model,
                max_tokens=self.max_tokens,
                system=prompt.system,
                messages=[{"role": "user", "content": prompt.user}],
                tools=[self.tool],
                tool_choice={"type": "tool", "name": TOOL},
                # This SDK version no longer types `temperature`; the API takes it for the
                # models that still support it, so it rides in the body, only when configured.
                extra_body=None if self.temperature is None else {"temperature": self.temperature},
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


def build(settings: AnthropicWriterSettings, kit: Kit) -> AnthropicWriter:
    story = settings.story_settings()
    client = anthropic.AsyncAnthropic(
        api_key=settings.api_key.get_secret_value(),
        base_url=settings.base_url,
        timeout=kit.policy.timeout_s,
        max_retries=0,  # CallPolicy retries, with the same bounds for every provider
    )
    return AnthropicWriter(
        client,
        kit.policy,
        model=story.model or DEFAULT_MODEL,
        temperature=story.temperature,
        max_tokens=story.max_tokens,
        prompt_version=story.prompt_version,
    )


PROVIDER = Provider(
    kind="story",
    name="anthropic",
    settings=AnthropicWriterSettings,
    factory=build,
    summary="Anthropic Messages API, the story as a forced tool call",
)
