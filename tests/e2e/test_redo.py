"""Preview and redo through the real gateway and the six real stages on RabbitMQ + Redis, with
the files in an S3 server (moto): a preview job makes a marked 540x960 video; a redo of one
scene is a new job that paints that scene again and copies every other file from its parent."""

import asyncio
import io
import json
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image

from services.catalog import build_all
from services.gateway.app import build_app
from services.gateway.config import GatewaySettings
from shared import timeline
from shared.media.probe import probe
from shared.runtime.hosting import Runtime
from shared.runtime.rabbit_bus import RabbitBus
from shared.state.redis import RedisState
from shared.storage import keys
from shared.storage.base import Storage
from shared.wiring import make_storage
from tests.conftest import AMQP_URL, REDIS_URL
from tests.gateway.conftest import HIGH, SECRET, auth, user
from tests.integration.conftest import purge_all

pytestmark = pytest.mark.slow


@dataclass
class Served:
    client: TestClient
    state: RedisState
    storage: Storage


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
async def served(
    broker, s3_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Served]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    settings = GatewaySettings(
        amqp_url=AMQP_URL, redis_url=REDIS_URL, storage="s3", s3_bucket="redo-e2e",
        s3_endpoint_url=s3_endpoint, s3_create_bucket=True, scratch_dir=tmp_path / "scratch",
        auth_hs256_secret=SECRET, **HIGH,
    )  # fmt: skip
    state = RedisState(REDIS_URL)
    runtime = Runtime(RabbitBus(AMQP_URL), state, settings, build_all(settings))
    await runtime.start()
    storage = make_storage(settings, wait_out_outages=False)
    client = TestClient(TestServer(build_app(settings, runtime.bus, state, storage)))
    await client.start_server()
    try:
        yield Served(client, state, storage)
    finally:
        await client.close()
        await runtime.stop(grace_s=5)
        await storage.close()
        await state.close()
        await purge_all()


async def finished(s: Served, sub: str, job_id: str, timeout: float = 600) -> dict[str, Any]:
    async with asyncio.timeout(timeout):
        while True:
            view = await (await s.client.get(f"/jobs/{job_id}", headers=auth(sub))).json()
            if view["status"] in ("completed", "failed", "cancelled"):
                return view
            await asyncio.sleep(0.25)


async def redo(s: Served, sub: str, job_id: str, body: dict[str, Any]) -> Any:
    return await s.client.post(f"/jobs/{job_id}/redo", json=body, headers=auth(sub))


async def size_of(s: Served, key: str, tmp: Path) -> tuple[int | None, int | None]:
    await s.storage.get_file(key, tmp / "v.mp4")
    info = await probe(tmp / "v.mp4")
    return info.width, info.height


def reused(events: list[dict[str, Any]], stage: str) -> set[int]:
    return {int(e.get("scene")) for e in timeline.read(events)
            if e.stage == stage and e.event == "reused"}  # fmt: skip


def stand_in_png() -> bytes:
    """A picture no painter would draw, to tell a copy from a new painting."""
    buf = io.BytesIO()
    Image.new("RGB", (1080, 1920), (200, 0, 200)).save(buf, "PNG")
    return buf.getvalue()


async def test_a_preview_then_a_redo_of_one_scene(served: Served, tmp_path: Path) -> None:
    s, alice = served, user()
    r = await s.client.post(
        "/jobs",
        json={"topic": "a voice in the well", "duration_s": 20, "scenes": 3, "seed": 9,
              "preview": True},
        headers=auth(alice),
    )  # fmt: skip
    parent = (await r.json())["job_id"]
    view = await finished(s, alice, parent)
    assert view["status"] == "completed", view["error"]
    assert view["request"]["preview"] is True
    assert await size_of(s, view["outputs"]["video.mp4"]["key"], tmp_path) == (540, 960)
    meta = json.loads(await s.storage.get(view["outputs"]["metadata.json"]["key"]))
    assert (meta["preview"], meta["width"], meta["height"]) == (True, 540, 960)

    # Scene 0's picture replaced in the parent's files: the child must copy this, not paint.
    mark = stand_in_png()
    await s.storage.put(keys.scene_image(parent, 0), mark, "image/png")
    r = await redo(s, alice, parent, {"scene": 1})
    assert r.status == 202, await r.text()
    child = (await r.json())["job_id"]
    done = await finished(s, alice, child)
    assert done["status"] == "completed", done["error"]
    assert child != parent and done["request"]["parent_id"] == parent

    async def both(key: Any, i: int) -> tuple[bytes, bytes]:
        return await s.storage.get(key(parent, i)), await s.storage.get(key(child, i))

    assert await s.storage.get(keys.scene_image(child, 0)) == mark
    first, again = await both(keys.scene_image, 2)
    assert first == again
    first, again = await both(keys.scene_image, 1)
    assert first != again, "scene 1 was to be painted again"
    for i in range(3):
        for key in (keys.scene_audio, keys.scene_words):
            first, again = await both(key, i)
            assert first == again
    events = await s.state.timeline(child)
    assert reused(events, "visual") == {0, 2} and reused(events, "tts") == {0, 1, 2}
    assert not [e for e in timeline.read(events) if e.stage == "story"]  # no story written
    assert await size_of(s, done["outputs"]["video.mp4"]["key"], tmp_path) == (540, 960)

    # another user may not redo it; an edit the filter refuses fails the new job
    bob = user()
    assert (await redo(s, bob, parent, {"scene": 1})).status == 403
    r = await redo(s, alice, parent, {"scene": 2, "narration": "It was the best way to end it."})
    refused = await finished(s, alice, (await r.json())["job_id"], timeout=120)
    assert refused["status"] == "failed"
    assert "the edited story was refused" in refused["error"] and "self-harm" in refused["error"]

    # once the parent's scene files are cleaned up, a redo says so
    await s.storage.delete_prefix(keys.work(parent))
    r = await redo(s, alice, parent, {})
    assert r.status == 409 and (await r.json())["error"] == "parent_assets_gone"
