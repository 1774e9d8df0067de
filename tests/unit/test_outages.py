"""A dependency outage is a wait, not a failure; lost state is healed or reported.

``FlakyState`` is the in-memory store with an off switch: while it is "down" every call raises
ConnectionError, as redis-py does when Redis restarts. The runtime must hold the work, probe,
and carry on, spending no delivery attempt and failing no job.
"""

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from shared import timeline
from shared.config import Settings
from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime import Context
from shared.runtime.hosting import Runtime
from shared.runtime.memory_bus import MemoryBus
from shared.runtime.outage import Dependency, guard
from shared.runtime.stub_stages import build_stub_stages
from shared.state.memory import MemoryState

SETTINGS = Settings(retry_delays_s=[0.01, 0.02], max_attempts=2)


class FlakyState(MemoryState):
    outage_errors = (ConnectionError,)

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.refused = 0

    def __getattribute__(self, name: str) -> Any:
        attr = super().__getattribute__(name)
        if name.startswith("_") or name == "ping" or not inspect.iscoroutinefunction(attr):
            return attr

        async def call(*args: Any, **kwargs: Any) -> Any:
            if super(FlakyState, self).__getattribute__("down"):
                self.refused += 1
                raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
            return await attr(*args, **kwargs)

        return call

    async def ping(self) -> bool:
        return not self.down

    def lose_everything(self) -> None:
        """What a Redis without persistence looks like after a restart."""
        self._jobs.clear()
        self._timeline.clear()
        self._parts.clear()
        self._claims.clear()


async def final(state: MemoryState, job_id: str, timeout: float = 10.0) -> str:
    async with asyncio.timeout(timeout):
        while True:
            try:
                job = await state.get(job_id)
            except ConnectionError:  # the test reads the store too; it may be "down" now
                job = None
            if job is not None and job.final:
                return job.status
            await asyncio.sleep(0.01)


async def run_with(state: FlakyState, hook: Callable[..., Any], scenes: int = 3) -> Runtime:
    rt = Runtime(MemoryBus(), state, SETTINGS, build_stub_stages(scenes=scenes, hook=hook))
    rt.state_dependency.first_wait_s = 0.02
    await rt.start()
    return rt


async def test_a_state_outage_mid_job_is_waited_out_and_no_attempt_is_spent() -> None:
    state = FlakyState()
    outage_done = asyncio.Event()

    async def come_back() -> None:
        await asyncio.sleep(0.3)
        state.down = False
        outage_done.set()

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        if name == "tts" and not outage_done.is_set() and not state.down:
            state.down = True  # Redis goes away while scenes are being narrated
            asyncio.get_running_loop().create_task(come_back())

    rt = await run_with(state, hook)
    try:
        job = await submit(rt.bus, state, JobSpec(topic="a quiet house"))
        assert await final(state, job.job_id) == "completed"
    finally:
        await rt.stop(grace_s=1)
    assert state.refused > 0 and rt.state_dependency.outages == 1
    done = await state.get(job.job_id)
    assert done is not None and done.attempts == 0
    events = timeline.read(await state.timeline(job.job_id))
    assert not [e for e in events if e.event in (timeline.RETRY, timeline.FAILED)]


async def test_a_job_whose_state_was_lost_before_the_scenes_is_re_created_from_its_request() -> (
    None
):
    state = FlakyState()
    wiped = False

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        nonlocal wiped
        if name == "story" and not wiped:
            wiped = True
            state.lose_everything()  # the draft carries the request: filter re-creates the job

    rt = await run_with(state, hook)
    try:
        job = await submit(rt.bus, state, JobSpec(topic="a quiet house"))
        assert await final(state, job.job_id) == "completed"
    finally:
        await rt.stop(grace_s=1)
    events = timeline.read(await state.timeline(job.job_id))
    assert any(e.event == "recovered" and "state lost" in (e.reason or "") for e in events)


async def test_a_message_that_cannot_rebuild_its_job_fails_it_with_the_reason() -> None:
    state = FlakyState()

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        if name == "render":
            state.lose_everything()  # video.rendered carries no request to rebuild from

    rt = await run_with(state, hook)
    try:
        job = await submit(rt.bus, state, JobSpec(topic="a quiet house"))
        assert await final(state, job.job_id) == "failed"
        failed = rt.bus.outside["job.failed"]  # type: ignore[attr-defined]
    finally:
        await rt.stop(grace_s=1)
    lost = await state.get(job.job_id)
    assert lost is not None and lost.error is not None
    assert lost.error.startswith("state lost: no record of this job when video.rendered")
    assert [e.data["job_id"] for e in failed] == [job.job_id]


async def test_state_lost_mid_fan_out_fails_the_job_since_its_parts_are_gone() -> None:
    state = FlakyState()
    wiped = False

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        nonlocal wiped
        if name == "tts" and msg.scene.index == 1 and not wiped:
            wiped = True
            state.lose_everything()  # scene 0's parts may be recorded already: now gone

    rt = await run_with(state, hook)
    try:
        job = await submit(rt.bus, state, JobSpec(topic="a quiet house"))
        assert await final(state, job.job_id) == "failed"
    finally:
        await rt.stop(grace_s=1)
    lost = await state.get(job.job_id)
    assert lost is not None and (lost.error or "").startswith("state lost: no record of this job")


async def test_an_adapter_without_outages_is_not_wrapped() -> None:
    plain = MemoryState()
    assert guard(plain, Dependency("state", plain.ping, plain.outage_errors)) is plain


async def test_calls_during_an_outage_wait_and_then_run_once() -> None:
    flaky = FlakyState()
    dependency = Dependency("state", flaky.ping, flaky.outage_errors, first_wait_s=0.01)
    state = guard(flaky, dependency)
    flaky.down = True

    async def restore() -> None:
        await asyncio.sleep(0.1)
        flaky.down = False

    restoring = asyncio.create_task(restore())
    assert await state.get("nope") is None  # waited, then answered
    await restoring
    assert not dependency.up or dependency.outages == 1
    assert flaky.refused == 1  # one refused call, then it waited instead of hammering
