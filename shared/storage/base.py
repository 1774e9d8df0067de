"""The storage contract. Keys are plain relative paths such as ``<job>/video.mp4``."""

from pathlib import Path
from typing import Protocol


class Storage(Protocol):
    outage_errors: tuple[type[BaseException], ...]  # "unreachable": wait, don't fail

    async def put(self, key: str, data: bytes, content_type: str | None = None) -> None: ...

    async def put_file(self, key: str, path: Path, content_type: str | None = None) -> None: ...

    async def get(self, key: str) -> bytes:
        """FileNotFoundError naming the key when absent."""

    async def get_file(self, key: str, path: Path) -> None: ...

    async def exists(self, key: str) -> bool: ...

    async def url(self, key: str, expires_s: int = 3600) -> str:
        """A link a person can open: presigned GET for S3, file:// for local."""

    async def delete_prefix(self, prefix: str) -> int: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...
