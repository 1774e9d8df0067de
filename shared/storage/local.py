"""Storage in a local folder; writes are atomic (temp file + rename)."""

import asyncio
import os
import shutil
import time
import uuid
from pathlib import Path

# Temp files live outside every key's folder, so a writer killed between write and rename
# leaves nothing in a job's folder; the rename stays atomic because it is one filesystem.
PARTIAL_DIR = ".partial"
STALE_PARTIAL_S = 3600.0


class LocalStorage:
    outage_errors: tuple[type[BaseException], ...] = ()  # a full disk is not an outage to wait out

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.partial = self.root / PARTIAL_DIR
        self.partial.mkdir(exist_ok=True)
        sweep_partials(self.partial, STALE_PARTIAL_S)

    def path(self, key: str) -> Path:
        p = (self.root / key).resolve()
        if not p.is_relative_to(self.root):
            raise ValueError(f"storage key {key!r} escapes the storage folder")
        if p.is_relative_to(self.partial):
            raise ValueError(f"storage key {key!r} is inside the folder of unfinished writes")
        return p

    async def put(self, key: str, data: bytes, content_type: str | None = None) -> None:
        await asyncio.to_thread(self._write, self.path(key), data)

    async def put_file(self, key: str, path: Path, content_type: str | None = None) -> None:
        dest = self.path(key)
        if dest == await asyncio.to_thread(path.resolve):
            return
        await asyncio.to_thread(self._copy, path, dest)

    async def get(self, key: str) -> bytes:
        p = self.path(key)
        if not p.is_file():
            raise FileNotFoundError(f"no object at storage key {key!r}")
        return await asyncio.to_thread(p.read_bytes)

    async def get_file(self, key: str, path: Path) -> None:
        src = self.path(key)
        if not src.is_file():
            raise FileNotFoundError(f"no object at storage key {key!r}")
        await asyncio.to_thread(shutil.copyfile, src, path)

    async def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    async def url(self, key: str, expires_s: int = 3600) -> str:
        return self.path(key).as_uri()

    async def delete_prefix(self, prefix: str) -> int:
        target = self.path(prefix)
        if target == self.root:
            raise ValueError("refusing to delete the whole storage folder")
        if target.is_file():
            target.unlink()
            return 1
        if not target.is_dir():
            return 0
        count = sum(1 for p in target.rglob("*") if p.is_file())
        await asyncio.to_thread(shutil.rmtree, target, True)
        return count

    async def ping(self) -> bool:
        return os.access(self.root, os.W_OK)

    async def close(self) -> None:
        return None

    def _temp_for(self, dest: Path) -> Path:
        dest.parent.mkdir(parents=True, exist_ok=True)
        self.partial.mkdir(exist_ok=True)  # a user may have cleared the folder by hand
        return self.partial / f"{uuid.uuid4().hex}.tmp"

    def _write(self, dest: Path, data: bytes) -> None:
        tmp = self._temp_for(dest)
        try:
            tmp.write_bytes(data)
            tmp.replace(dest)
        finally:
            tmp.unlink(missing_ok=True)

    def _copy(self, src: Path, dest: Path) -> None:
        tmp = self._temp_for(dest)
        try:
            shutil.copyfile(src, tmp)
            tmp.replace(dest)
        finally:
            tmp.unlink(missing_ok=True)


def sweep_partials(folder: Path, older_than_s: float) -> int:
    """Removes writes left unfinished by a killed process; a live writer's file is younger."""
    cutoff, removed = time.time() - older_than_s, 0
    for entry in folder.glob("*.tmp"):
        try:
            if entry.stat().st_mtime < cutoff:
                entry.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # its writer finished or another sweep got it first
    return removed
