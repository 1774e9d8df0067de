"""The broker stopped mid-run and started again: every job completes, once.

A RabbitMQ node of the test's own (durable quorum queues, persistent messages) carries the
six real stages in one process. It is stopped while jobs are between stages and started
again on the same port and data; the stages' robust connections come back, unacknowledged
deliveries return, and every job must complete with one final event.
"""

import asyncio
from pathlib import Path

import pytest

from shared.config import Settings
from tests.faults.outcome import assert_each_completed_once, finals
from tests.faults.pipeline import DELAYS, fast_media, real_pipeline, submit_jobs, until_reached
from tests.faults.rabbit_node import RabbitNode
from tests.faults.redis_server import RedisServer

JOBS = 3
MID_RUN = {"tts", "visual", "render"}


async def test_a_broker_restart_mid_run_loses_and_duplicates_no_job(
    rabbit_node: RabbitNode,
    durable_redis: RedisServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast_media(monkeypatch)
    settings = Settings(
        amqp_url=rabbit_node.url,
        redis_url=durable_redis.url,
        storage_dir=tmp_path / "store",
        retry_delays_s=DELAYS,
    )
    async with real_pipeline(settings) as runtime:
        job_ids = await submit_jobs(runtime, JOBS)
        await until_reached(durable_redis.url, job_ids, MID_RUN)
        await asyncio.to_thread(rabbit_node.stop)
        await asyncio.sleep(3.0)  # down long enough for every connection to notice
        await asyncio.to_thread(rabbit_node.start)

        outcome = await finals(durable_redis.url, job_ids, timeout=180)
    await assert_each_completed_once(durable_redis.url, rabbit_node.url, job_ids, outcome)
