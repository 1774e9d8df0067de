"""The fault suite: real RabbitMQ (a vhost of its own, or a node of its own it stops), and
Redis and S3 servers of its own that it kills or stops; stage workers it SIGKILLs."""

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from shared.config import Settings
from shared.runtime.hosting import Runtime
from shared.runtime.rabbit_bus import RabbitBus
from shared.runtime.stub_stages import build_stub_stages
from shared.state.redis import RedisState
from tests.conftest import dirs_of, require
from tests.faults.pipeline import ALL_DELAYS, STUB_DELAYS
from tests.faults.rabbit_node import RabbitNode
from tests.faults.redis_server import RedisServer
from tests.faults.s3_server import S3Server
from tests.vhosts import drop_vhost, ensure_vhost, purge


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "faults" in dirs_of(item):
            item.add_marker(pytest.mark.faults)


@pytest.fixture(scope="session")
def vhost_url() -> Iterator[str]:
    """A vhost of this run's own: another checkout's fault suite on the same broker would
    otherwise consume these jobs' messages (and this run theirs)."""
    require("127.0.0.1", 5672, "RabbitMQ")
    vhost = f"grimreel-fault-tests-{os.getpid()}"
    yield ensure_vhost(vhost)
    drop_vhost(vhost)


@pytest.fixture(params=[True, False], ids=["aof", "no-persistence"])
def redis_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path, aof=request.param)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def durable_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis of the test's own, set up as docs/operations.md asks (AOF, fsync always)."""
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(folder, aof=True)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def rabbit_node(tmp_path: Path) -> Iterator[RabbitNode]:
    """A RabbitMQ node of the test's own: stopping it disturbs no one else's tests."""
    folder = tmp_path / "rabbit"
    folder.mkdir()
    node = RabbitNode(folder)
    node.start()
    yield node
    node.stop()


@pytest.fixture
def s3_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Server]:
    """An S3 server of the test's own that keeps its data when stopped (s3_server.py)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "fault-tests")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "fault-tests")
    server = S3Server()
    yield server
    server.close()


@pytest.fixture
async def stub_pipeline(vhost_url: str, redis_server: RedisServer) -> AsyncIterator[Runtime]:
    settings = Settings(
        amqp_url=vhost_url, redis_url=redis_server.url, retry_delays_s=STUB_DELAYS, max_attempts=3
    )

    async def slow(name: str, msg: object, ctx: object) -> None:
        import asyncio

        await asyncio.sleep(0.15)  # each hop takes a moment, so the outage lands mid-job

    await purge(vhost_url, ALL_DELAYS)
    bus = RabbitBus(vhost_url, retry_delays_s=STUB_DELAYS)
    state = RedisState(redis_server.url)
    runtime = Runtime(bus, state, settings, build_stub_stages(scenes=3, hook=slow))
    await runtime.start()
    yield runtime
    await runtime.stop(grace_s=2)
    await state.close()
