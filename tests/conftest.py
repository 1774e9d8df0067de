"""Fixtures for real services on loopback. In CI they must answer: absence is a failure."""

import os
import socket
import uuid
from collections.abc import AsyncIterator

import pytest

from shared.state.memory import MemoryState
from shared.state.redis import RedisState

REDIS_URL = os.environ.get("GRIMREEL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
AMQP_URL = os.environ.get("GRIMREEL_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require(host: str, port: int, what: str) -> None:
    if not _answers(host, port):
        pytest.fail(f"{what} does not answer on {host}:{port}; start it (see .ci/run)")


@pytest.fixture(params=["memory", "redis"])
async def state(request: pytest.FixtureRequest) -> AsyncIterator[MemoryState | RedisState]:
    if request.param == "memory":
        yield MemoryState()
        return
    require("127.0.0.1", 6379, "Redis")
    s = RedisState(REDIS_URL)
    yield s
    await s.close()


@pytest.fixture
def job_id() -> str:
    return uuid.uuid4().hex[:20]
