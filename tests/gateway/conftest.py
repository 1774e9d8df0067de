"""A gateway on loopback over real RabbitMQ + Redis (db 15) or the in-memory pair, and tokens."""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from services.gateway.app import build_app
from services.gateway.config import GatewaySettings
from shared import topology
from shared.runtime.hosting import Runtime
from shared.runtime.memory_bus import MemoryBus
from shared.runtime.rabbit_bus import RabbitBus
from shared.runtime.stage import Stage
from shared.runtime.stub_stages import build_stub_stages
from shared.state.memory import MemoryState
from shared.state.redis import RedisState
from shared.storage.local import LocalStorage
from tests.conftest import REDIS_URL, require
from tests.vhosts import ensure_vhost, purge

SECRET = "test-secret-that-is-long-enough-for-hs256!"
HIGH = {
    "gateway_rate_per_s": 1000.0,
    "gateway_rate_burst": 1000,
    "gateway_ip_rate_per_s": 1000.0,
    "gateway_ip_rate_burst": 1000,
    "gateway_max_active_jobs": 1000,
}


def settings(tmp: Path, **overrides: Any) -> GatewaySettings:
    base: dict[str, Any] = {
        "redis_url": REDIS_URL,
        "retry_delays_s": [0.2, 0.4],
        "max_attempts": 3,
        "storage_dir": tmp,
        "auth_hs256_secret": SECRET,
        "gateway_sse_heartbeat_s": 0.5,
        **HIGH,
    }
    return GatewaySettings(**{**base, **overrides})


def token(sub: str = "alice", scope: str = "jobs:read jobs:write", **claims: Any) -> str:
    now = int(time.time())
    payload = {"sub": sub, "scope": scope, "iat": now, "exp": now + 300, **claims}
    return jwt.encode({k: v for k, v in payload.items() if v is not None}, SECRET, "HS256")


def auth(sub: str = "alice", scope: str = "jobs:read jobs:write") -> dict[str, str]:
    return {"Authorization": f"Bearer {token(sub, scope)}"}


def user() -> str:
    """A fresh subject per test: jobs, rate buckets and slots in Redis never collide."""
    return f"u-{uuid.uuid4().hex[:10]}"


@dataclass
class Gw:
    client: TestClient
    app: web.Application
    bus: Any
    state: Any
    storage: LocalStorage
    settings: GatewaySettings


Make = Callable[..., Awaitable[Gw]]


@pytest.fixture(scope="session")
def amqp_url() -> str:
    require("127.0.0.1", 5672, "RabbitMQ")
    return ensure_vhost("grimreel-gateway-tests")


@pytest.fixture
async def gateway(tmp_path: Path, amqp_url: str) -> AsyncIterator[Make]:
    made: list[tuple[TestClient, Runtime, Any]] = []

    async def make(
        *,
        memory: bool = False,
        pipeline: bool = False,
        routes: Callable[[web.Application], None] | None = None,
        stages: Callable[[LocalStorage], list[Stage]] | None = None,
        **overrides: Any,
    ) -> Gw:
        s = settings(tmp_path, amqp_url=amqp_url, **overrides)
        if memory:
            bus: Any = MemoryBus(time_scale=0.01)
            state: Any = MemoryState()
        else:
            require("127.0.0.1", 6379, "Redis")
            await purge(amqp_url, s.retry_delays_s)
            bus, state = RabbitBus(amqp_url, retry_delays_s=s.retry_delays_s), RedisState(REDIS_URL)
        # The Runtime connects the bus, as in `grimreel serve`; stub stages finish jobs at once.
        storage = LocalStorage(tmp_path / "store")
        running = stages(storage) if stages else build_stub_stages() if pipeline else []
        runtime = Runtime(bus, state, s, running)
        await runtime.start()
        await bus.declare(topology.stages())
        app = build_app(s, bus, state, storage)
        if routes is not None:
            routes(app)
        client = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        made.append((client, runtime, state))
        return Gw(client, app, bus, state, storage, s)

    yield make
    for client, runtime, state in made:
        await client.close()
        await runtime.stop(grace_s=1)
        await state.close()


async def submit(gw: Gw, sub: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
    r = await gw.client.post(
        "/jobs", json=body or {"topic": "the lighthouse knocks"}, headers={**auth(sub), **headers}
    )
    return r, await r.json()


async def poll(gw: Gw, sub: str, job_id: str, timeout: float = 20.0) -> dict[str, Any]:
    """GET the job until it ends; its final body."""
    async with asyncio.timeout(timeout):
        while True:
            r = await gw.client.get(f"/jobs/{job_id}", headers=auth(sub))
            body = await r.json()
            if body["status"] in ("completed", "failed", "cancelled"):
                return body
            await asyncio.sleep(0.05)
