"""Two schedulers on one Redis fire each tick once; a restart after downtime follows the
schedule's missed-tick policy. The clock is the test's; Redis is real (db 15)."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from services.scheduler.firing import job_id_for
from services.scheduler.scheduler import Scheduler
from shared.runtime.memory_bus import MemoryBus
from shared.schedules.store import RedisSchedules
from shared.state.redis import RedisState
from tests.conftest import REDIS_URL, require
from tests.scheduler.conftest import T0, Clock, requested, schedule

pytestmark = pytest.mark.integration  # real Redis
FIVE_MIN = 300.0
NINE = T0 + 30  # 09:00:00


def after_tick(k: int) -> float:
    """30 s after the k-th five-minute tick from 09:00: on time (grace is 60 s)."""
    return NINE + k * FIVE_MIN + 30


@pytest.fixture
async def redis_states() -> AsyncIterator[list[RedisState]]:
    require("127.0.0.1", 6379, "Redis")
    made = [RedisState(REDIS_URL), RedisState(REDIS_URL)]  # two connection pools: two processes
    yield made
    for s in made:
        await s.close()


def on(bus: MemoryBus, state: RedisState, clock: Clock, prefix: str) -> Scheduler:
    """A scheduler over its own connection; the test's key prefix keeps parallel tests apart."""
    return Scheduler(bus, state, clock=clock, store=RedisSchedules(state.r, prefix))


@pytest.fixture
def prefix() -> str:
    return f"test-schedule-{uuid.uuid4().hex[:8]}"


async def test_two_schedulers_fire_each_tick_exactly_once(
    redis_states, bus: MemoryBus, prefix: str
) -> None:
    clock = Clock()
    a, b = (on(bus, st, clock, prefix) for st in redis_states)
    s = schedule()
    assert await a.store.add(s)
    try:
        fired: list[str] = []
        for k in range(6):  # 09:00, 09:05, … 09:25: each polled by both at the same moment
            clock.now = after_tick(k)
            for jobs in await asyncio.gather(a.poll(), b.poll(), a.poll(), b.poll()):
                fired += [j.job_id for j in jobs]
        assert len(fired) == 6 and len(set(fired)) == 6
        assert requested(bus) == 6
        topics = [(await a.state.get(j)).spec["topic"] for j in fired]  # type: ignore[union-attr]
        assert topics == ["the lighthouse knocks", "a door in the cornfield"] * 3  # in turn
        status = await b.store.status(s.id)
        assert status["last_job_id"] == fired[-1] and status["last_error"] == ""
    finally:
        await a.store.delete(s.id)


@pytest.mark.parametrize(("policy", "expected"), [("skip", 0), ("latest", 1), ("all", 3)])
async def test_ticks_missed_while_down_follow_the_policy(
    redis_states, bus: MemoryBus, prefix: str, policy: str, expected: int
) -> None:
    clock = Clock()
    s = schedule(missed=policy, missed_cap=3)
    first = on(bus, redis_states[0], clock, prefix)
    await first.store.add(s)
    try:
        clock.now = after_tick(0)  # 09:00:30: the 09:00 tick, on time
        assert len(await first.poll()) == 1
        # down from 09:00:30 to 09:32:00: 09:05 … 09:30 (six ticks) pass with no scheduler
        clock.now = NINE + 32 * 60
        restarted = on(bus, redis_states[1], clock, prefix)
        fired = await restarted.poll()
        assert len(fired) == expected
        if policy == "latest":
            assert fired[0].job_id == job_id_for(s, clock.now - 120)  # the 09:30 tick
        assert await restarted.poll() == [] and requested(bus) == 1 + expected
        clock.now = after_tick(7)  # 09:35:30: on time again whatever the policy
        assert len(await restarted.poll()) == 1
    finally:
        await first.store.delete(s.id)


async def test_a_submit_that_fails_gives_the_tick_back(redis_states, prefix: str) -> None:
    clock = Clock()
    unbound = MemoryBus()  # no queues declared: job.requested is unroutable
    sched = on(unbound, redis_states[0], clock, prefix)
    s = schedule()
    await sched.store.add(s)
    try:
        clock.now = after_tick(0)
        with pytest.raises(Exception, match="no queue"):
            await sched.poll()
        await unbound.declare(["story"])
        retried = await sched.poll()
        assert [j.job_id for j in retried] == [job_id_for(s, NINE)]
        assert retried[0].idempotency_key == f"schedule:{s.id}:{NINE:.0f}"
    finally:
        await sched.store.delete(s.id)


async def test_a_scheduler_killed_after_its_claim_does_not_lose_the_tick(
    redis_states, prefix: str
) -> None:
    """The dead one claimed 09:00 and never fired it: the live one leaves `checked` before the
    tick while the claim holds, and fires it once the claim lapses, with the tick's own job id
    (so a submit the dead one did land would be found, not made twice)."""
    clock, bus = Clock(), MemoryBus()
    await bus.declare(["story"])
    live = Scheduler(bus, redis_states[0], clock=clock,
                     store=RedisSchedules(redis_states[0].r, prefix, firing_s=1))  # fmt: skip
    s = schedule()
    await live.store.add(s)
    try:
        clock.now = after_tick(0)
        assert await live.store.claim(s.id, NINE) == "ok"  # the dead scheduler's claim
        assert await live.poll() == []
        assert await live.poll() == []  # still held: not lost, not fired twice
        await asyncio.sleep(1.3)
        clock.now = after_tick(0) + 2  # within grace: a missed tick would be skipped
        fired = await live.poll()
        assert [j.job_id for j in fired] == [job_id_for(s, NINE)]
        assert await live.store.claim(s.id, NINE) == "done"
        assert await live.poll() == []
        assert requested(bus) == 1
    finally:
        await live.store.delete(s.id)


async def test_the_memory_store_lets_a_lapsed_claim_go_and_keeps_a_fired_one() -> None:
    from shared.schedules.store import MemorySchedules

    store = MemorySchedules(firing_s=0.2)
    assert await store.claim("s", 1.0) == "ok"
    assert await store.claim("s", 1.0) == "firing"
    await asyncio.sleep(0.25)
    assert await store.claim("s", 1.0) == "ok"  # the first claimer died
    await store.fired("s", 1.0)
    await asyncio.sleep(0.25)
    assert await store.claim("s", 1.0) == "done"
    await store.release("s", 2.0)  # releasing an unclaimed tick is harmless
    assert await store.claim("s", 2.0) == "ok"
