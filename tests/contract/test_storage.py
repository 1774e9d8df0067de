"""One suite, two stores: a local folder and a real S3 server (moto in server mode)."""

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from shared.storage import keys
from shared.storage.local import LocalStorage
from shared.storage.s3 import S3Storage


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(params=["local", "s3"])
async def storage(request, tmp_path: Path, s3_endpoint: str, monkeypatch) -> AsyncIterator:
    if request.param == "local":
        yield LocalStorage(tmp_path / "store")
        return
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    s = S3Storage(
        f"b{tmp_path.name.lower()[-20:].replace('_', '-')}x",
        endpoint_url=s3_endpoint,
        create_bucket=True,
    )
    yield s
    await s.close()


async def test_put_get_roundtrip_and_overwrite(storage) -> None:
    key = keys.scene_audio("job1", 3)
    assert key == "job1/work/scene-03.wav"
    assert not await storage.exists(key)
    await storage.put(key, b"first")
    await storage.put(key, b"second")  # a redelivered message overwrites the same object
    assert await storage.get(key) == b"second" and await storage.exists(key)


async def test_missing_key_names_the_key(storage) -> None:
    with pytest.raises(FileNotFoundError, match="job9/none"):
        await storage.get("job9/none")


async def test_files_in_and_out(storage, tmp_path: Path) -> None:
    src = tmp_path / "in.bin"
    src.write_bytes(bytes(range(256)) * 1000)
    await storage.put_file("job2/video.mp4", src, "video/mp4")
    out = tmp_path / "out.bin"
    await storage.get_file("job2/video.mp4", out)
    assert out.read_bytes() == src.read_bytes()


async def test_delete_prefix_keeps_other_objects(storage) -> None:
    for i in range(3):
        await storage.put(keys.scene_image("job3", i), b"x")
    await storage.put(keys.output("job3", "video.mp4"), b"v")
    assert await storage.delete_prefix(keys.work("job3")) == 3
    assert not await storage.exists(keys.scene_image("job3", 0))
    assert await storage.get(keys.output("job3", "video.mp4")) == b"v"


async def test_url_opens_the_object(storage) -> None:
    await storage.put("job4/video.mp4", b"movie")
    url = await storage.url("job4/video.mp4", expires_s=600)
    if url.startswith("file://"):
        assert Path(url[7:]).read_bytes() == b"movie"
        return
    assert "X-Amz-Expires=600" in url and "Signature" in url
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        assert resp.status == 200 and await resp.read() == b"movie"


async def test_first_writes_at_once_into_a_new_bucket_all_land(
    s3_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    bucket = f"n{tmp_path.name.lower()[-20:].replace('_', '-')}x"
    # two stores, as two stage processes would be, both told to make the bucket
    stores = [S3Storage(bucket, endpoint_url=s3_endpoint, create_bucket=True) for _ in range(2)]
    try:
        writes = [s.put(keys.scene_image("job5", i), b"x") for i in range(4) for s in stores]
        await asyncio.gather(*writes)
        assert all([await stores[0].exists(keys.scene_image("job5", i)) for i in range(4)])
    finally:
        for s in stores:
            await s.close()


def test_keys_refuse_unsafe_job_ids(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        keys.story("../etc")
    with pytest.raises(ValueError, match="escapes"):
        LocalStorage(tmp_path).path("../outside")


def test_a_write_killed_before_its_rename_leaves_nothing_in_the_job_folder(
    tmp_path: Path,
) -> None:
    store = LocalStorage(tmp_path / "store")
    dest = store.path("job6/work/scene-01.wav")
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from shared.storage.local import LocalStorage\n"
        "s = LocalStorage(Path(sys.argv[1]))\n"
        "Path.replace = lambda self, target: os._exit(9)  # killed between write and rename\n"
        "s._write(s.path('job6/work/scene-01.wav'), b'half')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(store.root)], check=False)
    assert done.returncode == 9
    assert not dest.exists()
    assert [p for p in (store.root / "job6").rglob("*") if p.is_file()] == []
    assert len(list(store.partial.glob("*.tmp"))) == 1  # the half write, out of every job's way


def test_unfinished_writes_older_than_an_hour_are_swept_when_a_store_opens(
    tmp_path: Path,
) -> None:
    store = LocalStorage(tmp_path / "store")
    old, fresh = store.partial / "old.tmp", store.partial / "fresh.tmp"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    an_hour_ago = time.time() - 3700
    os.utime(old, (an_hour_ago, an_hour_ago))
    LocalStorage(tmp_path / "store")
    assert not old.exists() and fresh.exists()  # a live writer's file is left alone
    with pytest.raises(ValueError, match="unfinished"):
        store.path(".partial/fresh.tmp")
