"""The openai and anthropic story providers through their real SDKs against a stub API on
127.0.0.1, built the way the stage builds them (registry, provider settings, call policy).

Every case ends as the right thing for the stage runtime: a Story, a retry here, an ordinary
exception (the runtime retries later) or Permanent (the job fails with the reason).
"""

import asyncio
import time

import pytest

from services.story.bootstrap import PROVIDERS
from services.story.engine.writer import OfflineWriter
from services.story.settings import StorySettings
from services.story.writer import Writer
from shared.messages.job import JobSpec
from shared.providers import Kit, ProviderUnavailable, find
from shared.quality import WORDS_PER_MINUTE, check_quality
from shared.runtime import Permanent
from tests.story.dialects import ANTHROPIC, OPENAI, Dialect
from tests.story.stub_api import Reply, StubAPI

SPEC = JobSpec(topic="a lighthouse keeper hears knocking from below", duration_s=45, seed=7)
FAST = {"model": "stub-model", "attempts": 3, "backoff_s": 0.01, "max_wait_s": 5.0, "timeout_s": 2}


def good_draft(spec: JobSpec = SPEC) -> dict:
    """What a model that follows the prompt would answer: the offline story, as a draft."""
    story = OfflineWriter().compose(spec)
    scenes = [
        {"narration": s.narration, "image_prompt": s.image_prompt.split(",")[0], "mood": s.mood}
        for s in story.scenes
    ]
    return {"title": story.title, "hook": story.hook, "scenes": scenes}


def writer(dialect: Dialect, url: str, **story: object) -> Writer:
    """The provider pointed at the stub; story overrides the fast test settings."""
    cs = StorySettings(provider=dialect.name, **(FAST | story))  # type: ignore[arg-type]
    base_url = f"{url}/v1" if dialect is OPENAI else url
    connection = {"api_key": "sk-test", "base_url": base_url, "story": cs}
    return find("story", dialect.name, PROVIDERS).create(Kit(policy=cs.policy()), connection)


DIALECTS = pytest.mark.parametrize("dialect", [OPENAI, ANTHROPIC], ids=lambda d: d.name)


@DIALECTS
async def test_a_good_answer_becomes_a_story_that_passes_the_quality_check(dialect) -> None:
    spec = SPEC.model_copy(update={"language": "de", "style": "oil painting, candlelight"})
    draft = good_draft()
    async with StubAPI([dialect.good(draft)]) as api:
        story = await writer(dialect, api.url).write(spec, feedback=[], round_=0)
    assert [s.index for s in story.scenes] == list(range(len(draft["scenes"])))
    assert story.language == "de" and story.title == draft["title"]
    assert all(s.image_prompt.endswith(", oil painting, candlelight") for s in story.scenes)
    assert check_quality(story, spec, WORDS_PER_MINUTE) == []
    (request,) = api.seen
    assert request.path == dialect.path
    prompt = dialect.user_prompt(request.body)
    assert spec.topic in prompt and "German (de)" in prompt and "oil painting" in prompt


async def test_openai_asks_for_strict_structured_output() -> None:
    async with StubAPI([OPENAI.good(good_draft())]) as api:
        await writer(OPENAI, api.url).write(SPEC, feedback=["scene 2 repeats scene 1"], round_=1)
    body = api.seen[0].body
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert body["seed"] == 7 and body["model"] == "stub-model"
    assert "temperature" not in body  # left to the model unless configured
    assert "- scene 2 repeats scene 1" in OPENAI.user_prompt(body)


async def test_anthropic_forces_the_story_tool() -> None:
    async with StubAPI([ANTHROPIC.good(good_draft())]) as api:
        await writer(ANTHROPIC, api.url, temperature=0.8).write(SPEC, feedback=[], round_=0)
    body = api.seen[0].body
    assert body["tool_choice"] == {"type": "tool", "name": "write_story"}
    (tool,) = body["tools"]
    assert "$ref" not in str(tool["input_schema"]) and "scenes" in tool["input_schema"]["required"]
    assert body["temperature"] == 0.8 and body["max_tokens"] == 4096
    assert "horror" in body["system"]


@DIALECTS
async def test_a_malformed_answer_is_asked_again_with_what_was_wrong(dialect) -> None:
    draft = good_draft()
    async with StubAPI([dialect.malformed(draft), dialect.good(draft)]) as api:
        story = await writer(dialect, api.url).write(SPEC, feedback=[], round_=0)
    assert len(story.scenes) == len(draft["scenes"])
    assert len(api.seen) == 2
    assert "did not fill in the required structure" in dialect.user_prompt(api.seen[1].body)


@DIALECTS
async def test_two_malformed_answers_end_as_a_retryable_error(dialect) -> None:
    draft = good_draft()
    async with StubAPI([dialect.malformed(draft), dialect.malformed(draft)]) as api:
        with pytest.raises(ProviderUnavailable, match="no usable story in 2 answers: malformed"):
            await writer(dialect, api.url).write(SPEC, feedback=[], round_=0)
    assert len(api.seen) == 2


@DIALECTS
async def test_a_refusal_is_asked_once_more_then_fails_the_job(dialect) -> None:
    async with StubAPI([dialect.refusal(), dialect.good(good_draft())]) as api:
        await writer(dialect, api.url).write(SPEC, feedback=[], round_=0)
    assert "refusal" in dialect.user_prompt(api.seen[1].body)
    async with StubAPI([dialect.refusal(), dialect.refusal()]) as api:
        with pytest.raises(Permanent, match="refusal"):
            await writer(dialect, api.url).write(SPEC, feedback=[], round_=0)
    assert len(api.seen) == 2


@DIALECTS
async def test_an_empty_answer_twice_is_a_retryable_error(dialect) -> None:
    async with StubAPI([dialect.empty(), dialect.empty()]) as api:
        with pytest.raises(ProviderUnavailable, match="empty"):
            await writer(dialect, api.url).write(SPEC, feedback=[], round_=0)
    assert len(api.seen) == 2


@DIALECTS
async def test_429_waits_as_long_as_retry_after_says(dialect) -> None:
    replies = [dialect.error(429, {"retry-after": "1"}), dialect.good(good_draft())]
    async with StubAPI(replies) as api:
        await writer(dialect, api.url).write(SPEC, feedback=[], round_=0)
    assert len(api.seen) == 2 and api.gaps()[0] >= 0.95


@DIALECTS
async def test_a_retry_after_beyond_the_bound_is_left_to_the_runtime(dialect) -> None:
    async with StubAPI([dialect.error(429, {"retry-after": "3600"})]) as api:
        started = time.monotonic()
        with pytest.raises(ProviderUnavailable, match="HTTP 429"):
            await writer(dialect, api.url).write(SPEC, feedback=[], round_=0)
    assert time.monotonic() - started < 2 and len(api.seen) == 1


@DIALECTS
async def test_server_errors_are_retried_then_reported(dialect) -> None:
    replies = [dialect.error(500), dialect.error(503), dialect.good(good_draft())]
    async with StubAPI(replies) as api:
        await writer(dialect, api.url).write(SPEC, feedback=[], round_=0)
    assert len(api.seen) == 3
    async with StubAPI([dialect.error(500)] * 3) as api:
        with pytest.raises(ProviderUnavailable, match=r"HTTP 500.*after 3 attempts"):
            await writer(dialect, api.url).write(SPEC, feedback=[], round_=0)
    assert not isinstance(ProviderUnavailable("x"), Permanent)


@DIALECTS
async def test_a_timeout_is_retried(dialect) -> None:
    slow = dialect.good(good_draft())
    slow.delay_s = 3.0
    async with StubAPI([slow, dialect.good(good_draft())]) as api:
        w = writer(dialect, api.url, timeout_s=0.5)
        story = await asyncio.wait_for(w.write(SPEC, feedback=[], round_=0), 10)
    assert story.scenes and len(api.seen) == 2


@DIALECTS
@pytest.mark.parametrize("status", [401, 403, 404])
async def test_auth_and_bad_requests_fail_at_once_and_for_good(dialect, status) -> None:
    async with StubAPI([dialect.error(status), dialect.good(good_draft())]) as api:
        with pytest.raises(Permanent, match=f"HTTP {status}") as caught:
            await writer(dialect, api.url).write(SPEC, feedback=[], round_=0)
    assert len(api.seen) == 1
    if status in (401, 403):
        assert f"GRIMREEL_{dialect.name.upper()}_API_KEY" in str(caught.value)
    assert "sk-test" not in str(caught.value)


async def test_openai_answer_cut_off_at_the_token_limit_is_malformed() -> None:
    cut = OPENAI.good(good_draft())
    cut.body["choices"][0]["finish_reason"] = "length"
    async with StubAPI([cut, OPENAI.good(good_draft())]) as api:
        await writer(OPENAI, api.url).write(SPEC, feedback=[], round_=0)
    assert "cut off" in OPENAI.user_prompt(api.seen[1].body)


@DIALECTS
async def test_a_body_that_is_not_json_at_all_is_asked_again(dialect) -> None:
    async with StubAPI([Reply(body="<html>bad gateway"), dialect.good(good_draft())]) as api:
        story = await writer(dialect, api.url).write(SPEC, feedback=[], round_=0)
    assert story.scenes and len(api.seen) == 2
