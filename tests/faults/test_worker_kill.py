"""Every stage worker SIGKILLed mid-message and started again: no job lost, none duplicated.

The six real stages (offline providers, real ffmpeg) run as six processes on RabbitMQ, a Redis
of the test's own and a local store. Each process is killed once, in the window after its
first handler returned and before the outputs were published and the message acked — the
work is done, nothing downstream knows, the broker delivers it again to the restarted worker.
Every job must complete, with one final event on its timeline and one `job.completed` for
outside consumers, nothing dead-lettered, and its folder holding each output once.
"""

import asyncio
from pathlib import Path

from shared import topology
from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime.rabbit_bus import RabbitBus
from shared.state.redis import RedisState
from tests.faults.outcome import assert_each_completed_once, finals
from tests.faults.pipeline import ALL_DELAYS, DELAYS, FAST, keys_of
from tests.faults.redis_server import RedisServer
from tests.faults.workers import StageProcess
from tests.vhosts import purge

JOBS = 3
SCENE_FILES = (".png", ".wav", ".json", ".words.json")
HOLD_S = 60.0  # the window stays open until the test has killed the worker


def worker_env(amqp_url: str, redis_url: str, store: Path) -> dict[str, str]:
    return {
        "GRIMREEL_AMQP_URL": amqp_url,
        "GRIMREEL_REDIS_URL": redis_url,
        "GRIMREEL_STORAGE_DIR": str(store),
        "GRIMREEL_RETRY_DELAYS_S": str(DELAYS),
        **FAST,
        "GRIMREEL_LOG_LEVEL": "warning",
        "GRIMREEL_CLAIM_LEASE_S": "5",  # a killed worker's claim lapses sooner than by default
    }


async def kill_when_holding(worker: StageProcess, killed: set[str]) -> None:
    """SIGKILL the worker in its window, start it again, then keep its pipe drained."""
    while line := await worker.readline():
        if line.startswith("holding") and worker.stage not in killed:
            await worker.kill()
            killed.add(worker.stage)
            await worker.start(hold_s=0)


async def test_each_stage_killed_mid_message_loses_and_duplicates_no_job(
    vhost_url: str, durable_redis: RedisServer, tmp_path: Path
) -> None:
    await purge(vhost_url, ALL_DELAYS)
    store = tmp_path / "store"
    env = worker_env(vhost_url, durable_redis.url, store)
    workers = [StageProcess(stage, env, tmp_path) for stage in topology.stages()]
    watchers: list[asyncio.Task[None]] = []
    bus, state = RabbitBus(vhost_url, retry_delays_s=DELAYS), RedisState(durable_redis.url)
    killed: set[str] = set()
    try:
        await asyncio.gather(*(w.start(hold_s=HOLD_S) for w in workers))
        watchers = [asyncio.create_task(kill_when_holding(w, killed)) for w in workers]
        await bus.connect()
        specs = [JobSpec(topic=f"the lodger in room {i}", duration_s=20, scenes=3, seed=i)
                 for i in range(JOBS)]  # fmt: skip
        job_ids = [(await submit(bus, state, spec)).job_id for spec in specs]

        outcome = await finals(durable_redis.url, job_ids, timeout=240)
        assert killed == set(topology.stages()), f"killed only: {killed}"
        drained = await assert_each_completed_once(durable_redis.url, vhost_url, job_ids, outcome)
        for job_id in job_ids:
            # killed before it was published: the redelivery publishes it, exactly once
            assert drained.finals[(job_id, "job.completed")] == 1, drained.finals
            outputs = {Path(key).name for key in outcome[job_id].outputs}
            # each scene's files once (kept for a redo, GRIMREEL_NOTIFY_KEEP_WORK=all): a
            # killed worker's redelivery leaves no second copy
            kept = {f"scene-{i:02}{ext}" for i in range(3) for ext in SCENE_FILES}
            assert keys_of(store, job_id) == outputs | {"story.json"} | kept
    finally:
        for task in watchers:
            task.cancel()
        await asyncio.gather(*(w.stop() for w in workers))
        await bus.close()
        await state.close()
