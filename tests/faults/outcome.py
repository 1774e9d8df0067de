"""What a fault run ended with, read from the places a user would look: each job's record and
timeline in Redis, the final events outside consumers (n8n) received, the dead-letter queue,
and the files in storage."""

import asyncio
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import aio_pika

from shared import timeline, topology
from shared.runtime import rabbit_topology as rt
from shared.state.base import JobRecord
from shared.state.redis import RedisState

POLL_S = 0.5


async def finals(url: str, job_ids: list[str], timeout: float) -> dict[str, JobRecord]:
    """Each job's record once final (jobs still running after ``timeout`` are missing)."""
    state = RedisState(url)
    deadline = time.monotonic() + timeout
    seen: dict[str, JobRecord] = {}
    try:
        while time.monotonic() < deadline and len(seen) < len(job_ids):
            for job_id in set(job_ids) - set(seen):
                try:
                    job = await state.get(job_id)
                except state.outage_errors:
                    break
                if job is not None and job.final:
                    seen[job_id] = job
            await asyncio.sleep(POLL_S)
    finally:
        await state.close()
    return seen


async def final_events_in_timelines(url: str, job_ids: Iterable[str]) -> dict[str, int]:
    """How many final-status events each job's timeline holds (one, or the job ended twice)."""
    state = RedisState(url)
    try:
        ends = (timeline.COMPLETED, timeline.FAILED, timeline.CANCELLED)
        return {
            job_id: sum(e.event in ends for e in timeline.read(await state.timeline(job_id)))
            for job_id in job_ids
        }
    finally:
        await state.close()


@dataclass
class Drained:
    finals: Counter[tuple[str, str]] = field(default_factory=Counter)  # (job id, kind) → count
    event_ids: dict[str, set[str]] = field(default_factory=dict)  # job id → distinct ids
    dead: list[str] = field(default_factory=list)  # reasons on the dead letters


async def drain(amqp_url: str, settle_s: float = 2.0) -> Drained:
    """Every final event on the outside queue and every dead letter; waits ``settle_s`` of
    quiet first so a late duplicate is counted, not missed."""
    await asyncio.sleep(settle_s)
    out = Drained()
    conn = await aio_pika.connect(amqp_url)
    try:
        ch = await conn.channel()
        events = await ch.declare_queue(rt.EVENTS_QUEUES[0], passive=True)
        while (m := await events.get(fail=False, no_ack=True)) is not None:
            kind = (m.type or "").removeprefix("grimreel.").rsplit(".", 1)[0]
            job_id = m.correlation_id or ""
            out.finals[(job_id, kind)] += 1
            out.event_ids.setdefault(job_id, set()).add(m.message_id or "")
        dead = await ch.declare_queue(topology.DEAD_LETTER_QUEUE, passive=True)
        while (m := await dead.get(fail=False, no_ack=True)) is not None:
            out.dead.append(str((m.headers or {}).get("x-grimreel-reason", "")))
    finally:
        await conn.close()
    return out


async def assert_each_completed_once(
    redis_url: str, amqp_url: str, job_ids: list[str], outcome: dict[str, JobRecord]
) -> Drained:
    """0 lost (every job final), 0 failed, 0 duplicated (one final event on each timeline and
    one distinct `job.completed` for outside consumers), nothing dead-lettered."""
    assert len(outcome) == len(job_ids), f"never final: {sorted(set(job_ids) - set(outcome))}"
    failed = {job_id: job.error for job_id, job in outcome.items() if job.status != "completed"}
    assert not failed, failed
    ends = await final_events_in_timelines(redis_url, job_ids)
    assert set(ends.values()) == {1}, ends
    drained = await drain(amqp_url)
    assert not drained.dead, drained.dead
    for job_id in job_ids:
        assert drained.finals[(job_id, "job.completed")] >= 1, drained.finals
        assert len(drained.event_ids[job_id]) == 1, drained.event_ids
    return drained
