"""Schedules with a topic_prompt: a topic invented per tick, offline by a seeded grammar or by
the hosted model (real SDKs against a local stub of each API), checked like any topic."""

import pytest

from services.scheduler.inventor import make_inventor, seed_for
from services.scheduler.inventors.offline import themes_of
from services.scheduler.scheduler import Scheduler
from shared.config import ConfigError
from shared.runtime.memory_bus import MemoryBus
from shared.state.memory import MemoryState
from tests.scheduler.conftest import T0, Clock, schedule
from tests.story.dialects import _chat, _message
from tests.story.stub_api import Reply, StubAPI

PROMPT = "folk horror in a snowed-in village"


async def test_offline_invents_varied_topics_from_the_prompts_themes() -> None:
    inventor = make_inventor("offline")
    assert set(themes_of(PROMPT)) == {"folk", "winter"}
    topics = [await inventor.invent(PROMPT, seed_for("s1", T0 + 60 * i)) for i in range(40)]
    assert len(set(topics)) >= 35, topics
    assert all(8 <= len(t.split()) <= 30 for t in topics)
    assert await inventor.invent(PROMPT, 7) == await inventor.invent(PROMPT, 7)
    hospital = await inventor.invent("something in a hospital at night", 3)
    assert any(w in hospital for w in ("nurse", "porter", "morgue", "doctor", "hospice", "guard"))


async def test_a_schedule_with_a_prompt_makes_one_invented_topic_per_tick(bus) -> None:
    s = schedule(cron="* * * * *", topics=None, topic_prompt=PROMPT)
    clock = Clock(T0)
    sched = Scheduler(bus, MemoryState(), clock=clock, inventor=make_inventor("offline"))
    await sched.store.add(s)
    topics = []
    for _ in range(3):
        clock.now += 60
        topics += [job.spec["topic"] for job in await sched.poll()]
    assert len(topics) == 3 and len(set(topics)) == 3


async def test_openai_is_asked_with_the_prompt_and_its_answer_cleaned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer = 'Topic: "A bell-ringer hears the church bell toll from under the frozen lake."'
    reply = Reply(body=_chat({"role": "assistant", "content": answer, "refusal": None}))
    async with StubAPI([Reply(status=429, headers={"retry-after": "0"}), reply]) as api:
        monkeypatch.setenv("GRIMREEL_OPENAI_BASE_URL", api.url)
        monkeypatch.setenv("GRIMREEL_STORY_MODEL", "story-model")
        topic = await make_inventor("openai").invent(PROMPT, 42)
    assert topic == "A bell-ringer hears the church bell toll from under the frozen lake"
    assert len(api.seen) == 2  # the 429 was retried by the call policy
    sent = api.seen[-1].body
    assert sent["model"] == "story-model" and sent["seed"] == 42
    assert PROMPT in sent["messages"][1]["content"]
    assert "one premise" in sent["messages"][0]["content"]


async def test_anthropic_is_asked_and_an_unusable_answer_is_a_noted_tick(
    monkeypatch: pytest.MonkeyPatch, bus: MemoryBus
) -> None:
    good = _message(
        [{"type": "text", "text": "A ferryman counts one passenger too many."}], "end_turn"
    )
    empty = _message([{"type": "text", "text": "  "}], "end_turn")
    async with StubAPI([Reply(body=good), Reply(body=empty)]) as api:
        monkeypatch.setenv("GRIMREEL_ANTHROPIC_API_KEY", "sk-ant-test")
        monkeypatch.setenv("GRIMREEL_ANTHROPIC_BASE_URL", api.url)
        inventor = make_inventor("anthropic")
        assert await inventor.invent(PROMPT, 1) == "A ferryman counts one passenger too many"
        assert api.seen[0].path.endswith("/v1/messages")
        assert PROMPT in api.seen[0].body["messages"][0]["content"]
        s = schedule(cron="* * * * *", topics=None, topic_prompt=PROMPT)
        clock = Clock(T0)
        sched = Scheduler(bus, MemoryState(), clock=clock, inventor=inventor)
        await sched.store.add(s)
        clock.now += 60
        assert await sched.poll() == []
    error = (await sched.store.status(s.id))["last_error"]
    assert "anthropic topic provider" in error and "no usable topic" in error


def test_a_hosted_inventor_without_its_key_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for var in ("GRIMREEL_OPENAI_API_KEY", "GRIMREEL_OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ConfigError, match="GRIMREEL_OPENAI_API_KEY"):
        make_inventor("openai")
    with pytest.raises(ConfigError, match="no topic provider named 'nope'"):
        make_inventor("nope")


def test_a_harmful_topic_prompt_is_refused_when_the_schedule_is_made() -> None:
    with pytest.raises(ValueError, match="topic_prompt is not allowed"):
        schedule(topics=None, topic_prompt="sexual stories about children")


async def test_stored_schedules_are_not_judged_again_on_every_poll(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from shared.schedules import model
    from shared.schedules.store import schedules_for

    store = schedules_for(MemoryState())
    await store.add(schedule(topics=["the orchard keeper"]))
    await store.add(schedule(topics=None, topic_prompt=PROMPT))

    def judged(text: str) -> list:
        raise AssertionError(f"judged again on read: {text!r}")

    monkeypatch.setattr(model, "judge_topic", judged)
    assert len(await store.all()) == 2  # read back as they were judged when made
    with pytest.raises(ValueError, match="judged again"):
        schedule(topics=["a new topic"])  # a schedule being made is still judged
