"""The runtime's queue metrics: depth per queue, wait before handling, dead letters by cause."""

import asyncio
from typing import Any

from prometheus_client import REGISTRY

from shared import topology
from shared.codec import wrap
from shared.config import Settings
from shared.jobs import submit
from shared.messages import JobRequested, JobSpec
from shared.runtime import Context
from shared.runtime.errors import Permanent
from shared.runtime.hosting import Runtime
from shared.runtime.memory_bus import MemoryBus
from shared.runtime.queue_watch import read_once, watched
from shared.runtime.stub_stages import build_stub_stages
from shared.state.memory import MemoryState
from tests.unit.test_memory_runtime import SETTINGS, wait_final


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_waiting_messages_are_counted_per_queue_and_dead_letters_too() -> None:
    bus = MemoryBus()
    await bus.declare(["story", "filter"])
    for i in range(3):
        msg = JobRequested(job_id=f"job{i}", spec=JobSpec(topic=f"a door number {i}"))
        await bus.publish(wrap(msg, source="test"))
    await read_once(bus, watched(["story", "filter"]))
    assert sample("grimreel_queue_messages", queue=topology.queue_name("story")) == 3
    assert sample("grimreel_queue_messages", queue=topology.queue_name("filter")) == 0
    assert sample("grimreel_queue_messages", queue=topology.DEAD_LETTER_QUEUE) == 0


async def test_a_message_that_sat_in_its_queue_is_measured_from_its_publication() -> None:
    bus, state = MemoryBus(), MemoryState()
    stages = build_stub_stages(scenes=2)
    before = sample("grimreel_queue_wait_seconds_sum", stage="story")
    await bus.declare([s.name for s in stages])
    job = await submit(bus, state, JobSpec(topic="a slow lift"))  # no consumer yet: it waits
    await asyncio.sleep(0.3)
    runtime = Runtime(bus, state, SETTINGS, stages)
    await runtime.start()
    try:
        assert await wait_final(state, job.job_id) == "completed"
    finally:
        await runtime.stop(grace_s=1)
    assert sample("grimreel_queue_wait_seconds_sum", stage="story") - before >= 0.3


async def test_a_permanent_failure_is_counted_with_its_cause() -> None:
    async def refuse(name: str, msg: Any, ctx: Context) -> None:
        if name == "render":
            raise Permanent("the encoder refuses this picture size")

    bus, state = MemoryBus(), MemoryState()
    runtime = Runtime(bus, state, Settings(retry_delays_s=[0.01]), build_stub_stages(hook=refuse))
    await runtime.start()
    before = sample("grimreel_dead_letters_total", stage="render", cause="permanent")
    try:
        job = await submit(bus, state, JobSpec(topic="a mirror that lags"))
        assert await wait_final(state, job.job_id) == "failed"
    finally:
        await runtime.stop(grace_s=1)
    assert sample("grimreel_dead_letters_total", stage="render", cause="permanent") == before + 1
