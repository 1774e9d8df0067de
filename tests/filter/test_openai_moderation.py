"""OpenAIModerationPolicy through the real SDK against a stub moderations endpoint."""

from typing import Any

import openai
import pytest

from services.filter.bootstrap import make_policies
from services.filter.policies.openai_moderation import OpenAIModerationPolicy
from shared.config import Settings
from shared.runtime import Permanent
from tests.filter.test_semantic_policy import story_with
from tests.story.stub_api import Reply, StubAPI

CATEGORIES = [
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
    "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
    "sexual/minors", "violence", "violence/graphic",
]  # fmt: skip


def moderation(flag: dict[str, str]) -> Any:
    """A reply that flags category flag[word] for every input containing word."""

    def answer(request: dict[str, Any]) -> dict[str, Any]:
        results = []
        for text in request["input"]:
            on = {c for word, c in flag.items() if word in text}
            results.append(
                {
                    "flagged": bool(on),
                    "categories": {c: c in on for c in CATEGORIES},
                    "category_scores": {c: 0.9 if c in on else 0.01 for c in CATEGORIES},
                    "category_applied_input_types": {c: ["text"] for c in CATEGORIES},
                }
            )
        return {"id": "modr-stub", "model": request["model"], "results": results}

    return answer


def policy(url: str, **kw: Any) -> OpenAIModerationPolicy:
    return OpenAIModerationPolicy(api_key="sk-test", base_url=f"{url}/v1", **kw)


async def test_only_unpublishable_categories_become_findings() -> None:
    text = "He stabbed the door. The thing described the girl's body. The voice listed the pills."
    flags = {
        "stabbed": "violence",
        "girl's body": "sexual/minors",
        "pills": "self-harm/instructions",
    }
    async with StubAPI([Reply(body=moderation(flags))]) as api:
        found = await policy(api.url, model="omni-test").check(story_with(text))
    assert {(f.category, f.scene, f.policy) for f in found} == {
        ("minors", 1, "openai-moderation"),
        ("self-harm-instructions", 1, "openai-moderation"),
    }
    assert {f.phrase for f in found} == {
        "The thing described the girl's body.",
        "The voice listed the pills.",
    }
    (request,) = api.seen
    assert request.path == "/v1/moderations" and request.body["model"] == "omni-test"
    assert "He stabbed the door." in request.body["input"]  # one input per sentence


async def test_graphic_violence_is_gore_unless_extreme_gore_is_allowed() -> None:
    flags = {"entrails": "violence/graphic"}
    story = story_with("The entrails hung from the branches.")
    async with StubAPI([Reply(body=moderation(flags))] * 2) as api:
        assert [f.category for f in await policy(api.url).check(story)] == ["gore"]
        assert await policy(api.url, gore_level="extreme").check(story) == []


async def test_a_bad_key_fails_the_job_and_an_outage_is_retried_later() -> None:
    error = {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}
    async with StubAPI([Reply(401, error)]) as api:
        with pytest.raises(Permanent, match="HTTP 401"):
            await policy(api.url).check(story_with("Nothing moved."))
    fast = {"retry-after-ms": "10"}
    async with StubAPI([Reply(503, error, fast)] * 3) as api:
        with pytest.raises(openai.InternalServerError):  # ordinary: the runtime retries it
            await policy(api.url, max_retries=2).check(story_with("Nothing moved."))
    assert len(api.seen) == 3
    async with StubAPI([Reply(429, error, fast), Reply(body=moderation({}))]) as api:
        assert await policy(api.url).check(story_with("Nothing moved.")) == []


def test_moderation_runs_only_with_a_key_meant_for_openai() -> None:
    def names(**kw: Any) -> list[str]:
        base = {"openai_api_key": None, "moderation_api_key": None, "openai_base_url": None}
        return [p.name for p in make_policies(Settings(**(base | kw)))]

    assert names() == ["rules", "semantic"]
    assert names(openai_api_key="sk-x")[-1] == "openai-moderation"
    # a key for a local OpenAI-compatible server is not sent to OpenAI's moderation endpoint
    assert names(openai_api_key="ollama", openai_base_url="http://127.0.0.1:11434/v1") == [
        "rules",
        "semantic",
    ]
    assert names(moderation_api_key="sk-m", openai_base_url="http://127.0.0.1:1/v1")[-1] == (
        "openai-moderation"
    )
    assert names(openai_api_key="sk-x", moderation_openai=False, moderation_semantic=False) == [
        "rules"
    ]
