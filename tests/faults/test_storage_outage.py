"""Storage unreachable for ten seconds mid-run, then back with its data: every job completes.

The six real stages write to an S3 server of the test's own (moto in server mode). It stops
answering while scenes are being made and comes back on the same port with its buckets and
objects (they live in the server's process, not in its stopped thread): the stages' storage
calls wait (`dependency.down` … `dependency.up`), spend no delivery attempt and go on.
"""

import asyncio
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from shared import timeline
from shared.config import Settings
from shared.state.redis import RedisState
from tests.faults.outcome import assert_each_completed_once, finals
from tests.faults.pipeline import (
    ALL_DELAYS,
    DELAYS,
    fast_media,
    real_pipeline,
    submit_jobs,
    until_reached,
)
from tests.faults.redis_server import RedisServer
from tests.faults.s3_server import S3Server
from tests.vhosts import purge

JOBS = 3
DOWN_S = 10.0
MID_RUN = {"tts", "visual"}


async def test_a_storage_outage_mid_run_loses_and_duplicates_no_job(
    vhost_url: str,
    durable_redis: RedisServer,
    s3_server: S3Server,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast_media(monkeypatch)
    await purge(vhost_url, ALL_DELAYS)
    settings = Settings(
        amqp_url=vhost_url,
        redis_url=durable_redis.url,
        retry_delays_s=DELAYS,
        storage="s3",
        s3_bucket="grimreel-faults",
        s3_endpoint_url=s3_server.url,
        s3_create_bucket=True,
    )
    with capture_logs() as logs:
        async with real_pipeline(settings) as runtime:
            job_ids = await submit_jobs(runtime, JOBS)
            await until_reached(durable_redis.url, job_ids, MID_RUN)
            await asyncio.to_thread(s3_server.stop)
            await asyncio.sleep(DOWN_S)
            await asyncio.to_thread(s3_server.start)
            outcome = await finals(durable_redis.url, job_ids, timeout=180)

    outages = [e for e in logs if e.get("dependency") == "storage"]
    assert {e["event"] for e in outages} >= {"dependency.down", "dependency.up"}, outages
    await assert_each_completed_once(durable_redis.url, vhost_url, job_ids, outcome)
    state = RedisState(durable_redis.url)
    try:
        for job_id in job_ids:
            events = timeline.read(await state.timeline(job_id))
            retries = [e.reason for e in events if e.event == timeline.RETRY]
            assert not retries, retries  # the outage was waited out, not retried
    finally:
        await state.close()
