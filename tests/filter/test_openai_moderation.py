"""The "openai" moderation provider through the real SDK against a stub moderations endpoint."""

from typing import Any

import pytest

from services.filter.bootstrap import make_policies
from services.filter.providers import openai as openai_provider
from services.filter.providers.openai import OpenAIModerationPolicy
from services.filter.settings import ModerationSettings
from shared.config import ConfigError
from shared.providers import Kit, ProviderRefused, ProviderUnavailable
from shared.runtime import Permanent
from tests.filter.stories import story_with
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
    """The policy as the provider builds it, against the stub, with waits of 10 ms at most."""
    settings = ModerationSettings(api_key="sk-test", base_url=f"{url}/v1", **kw)
    call = settings.policy("openai moderation")
    call.backoff_s = 0.01
    return openai_provider.make(settings, Kit(policy=call))


async def test_only_unpublishable_categories_become_findings_in_our_words() -> None:
    text = "He stabbed the door. The thing described the girl's body. The voice listed the pills."
    flags = {
        "stabbed": "violence",
        "girl's body": "sexual/minors",
        "pills": "self-harm/instructions",
    }
    async with StubAPI([Reply(body=moderation(flags))]) as api:
        found = await policy(api.url, model="omni-test").check(story_with(text))
    assert {(f.category, f.scene, f.policy, f.phrase) for f in found} == {
        ("minors", 1, "openai-moderation", text),
        ("self-harm", 1, "openai-moderation", text),
    }
    (request,) = api.seen
    assert request.path == "/v1/moderations" and request.body["model"] == "omni-test"
    assert text in request.body["input"]  # three sentences: read as one window, in context


@pytest.mark.parametrize(
    ("theirs", "ours"),
    [
        ("sexual", "sexual"),
        ("illicit/violent", "violence-instructions"),
        ("self-harm/intent", "self-harm"),
        ("hate/threatening", "hate"),
    ],
)
async def test_their_categories_map_onto_the_taxonomy(theirs: str, ours: str) -> None:
    async with StubAPI([Reply(body=moderation({"cellar": theirs}))]) as api:
        found = await policy(api.url).check(story_with("Down in the cellar it waited."))
    assert [(f.category, f.score) for f in found] == [(ours, 0.9)]


async def test_a_long_scene_is_read_in_windows_of_three_sentences() -> None:
    text = "One. Two words. Three here. Four is bad. Five. Six."
    async with StubAPI([Reply(body=moderation({"Four": "hate"}))]) as api:
        found = await policy(api.url).check(story_with(text))
    assert [f.phrase for f in found] == [
        "Two words. Three here. Four is bad.",
        "Three here. Four is bad. Five.",
        "Four is bad. Five. Six.",
    ]


async def test_sure_graphic_violence_is_torture_unless_extreme_gore_is_allowed() -> None:
    flags = {"entrails": "violence/graphic"}
    story = story_with("The entrails hung from the branches.")
    async with StubAPI([Reply(body=moderation(flags))] * 2) as api:
        assert [f.category for f in await policy(api.url).check(story)] == ["torture"]
        assert await policy(api.url, gore_level="extreme").check(story) == []


async def test_graphic_violence_the_model_is_unsure_of_is_the_genre() -> None:
    def unsure(request: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = moderation({"entrails": "violence/graphic"})(request)
        for text, result in zip(request["input"], answer["results"], strict=True):
            if "entrails" in text:
                result["category_scores"]["violence/graphic"] = 0.55
        return answer

    story = story_with("The entrails hung from the branches.")
    async with StubAPI([Reply(body=unsure)]) as api:
        assert await policy(api.url).check(story) == []


async def test_a_bad_key_fails_the_job_and_an_outage_is_retried_later() -> None:
    error = {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}
    async with StubAPI([Reply(401, error)]) as api:
        with pytest.raises(ProviderRefused, match="openai moderation: HTTP 401"):
            await policy(api.url).check(story_with("Nothing moved."))
    assert len(api.seen) == 1 and issubclass(ProviderRefused, Permanent)
    fast = {"retry-after-ms": "10"}
    async with StubAPI([Reply(503, error, fast)] * 4) as api:
        with pytest.raises(ProviderUnavailable, match="after 3 attempts"):  # the runtime retries
            await policy(api.url, attempts=3).check(story_with("Nothing moved."))
    assert len(api.seen) == 3  # the call policy's attempts, none of the SDK's own
    async with StubAPI([Reply(429, error, fast), Reply(body=moderation({}))]) as api:
        assert await policy(api.url).check(story_with("Nothing moved.")) == []
    assert len(api.seen) == 2


async def test_an_answer_with_too_few_results_is_asked_again() -> None:
    def short(request: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = moderation({})(request)
        return answer | {"results": answer["results"][:-1]}

    story = story_with("The pills rattled in the jar.")
    async with StubAPI([Reply(body=short), Reply(body=moderation({"pills": "hate"}))]) as api:
        found = await policy(api.url).check(story)
    assert [f.category for f in found] == ["hate"] and len(api.seen) == 2
    async with StubAPI([Reply(body=short)] * 2) as api:
        with pytest.raises(ProviderUnavailable, match="unusable answer"):
            await policy(api.url, attempts=2).check(story)


def names(**kw: Any) -> list[str]:
    base = {"openai_api_key": None, "api_key": None, "openai_base_url": None}
    return [p.name for p in make_policies(ModerationSettings(**(base | kw)))]


def test_moderation_runs_only_with_a_key_meant_for_openai() -> None:
    assert names() == ["rules", "offline"]
    assert names(openai_api_key="sk-x")[-1] == "openai-moderation"
    # a key for a local OpenAI-compatible server is not sent to OpenAI's moderation endpoint
    assert names(openai_api_key="ollama", openai_base_url="http://127.0.0.1:11434/v1") == [
        "rules",
        "offline",
    ]
    assert names(api_key="sk-m", openai_base_url="http://127.0.0.1:1/v1")[-1] == (
        "openai-moderation"
    )
    assert names(openai_api_key="sk-x", openai=False, offline=False) == ["rules"]


def test_the_old_environment_variables_still_choose_and_key_the_policies(monkeypatch) -> None:
    for name in ("MODERATION_API_KEY", "OPENAI_BASE_URL", "MODERATION_POLICIES"):
        monkeypatch.delenv(f"GRIMREEL_{name}", raising=False)
    monkeypatch.setenv("GRIMREEL_OPENAI_API_KEY", "sk-x")
    monkeypatch.setenv("GRIMREEL_MODERATION_SEMANTIC", "false")
    assert [p.name for p in make_policies()] == ["rules", "openai-moderation"]
    monkeypatch.setenv("GRIMREEL_MODERATION_OPENAI", "false")
    assert [p.name for p in make_policies()] == ["rules"]


def test_naming_openai_without_a_key_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="GRIMREEL_MODERATION_API_KEY"):
        names(policies=["rules", "openai"])
