"""Redis killed mid-run and started again: no job is lost, none fails for the outage.

With its AOF (appendfsync always) Redis comes back with every job: all complete, and no
delivery attempt is spent on the outage. Without persistence it comes back empty: each job
still ends — completed when it was re-created from a message that carries its request, or
failed with "state lost" and an announcement — never left running without a word.
"""

import asyncio
import time

from shared import timeline
from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime.hosting import Runtime
from shared.state.redis import RedisState
from tests.faults.redis_server import RedisServer

JOBS = 10


async def finals(url: str, job_ids: list[str], timeout: float) -> dict[str, tuple[str, str]]:
    """Each job's final status and error, polling on a client of the test's own."""
    state = RedisState(url)
    deadline = time.monotonic() + timeout
    seen: dict[str, tuple[str, str]] = {}
    try:
        while time.monotonic() < deadline and len(seen) < len(job_ids):
            for job_id in job_ids:
                try:
                    job = await state.get(job_id)
                except state.outage_errors:
                    break
                if job is not None and job.final:
                    seen[job_id] = (job.status, job.error or "")
            await asyncio.sleep(0.2)
    finally:
        await state.close()
    return seen


async def test_a_redis_restart_mid_run_loses_and_fails_no_job_for_the_outage(
    stub_pipeline: Runtime, redis_server: RedisServer
) -> None:
    state = RedisState(redis_server.url)
    job_ids = [
        (await submit(stub_pipeline.bus, state, JobSpec(topic=f"a house number {i}"))).job_id
        for i in range(JOBS)
    ]
    await state.close()
    await asyncio.sleep(0.6)  # the jobs are spread over the stages now
    redis_server.kill()
    await asyncio.sleep(15.0)  # down for 15 s, as the issue asks: far longer than any retry
    redis_server.start()

    outcome = await finals(redis_server.url, job_ids, timeout=60)
    assert len(outcome) == JOBS, f"never final: {sorted(set(job_ids) - set(outcome))}"
    assert stub_pipeline.state_dependency.outages >= 1
    if redis_server.aof:
        assert {status for status, _ in outcome.values()} == {"completed"}
        state = RedisState(redis_server.url)
        for job_id in job_ids:
            job = await state.get(job_id)
            assert job is not None and job.attempts == 0  # the outage spent no attempt
            events = timeline.read(await state.timeline(job_id))
            assert not [e for e in events if e.event == timeline.RETRY]
        await state.close()
    else:
        for status, error in outcome.values():
            assert status == "completed" or error.startswith("state lost"), error
