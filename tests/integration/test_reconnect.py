"""The broker drops the runtime's connection: it reconnects, consumes again and jobs complete."""

import asyncio
import shutil
import subprocess
import uuid

import pytest

from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime.hosting import Runtime
from shared.runtime.rabbit_bus import RabbitBus
from shared.runtime.stub_stages import build_stub_stages
from shared.state.redis import RedisState
from tests.conftest import AMQP_URL, REDIS_URL
from tests.integration.conftest import SETTINGS, wait_final


def _ctl(*args: str) -> str:
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        pytest.fail("rabbitmqctl is needed to close a connection from the broker's side")
    done = subprocess.run([ctl, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def connections_named(name: str) -> list[str]:
    lines = _ctl("list_connections", "pid", "client_properties", "-q").splitlines()
    return [line.split("\t")[0] for line in lines if f'"{name}"' in line]


def close_connections_named(name: str) -> int:
    pids = connections_named(name)
    for pid in pids:
        _ctl("close_connection", pid, "test: broker-side close")
    return len(pids)


async def submit_when_back(bus: RabbitBus, state: RedisState, topic: str) -> str:
    async with asyncio.timeout(30):
        while True:
            try:
                return (await submit(bus, state, JobSpec(topic=topic))).job_id
            except Exception:  # the channel is being restored; a client tries again
                await asyncio.sleep(0.2)


@pytest.mark.parametrize("drops", [1, 2])
async def test_jobs_complete_after_the_broker_closes_the_connection(broker, drops: int) -> None:
    name = f"grimreel-reconnect-{uuid.uuid4().hex[:8]}"
    bus = RabbitBus(AMQP_URL, retry_delays_s=SETTINGS.retry_delays_s, name=name)
    state = RedisState(REDIS_URL)
    runtime = Runtime(bus, state, SETTINGS, build_stub_stages())
    await runtime.start()
    try:
        first = await submit_when_back(bus, state, "before the drop")
        assert await wait_final(state, first) == "completed"

        for drop in range(drops):  # the second drop hits a connection that was restored once
            assert await asyncio.to_thread(close_connections_named, name) == 1
            await asyncio.sleep(0.5)
            ids = [await submit_when_back(bus, state, f"after drop {drop} ({i})") for i in range(3)]
            for job_id in ids:
                assert await wait_final(state, job_id, timeout=30) == "completed"
        # One connection again, not one per attempt.
        assert len(await asyncio.to_thread(connections_named, name)) == 1
    finally:
        await runtime.stop(grace_s=1)
        await state.close()
