"""Fixtures for real services on loopback, and the test tiers.

Tiers (pyproject declares the markers; this hook assigns them so no test can forget):
- ``integration``: talks to RabbitMQ, Redis or an S3 server on loopback. In CI they must
  answer: absence is a failure, not a skip. The studio's browser tests (tests/studio) are
  here too: they also need Debian's chromium (scripts/test.sh installs it).
- ``slow``: real media or model work (ffmpeg renders, the MiniLM filter, whole offline jobs)
  with no service.
- ``unit``: everything else. ``pytest -m unit`` needs no broker, cache or S3 at all.
- ``n8n``: opt-in. A real n8n (installed into a cache on first use: minutes and ~2.3 GB) driving
  a real ``grimreel serve``; the tests are left out unless the ``-m`` expression names ``n8n``
  (``pytest -m n8n``), so the default run and CI never start them.
"""

import os
import socket
import uuid
from collections.abc import AsyncIterator

import pytest

from shared.state.memory import MemoryState
from shared.state.redis import RedisState

# fixtures that reach a service, and fixture parameters that choose a real one
SERVICE_FIXTURES = frozenset(
    {"broker", "rabbit_pipeline", "amqp_url", "gateway", "r", "batcher", "s3_endpoint"}
)
SERVICE_PARAMS = frozenset({"redis", "s3"})
INTEGRATION_DIRS = frozenset({"integration", "e2e", "faults", "studio"})
SLOW_FILES = frozenset(
    {
        "test_render_video.py",
        "test_media.py",
        "test_render_parts.py",
        "test_offline_judge.py",
        "test_full_pipeline.py",
        "test_profile_look_e2e.py",
    }
)

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


def dirs_of(item: pytest.Item) -> set[str]:
    """The folders of a test below the project (a checkout in ~/faults/ is not a fault test)."""
    try:
        return set(item.path.relative_to(item.config.rootpath).parts[:-1])
    except ValueError:
        return set(item.path.parts[:-1])


def _needs_services(item: pytest.Item) -> bool:
    if INTEGRATION_DIRS & dirs_of(item):
        return True
    if SERVICE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and bool(SERVICE_PARAMS & set(map(str, callspec.params.values())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "n8n" not in (config.getoption("markexpr", "") or ""):
        skipped = [i for i in items if i.get_closest_marker("n8n")]
        if skipped:
            config.hook.pytest_deselected(items=skipped)
            items[:] = [i for i in items if not i.get_closest_marker("n8n")]
    for item in items:
        if item.get_closest_marker("integration") is None and _needs_services(item):
            item.add_marker(pytest.mark.integration)
        if item.path.name in SLOW_FILES and item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.slow)
        if not any(item.get_closest_marker(m) for m in ("integration", "slow", "n8n")):
            item.add_marker(pytest.mark.unit)
