"""The six real stages (offline providers, real ffmpeg) in this process, the way `grimreel
serve` hosts them, on the fault suite's own broker, Redis and store."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from services.catalog import build_all
from shared.config import Settings
from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime.hosting import Runtime
from shared.state.redis import RedisState
from shared.wiring import make_bus

DELAYS = [0.5, 1.0]
STUB_DELAYS = [0.2, 0.4]  # the stub pipeline's (test_redis_restart.py)
ALL_DELAYS = [*STUB_DELAYS, *DELAYS]  # every retry tier the suite declares in its vhost


# The cheapest real job: the encoder's fastest preset; the filter's rule lists without the
# embedding model (its load and ~2 s a story buy nothing a fault test looks at).
FAST = {"GRIMREEL_RENDER_PRESET": "ultrafast", "GRIMREEL_MODERATION_SEMANTIC": "false"}


def fast_media(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stages read their own settings from the environment when they are built."""
    for name, value in FAST.items():
        monkeypatch.setenv(name, value)


@asynccontextmanager
async def real_pipeline(settings: Settings) -> AsyncIterator[Runtime]:
    state = RedisState(settings.redis_url)
    runtime = Runtime(make_bus(settings), state, settings, build_all(settings))
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop(grace_s=5)
        await state.close()


async def submit_jobs(runtime: Runtime, count: int) -> list[str]:
    specs = [
        JobSpec(topic=f"the lodger in room {i}", duration_s=20, scenes=3, seed=i)
        for i in range(count)
    ]
    return [(await submit(runtime.bus, runtime.state, spec)).job_id for spec in specs]


async def until_reached(
    url: str, job_ids: list[str], stages: set[str], timeout_s: float = 90.0
) -> None:
    """Wait (one connection, polled) until some job is in one of ``stages``: mid-run."""
    state = RedisState(url)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            jobs = [await state.get(job_id) for job_id in job_ids]
            if any(job is not None and job.stage in stages for job in jobs):
                return
            assert time.monotonic() < deadline, f"no job reached {sorted(stages)}"
            await asyncio.sleep(0.5)
    finally:
        await state.close()


def keys_of(store: Path, job_id: str) -> set[str]:
    return {p.name for p in (store / job_id).rglob("*") if p.is_file()}
