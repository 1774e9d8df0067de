"""Real local servers for the notify tests: a webhook receiver, an SMTP server, a TikTok stub.

Everything listens on 127.0.0.1 with a port the OS picks; nothing leaves the machine.
"""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from shared.state.memory import MemoryState
from shared.storage.local import LocalStorage
from tests.notify.receiver import Receiver
from tests.notify.smtp_server import SmtpServer, start_smtp
from tests.notify.tiktok_stub import TikTokStub, start_tiktok


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/hook", rec.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    rec.url = str(server.make_url("/hook"))
    yield rec
    await server.close()


@pytest.fixture
async def smtp() -> AsyncIterator[SmtpServer]:
    server = start_smtp()
    yield server
    server.stop()


@pytest.fixture
async def tiktok() -> AsyncIterator[TikTokStub]:
    stub, server = await start_tiktok()
    yield stub
    await server.close()


@pytest.fixture
def state() -> MemoryState:
    return MemoryState()


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "store")
