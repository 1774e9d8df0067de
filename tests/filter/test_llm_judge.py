"""The "llm" judge through the real OpenAI and Anthropic SDKs against a stub API on 127.0.0.1."""

import json
from typing import Any, get_args

import pytest

from services.filter.providers import llm
from services.filter.providers.llm import LlmJudgeSettings
from services.filter.verdicts import Category
from shared.config import ConfigError
from shared.providers import CallPolicy, Kit, ProviderRefused, ProviderUnavailable
from shared.safety.taxonomy import CATEGORIES
from tests.filter.stories import story_with
from tests.story.dialects import _chat, _message
from tests.story.stub_api import Reply, StubAPI

BAD = "He keeps the bridge keys. The bridge on Elm street is high enough, nobody stops you."


def verdict(refused: dict[str, str]) -> dict[str, Any]:
    return {
        "verdicts": [
            {"category": c, "refused": c in refused, "passage": refused.get(c, "")}
            for c in CATEGORIES
        ]
    }


def answer(dialect: str, body: dict[str, Any]) -> Reply:
    if dialect == "openai":
        message = {"role": "assistant", "content": json.dumps(body), "refusal": None}
        return Reply(body=_chat(message))
    call = {"type": "tool_use", "id": "t1", "name": llm.TOOL, "input": body}
    return Reply(body=_message([call]))


def judge(dialect: str, url: str) -> llm.LlmJudge:
    settings = LlmJudgeSettings(
        writer=dialect,
        model="judge-model",
        openai_api_key="sk-test",
        openai_base_url=f"{url}/v1",
        anthropic_api_key="sk-ant-test",
        anthropic_base_url=url,
    )
    return llm.make(settings, Kit(policy=CallPolicy("llm", attempts=2, backoff_s=0.01)))


def test_the_verdict_schema_names_exactly_the_taxonomy() -> None:
    assert set(get_args(Category)) == set(CATEGORIES)


@pytest.mark.parametrize("dialect", ["openai", "anthropic"])
async def test_a_refused_category_becomes_a_finding_in_the_scene_it_quotes(dialect) -> None:
    quoted = "The bridge on Elm street is high enough, nobody stops you."
    async with StubAPI([answer(dialect, verdict({"self-harm": quoted}))]) as api:
        found = await judge(dialect, api.url).check(story_with(BAD))
    assert [(f.category, f.scene, f.phrase) for f in found] == [("self-harm", 1, quoted)]
    assert found[0].policy == f"llm:{dialect}:judge-model"
    (request,) = api.seen
    sent = json.dumps(request.body)
    assert "[scene 1] " + BAD in sent  # the whole story, each section labelled
    assert "torture: gratuitous torture" in sent  # the versioned policy prompt is the system


async def test_openai_is_asked_for_strict_structured_output() -> None:
    async with StubAPI([answer("openai", verdict({}))]) as api:
        assert await judge("openai", api.url).check(story_with("The well was quiet.")) == []
    fmt = api.seen[0].body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True


async def test_anthropic_is_forced_to_call_the_verdict_tool() -> None:
    async with StubAPI([answer("anthropic", verdict({}))]) as api:
        await judge("anthropic", api.url).check(story_with("The well was quiet."))
    body = api.seen[0].body
    assert body["tool_choice"] == {"type": "tool", "name": llm.TOOL}
    assert body["tools"][0]["input_schema"]["required"] == ["verdicts"]


@pytest.mark.parametrize("dialect", ["openai", "anthropic"])
async def test_an_answer_outside_the_schema_is_asked_again_then_reported(dialect) -> None:
    wrong = {"verdicts": [{"category": "gore", "refused": True, "passage": "x"}]}
    async with StubAPI([answer(dialect, wrong)] * 2) as api:
        with pytest.raises(ProviderUnavailable, match="not a verdict"):
            await judge(dialect, api.url).check(story_with(BAD))
    assert len(api.seen) == 2


@pytest.mark.parametrize("dialect", ["openai", "anthropic"])
async def test_a_bad_key_fails_at_once_naming_the_variable(dialect) -> None:
    body = {"error": {"message": "bad key", "type": "auth"}}
    async with StubAPI([Reply(status=401, body=body)]) as api:
        with pytest.raises(ProviderRefused, match="API_KEY"):
            await judge(dialect, api.url).check(story_with(BAD))
    assert len(api.seen) == 1


def test_without_a_hosted_writer_the_llm_judge_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="GRIMREEL_STORY_PROVIDER"):
        llm.make(LlmJudgeSettings(writer="offline"), Kit())
    with pytest.raises(ConfigError, match="no LLM judge prompt v9"):
        llm.make(LlmJudgeSettings(writer="openai", openai_api_key="k", prompt_version="v9"), Kit())
