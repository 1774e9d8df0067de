"""The "llm" moderation provider: the configured hosted writer's model judges the story.

It reads the whole story in context with a versioned policy prompt (prompts/judge.v<N>.txt)
and answers one verdict per category with the passage it quotes (verdicts.py): OpenAI through
strict structured output, Anthropic through a forced tool call. Calls go through the shared
CallPolicy like every hosted provider; an answer that does not fit the schema is retried.
"""

from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Literal

import anthropic
import openai
import pydantic
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.filter.verdicts import JudgeVerdict, findings, render, schema
from shared.config import ConfigError
from shared.messages.story import Story
from shared.providers import CallPolicy, Classify, Kit, Malformed, Provider, openai_sdk
from shared.providers.sdk_errors import classifier
from shared.safety.policy import Finding
from shared.safety.sections import Section, story_sections

TOOL = "give_verdict"
Ask = Callable[[str, str], Awaitable[JudgeVerdict]]  # (system, user) -> verdict
DEFAULT_MODEL = {"openai": "gpt-5.4-mini", "anthropic": "claude-haiku-4-5"}


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class LlmJudgeSettings(BaseSettings):
    """The story writer's provider, model and keys, unless the judge is given its own model."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    writer: str = Field("offline", validation_alias=_env("GRIMREEL_STORY_PROVIDER"))
    model: str | None = Field(
        None, validation_alias=_env("GRIMREEL_MODERATION_LLM_MODEL", "GRIMREEL_STORY_MODEL")
    )
    prompt_version: str = Field(
        "v1", pattern=r"^v\d+$", validation_alias=_env("GRIMREEL_MODERATION_LLM_PROMPT_VERSION")
    )
    openai_api_key: SecretStr | None = Field(None, validation_alias=_env("GRIMREEL_OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=_env("GRIMREEL_OPENAI_BASE_URL"))
    anthropic_api_key: SecretStr | None = Field(
        None, validation_alias=_env("GRIMREEL_ANTHROPIC_API_KEY")
    )
    anthropic_base_url: str | None = Field(
        None, validation_alias=_env("GRIMREEL_ANTHROPIC_BASE_URL")
    )


def policy_prompt(version: str) -> str:
    path = resources.files("services.filter").joinpath("prompts", f"judge.{version}.txt")
    if not path.is_file():
        raise ConfigError(f"no LLM judge prompt {version} (services/filter/prompts/judge.*.txt)")
    return path.read_text("utf-8")


class LlmJudge:
    def __init__(self, ask: Ask, call: CallPolicy, classify: Classify, *, system: str, name: str):
        self.ask, self.call, self.classify = ask, call, classify
        self.system, self.name = system, name

    async def judge_sections(self, sections: list[Section]) -> list[Finding]:
        user = render(sections)
        verdict = await self.call.run(lambda: self.ask(self.system, user), self.classify)
        return findings(verdict, sections, self.name)

    async def check(self, story: Story) -> list[Finding]:
        return await self.judge_sections(story_sections(story))


def openai_ask(client: openai.AsyncOpenAI, model: str) -> Ask:
    async def ask(system: str, user: str) -> JudgeVerdict:
        try:
            completion = await client.chat.completions.parse(
                model=model,
                messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
                response_format=JudgeVerdict,
            )
        except (openai.LengthFinishReasonError, pydantic.ValidationError) as e:
            raise Malformed(f"not a verdict: {str(e)[:200]}") from None
        message = completion.choices[0].message if completion.choices else None
        if message is None or message.parsed is None:
            raise Malformed("the answer holds no verdict")
        return message.parsed

    return ask


def anthropic_ask(client: anthropic.AsyncAnthropic, model: str) -> Ask:
    tool: anthropic.types.ToolParam = {
        "name": TOOL,
        "description": "Give the verdict for every category.",
        "input_schema": schema(),
    }

    async def ask(system: str, user: str) -> JudgeVerdict:
        reply = await client.messages.create(
            model=model,
            max_tokens=2048,
            system=system,
            messages=[{"role": "user", "content": user}],
            tools=[tool],
            tool_choice={"type": "tool", "name": TOOL},
        )
        call = next((b for b in reply.content if b.type == "tool_use" and b.name == TOOL), None)
        if call is None:
            raise Malformed(f"no {TOOL} call in the answer")
        try:
            return JudgeVerdict.model_validate(call.input)
        except pydantic.ValidationError as e:
            raise Malformed(f"not a verdict: {str(e)[:200]}") from None

    return ask


def make(settings: LlmJudgeSettings, kit: Kit) -> LlmJudge:
    writer: Literal["openai", "anthropic"]
    if settings.writer == "openai":
        writer = "openai"
        key = settings.openai_api_key
        if key is None and settings.openai_base_url is None:
            raise ConfigError("the llm judge uses the openai writer: set GRIMREEL_OPENAI_API_KEY")
        model = settings.model or DEFAULT_MODEL[writer]
        client = openai_sdk.make_client(
            key.get_secret_value() if key else "not-needed",
            settings.openai_base_url,
            kit.policy.timeout_s,
        )
        ask, classify = openai_ask(client, model), classifier(openai, "GRIMREEL_OPENAI_API_KEY")
    elif settings.writer == "anthropic":
        writer = "anthropic"
        if settings.anthropic_api_key is None:
            raise ConfigError(
                "the llm judge uses the anthropic writer: set GRIMREEL_ANTHROPIC_API_KEY"
            )
        model = settings.model or DEFAULT_MODEL[writer]
        sdk = anthropic.AsyncAnthropic(
            api_key=settings.anthropic_api_key.get_secret_value(),
            base_url=settings.anthropic_base_url,
            timeout=kit.policy.timeout_s,
            max_retries=0,  # CallPolicy retries, as for every hosted provider
        )
        ask, classify = (
            anthropic_ask(sdk, model),
            classifier(anthropic, "GRIMREEL_ANTHROPIC_API_KEY"),
        )
    else:
        raise ConfigError(
            "the llm judge asks the configured hosted writer: set GRIMREEL_STORY_PROVIDER to "
            f"openai or anthropic (it is {settings.writer!r})"
        )
    system = policy_prompt(settings.prompt_version)
    return LlmJudge(ask, kit.policy, classify, system=system, name=f"llm:{writer}:{model}")


PROVIDER = Provider(
    kind="moderation",
    name="llm",
    settings=LlmJudgeSettings,
    factory=make,
    summary="hosted: the story writer's model judges each category with a quoted passage",
)
