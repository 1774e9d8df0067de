"""Real RabbitMQ + Redis on loopback: a clean broker topology for every test."""

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import aio_pika
import pytest

from shared import topology
from shared.config import Settings
from shared.runtime import rabbit_topology as rt
from shared.runtime.hosting import Runtime
from shared.runtime.rabbit_bus import RabbitBus
from shared.runtime.stub_stages import build_stub_stages
from shared.state.redis import RedisState
from tests.conftest import AMQP_URL, REDIS_URL, require

SETTINGS = Settings(
    redis_url=REDIS_URL, amqp_url=AMQP_URL, retry_delays_s=[0.2, 0.4], max_attempts=3
)


async def purge_all() -> None:
    conn = await aio_pika.connect(AMQP_URL)
    ch = await conn.channel()
    names = [topology.queue_name(s) for s in topology.stages()]
    names += [topology.DEAD_LETTER_QUEUE, *rt.EVENTS_QUEUES]
    names += [rt.retry_queue(s, d) for s in topology.stages() for d in SETTINGS.retry_delays_s]
    for name in names:
        try:
            q = await ch.declare_queue(name, passive=True)
            await q.purge()
        except aio_pika.exceptions.ChannelClosed:
            ch = await conn.channel()
    await conn.close()


@pytest.fixture
async def broker() -> AsyncIterator[None]:
    require("127.0.0.1", 5672, "RabbitMQ")
    require("127.0.0.1", 6379, "Redis")
    await purge_all()
    yield


@pytest.fixture
async def rabbit_pipeline(broker) -> AsyncIterator[Callable[..., Any]]:
    made: list[tuple[Runtime, RedisState]] = []

    async def make(
        only: set[str] | None = None, **kw: Any
    ) -> tuple[Runtime, RabbitBus, RedisState]:
        bus = RabbitBus(AMQP_URL, retry_delays_s=SETTINGS.retry_delays_s)
        state = RedisState(REDIS_URL)
        stages = [s for s in build_stub_stages(**kw) if only is None or s.name in only]
        runtime = Runtime(bus, state, SETTINGS, stages)
        await runtime.start()
        made.append((runtime, state))
        return runtime, bus, state

    yield make
    for runtime, state in made:
        await runtime.stop(grace_s=1)
        await state.close()


async def wait_final(state: RedisState, job_id: str, timeout: float = 20.0) -> str:
    async with asyncio.timeout(timeout):
        while True:
            job = await state.get(job_id)
            if job and job.final:
                return job.status
            await asyncio.sleep(0.02)


_STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _reap_workers() -> Iterator[None]:
    yield
    while _STARTED:
        p = _STARTED.pop()
        if p.poll() is None:
            p.kill()
            p.wait(5)


def start_worker(stages: str, sleep_s: float = 0.0, grace: float = 10.0) -> subprocess.Popen[str]:
    env = {**os.environ, "GRACE": str(grace)}
    p = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.stub_worker", stages, str(sleep_s)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    _STARTED.append(p)
    assert p.stdout is not None
    assert p.stdout.readline().strip() == "ready"
    return p
