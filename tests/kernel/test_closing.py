"""A stopped runtime closes what its stages' dependencies hold open: a hosted painter's HTTP
session behind the cache and the prompt screen, and an S3 client (a real moto server), each once
even when several stages share it; a close that fails does not keep the others open."""

import pytest

from services.visual.bootstrap import build as build_visual
from services.visual.providers.pexels import PexelsPainter
from shared.config import Settings
from shared.runtime.closing import close_all
from shared.runtime.hosting import Runtime
from shared.runtime.memory_bus import MemoryBus
from shared.state.memory import MemoryState
from shared.storage.s3 import S3Storage
from tests.faults.s3_server import S3Server


class Counted:
    def __init__(self, fail: bool = False) -> None:
        self.closed, self.fail = 0, fail

    async def close(self) -> None:
        self.closed += 1
        if self.fail:
            raise OSError("socket already gone")


class Wrapper:
    def __init__(self, inner: object) -> None:
        self.inner = inner


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "closing-tests")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "closing-tests")
    server = S3Server()
    yield server
    server.close()


async def test_stop_closes_the_painters_session_and_the_s3_client(s3, monkeypatch) -> None:
    monkeypatch.setenv("GRIMREEL_IMAGE_PROVIDER", "pexels")
    monkeypatch.setenv("GRIMREEL_PEXELS_API_KEY", "not-a-real-key")
    monkeypatch.setenv("GRIMREEL_PEXELS_BASE_URL", "http://127.0.0.1:9")
    settings = Settings(
        storage="s3", s3_bucket="closing", s3_endpoint_url=s3.url, s3_create_bucket=True
    )
    stages = build_visual(settings)
    storage = stages[0].resources[0]._inner  # type: ignore[attr-defined]  # behind the outage guard
    assert isinstance(storage, S3Storage)
    await storage.put("probe.txt", b"x", "text/plain")  # opens the client
    painter = stages[0].resources[1]
    while not isinstance(painter, PexelsPainter):  # behind the screen and the cache
        painter = painter.inner  # type: ignore[attr-defined]
    session = painter._open()
    runtime = Runtime(MemoryBus(), MemoryState(), settings, stages)
    await runtime.start()
    await runtime.stop(grace_s=1)
    assert session.closed
    assert storage._client is None  # closed: the next call would open a new client
    assert await storage.get("probe.txt") == b"x"  # and the storage still works after
    await storage.close()


async def test_each_resource_closes_once_and_a_failing_close_is_not_fatal() -> None:
    shared, failing, alone = Counted(), Counted(fail=True), Counted()
    closed = await close_all([Wrapper(shared), shared, failing, Wrapper(Wrapper(alone)), None])
    assert (shared.closed, failing.closed, alone.closed) == (1, 1, 1)
    assert closed == 2  # the failing one is counted out


async def test_a_hosted_writers_sdk_client_is_closed_behind_its_wrappers(monkeypatch) -> None:
    """The real OpenAI SDK client of the story stage's openai writer (pointed at loopback; no
    call is made) is closed at stop."""
    from services.story.bootstrap import build as build_story

    monkeypatch.setenv("GRIMREEL_STORY_PROVIDER", "openai")
    monkeypatch.setenv("GRIMREEL_OPENAI_API_KEY", "not-a-real-key")
    monkeypatch.setenv("GRIMREEL_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    stages = build_story(Settings())
    writer = stages[0].resources[0]
    while not hasattr(writer, "client"):
        writer = writer.inner  # type: ignore[attr-defined]
    assert not writer.client.is_closed()
    runtime = Runtime(MemoryBus(), MemoryState(), Settings(), stages)
    await runtime.start()
    await runtime.stop(grace_s=1)
    assert writer.client.is_closed()
