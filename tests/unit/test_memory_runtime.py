"""The runtime on the in-memory bus: a job through six stages, duplicates, retries, DLQ."""

import asyncio
import json
from typing import Any

import pytest

from shared.codec import encode, wrap
from shared.config import Settings
from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime import Context
from shared.runtime.bus import REASON_HEADER
from shared.runtime.hosting import Runtime
from shared.runtime.memory_bus import MemoryBus
from shared.runtime.stub_stages import build_stub_stages
from shared.state.memory import MemoryState

SETTINGS = Settings(retry_delays_s=[0.01, 0.02], max_attempts=3)


async def wait_final(state: MemoryState, job_id: str, timeout: float = 5.0) -> str:
    async with asyncio.timeout(timeout):
        while True:
            job = await state.get(job_id)
            if job and job.final:
                return job.status
            await asyncio.sleep(0.005)


@pytest.fixture
async def pipeline():
    made: list[Runtime] = []

    async def make(**kw: Any) -> tuple[Runtime, MemoryBus, MemoryState]:
        bus, state = MemoryBus(), MemoryState()
        rt = Runtime(bus, state, kw.pop("settings", SETTINGS), build_stub_stages(**kw))
        await rt.start()
        made.append(rt)
        return rt, bus, state

    yield make
    for rt in made:
        await rt.stop(grace_s=1)


async def test_a_job_passes_all_six_stages_and_completes(pipeline) -> None:
    seen: list[str] = []

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        seen.append(name)

    _, bus, state = await pipeline(scenes=3, hook=hook)
    job = await submit(bus, state, JobSpec(topic="a quiet house"))
    assert await wait_final(state, job.job_id) == "completed"
    assert seen.count("tts") == 3 and seen.count("visual") == 3
    assert seen.count("render") == 1 and seen.count("notify") == 1
    assert [e.data["job_id"] for e in bus.outside["job.completed"]] == [job.job_id]
    done = await state.get(job.job_id)
    assert done is not None and done.progress == 100.0 and done.outputs == {"video": "v"}
    stages = [e["stage"] for e in await state.timeline(job.job_id) if e.get("event") == "done"]
    assert stages[0] == "story" and stages[-1] == "notify"


async def test_every_message_delivered_twice_still_gives_one_completion(pipeline) -> None:
    renders: list[str] = []
    rt, bus, state = await pipeline(scenes=2)
    original = bus.publish

    async def twice(env):  # the bus is at-least-once: send every message two times
        await original(env)
        await original(env)

    bus.publish = twice  # type: ignore[method-assign]

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        if name == "render":
            renders.append(msg.job_id)

    rt.runners["render"].stage = build_stub_stages(2, hook)[4]
    job = await submit(bus, state, JobSpec(topic="a quiet house"))
    assert await wait_final(state, job.job_id) == "completed"
    await asyncio.sleep(0.2)
    assert len(bus.outside["job.completed"]) == 2  # one message, published twice by `twice`
    assert {e.id for e in bus.outside["job.completed"]} == {bus.outside["job.completed"][0].id}
    assert renders == [job.job_id]


async def test_a_failing_handler_is_retried_then_dead_lettered_and_the_job_fails(pipeline) -> None:
    calls: list[int] = []

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        if name == "tts" and msg.spec.topic == "cursed":
            calls.append(ctx.attempt)
            raise RuntimeError("voice engine exploded")

    _, bus, state = await pipeline(scenes=1, hook=hook)
    bad = await submit(bus, state, JobSpec(topic="cursed"))
    good = await submit(bus, state, JobSpec(topic="fine story"))
    assert await wait_final(state, bad.job_id) == "failed"
    assert await wait_final(state, good.job_id) == "completed"
    assert calls == [0, 1, 2]
    job = await state.get(bad.job_id)
    assert job is not None and "voice engine exploded" in (job.error or "")
    assert "after 3 attempts" in (job.error or "")
    assert len(bus.dead) == 1 and "voice engine exploded" in bus.dead[0].headers[REASON_HEADER]
    assert [e.data["reason"] for e in bus.outside["job.failed"]] == [job.error]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not JSON"),
        (json.dumps({"specversion": "1.0"}).encode(), "no 'type'"),
        (
            json.dumps(
                {"type": "grimreel.story.drafted.v9", "correlationid": "j", "data": {}}
            ).encode(),
            "unsupported major version v9",
        ),
        (
            json.dumps({"type": "grimreel.nothing.v1", "correlationid": "j", "data": {}}).encode(),
            "unknown message type",
        ),
    ],
)
async def test_undecodable_messages_are_dead_lettered_with_a_reason(pipeline, body, reason) -> None:
    _, bus, state = await pipeline()
    bus.inject("filter", body)
    async with asyncio.timeout(2):
        while not bus.dead:
            await asyncio.sleep(0.005)
    assert reason in bus.dead[0].headers[REASON_HEADER]


async def test_a_message_missing_a_field_fails_its_job_with_the_reason(pipeline) -> None:
    _, bus, state = await pipeline()
    job = await submit(bus, state, JobSpec(topic="a quiet house"))
    await wait_final(state, job.job_id)
    from shared.messages import StoryDrafted

    env = wrap(StoryDrafted(job_id="j2", spec=JobSpec(topic="xyz"), story=stub_story()), source="t")
    data = dict(env.data)
    del data["story"]
    from shared.state.base import JobRecord

    await state.create(JobRecord(job_id="j2"))
    bus.inject("filter", encode(env.model_copy(update={"data": data})))
    assert await wait_final(state, "j2") == "failed"
    j2 = await state.get("j2")
    assert j2 is not None and "story: Field required" in (j2.error or "")


def stub_story():
    from shared.messages import Scene, Story

    return Story(title="t", hook="h", scenes=[Scene(index=0, narration="n", image_prompt="p")])


async def test_cancelled_jobs_are_skipped_by_every_stage(pipeline) -> None:
    reached: list[str] = []
    gate = asyncio.Event()

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        reached.append(name)
        if name == "story":
            await gate.wait()

    _, bus, state = await pipeline(hook=hook)
    job = await submit(bus, state, JobSpec(topic="a quiet house"))
    async with asyncio.timeout(2):
        while "story" not in reached:
            await asyncio.sleep(0.005)
    assert await state.finish(job.job_id, "cancelled")
    gate.set()
    await asyncio.sleep(0.1)
    assert reached == ["story"]
    job2 = await state.get(job.job_id)
    assert job2 is not None and job2.status == "cancelled"


async def test_shutdown_hands_back_a_message_whose_handler_outlives_the_grace(pipeline) -> None:
    started = asyncio.Event()

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        if name == "story":
            started.set()
            await asyncio.sleep(30)

    rt, bus, state = await pipeline(hook=hook)
    await submit(bus, state, JobSpec(topic="a quiet house"))
    await asyncio.wait_for(started.wait(), 2)
    await rt.stop(grace_s=0.05)
    assert bus.queues["grimreel.story"].qsize() == 1  # handed back, not lost
    assert rt.inflight == 0


async def test_a_handler_stopped_by_cancellation_is_not_dead_lettered(pipeline) -> None:
    from shared.runtime import Cancelled

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        if name == "render":
            await ctx._state.finish(ctx.job_id, "cancelled")
            raise Cancelled("job was cancelled while rendering")

    _, bus, state = await pipeline(hook=hook)
    job = await submit(bus, state, JobSpec(topic="stop the render"))
    assert await wait_final(state, job.job_id) == "cancelled"
    await asyncio.sleep(0.05)
    assert bus.dead == [] and bus.outside["job.failed"] == []
    events = [e["event"] for e in await state.timeline(job.job_id) if e["stage"] == "render"]
    assert events == ["started", "cancelled"]


async def test_a_slow_handler_keeps_its_claim_so_a_duplicate_waits(pipeline) -> None:
    runs: list[str] = []

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        if name == "story":
            runs.append(ctx.message_id)
            await asyncio.sleep(0.6)  # four leases long: only the heartbeat keeps the claim

    _, bus, state = await pipeline(
        hook=hook, settings=Settings(retry_delays_s=[0.05], claim_lease_s=0.15)
    )
    original = bus.publish

    async def twice(env):
        await original(env)
        if env.kind == "job.requested":
            await asyncio.sleep(0.3)
            await original(env)

    bus.publish = twice  # type: ignore[method-assign]
    job = await submit(bus, state, JobSpec(topic="slow and steady"))
    assert await wait_final(state, job.job_id) == "completed"
    assert len(runs) == 1
