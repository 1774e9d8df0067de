"""The scene join across processes: 8 scenes, 2 tts and 2 visual workers, every message twice.

The stages around them (story, filter, render, notify) run in this process on the same broker
and publish every message two times; the workers publish theirs two times as well (DOUBLE=1).
Whatever arrives twice, the join must publish assets.ready once and render must run once.
"""

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from shared.jobs import submit
from shared.messages import JobSpec
from tests.conftest import REDIS_URL
from tests.integration.conftest import wait_final

pytestmark = pytest.mark.integration

SCENES = 8


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    run = uuid.uuid4().hex[:12]

    def start(stage: str, delay_s: float, concurrency: int = 1) -> subprocess.Popen[str]:
        env = {**os.environ, "SCENE_STORAGE": str(tmp_path), "SCENE_RUN": run, "DOUBLE": "1"}
        cmd = [sys.executable, "-m", "tests.integration.scene_worker", stage, str(delay_s)]
        p = subprocess.Popen([*cmd, str(concurrency)], stdout=subprocess.PIPE, text=True, env=env)
        started.append(p)
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        return p

    start.run = run  # type: ignore[attr-defined]
    yield start
    for p in started:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in started:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)


async def test_eight_scenes_on_two_plus_two_workers_join_once_despite_duplicates(
    rabbit_pipeline, workers
) -> None:
    procs = [
        await asyncio.to_thread(workers, stage, 0.2) for stage in ("tts", "tts", "visual", "visual")
    ]
    _, bus, state = await rabbit_pipeline(
        only={"story", "filter", "render", "notify"}, scenes=SCENES
    )
    original = bus.publish

    async def twice(env) -> None:
        await original(env)
        await original(env)

    bus.publish = twice
    job = await submit(bus, state, JobSpec(topic="the knocking under the lighthouse"))
    try:
        assert await wait_final(state, job.job_id, timeout=90) == "completed"
    except TimeoutError:  # say where it stopped; the broker is shared with other test runs
        pytest.fail(f"job not finished; last events: {(await state.timeline(job.job_id))[-8:]}")
    await asyncio.sleep(2.0)  # duplicates come back through the 0.2/0.4 s retry tiers: let them

    counters = aioredis.from_url(REDIS_URL, decode_responses=True)
    prefix = f"grimreel:test:{workers.run}"
    try:
        published = int(await counters.get(f"{prefix}:assets-ready:{job.job_id}") or 0)
        calls = await counters.hgetall(f"{prefix}:calls")
    finally:
        await counters.delete(f"{prefix}:assets-ready:{job.job_id}", f"{prefix}:calls")
        await counters.aclose()
    assert published == 1, "the join published assets.ready exactly once"

    done = [e["stage"] for e in await state.timeline(job.job_id) if e.get("event") == "done"]
    assert done.count("render") == 1 and done.count("notify") == 1
    assert done.count("tts") == SCENES and done.count("visual") == SCENES
    for stage in ("tts", "visual"):
        per_pid = {k: int(v) for k, v in calls.items() if k.startswith(f"{stage}:")}
        assert sum(per_pid.values()) == SCENES, f"{stage}: each scene made once: {per_pid}"
        assert len(per_pid) == 2, f"{stage}: both worker processes took scenes: {per_pid}"
    assert all(p.poll() is None for p in procs), "no worker died on the way"
