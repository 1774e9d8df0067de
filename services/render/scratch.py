"""The job's scratch folder: where the inputs are fetched and the renderer writes its files."""

import asyncio
import os
import shutil
import tempfile
from collections.abc import Collection
from pathlib import Path

from services.render.stale_scratch import OWNER_FILE, PREFIX, owner_record


def make_scratch(root: Path | None, job_id: str) -> Path:
    """The job's own scratch folder, absolute: ffmpeg runs inside it, so a relative scratch
    setting must not reach the paths handed to it. It names its owner, so a worker starting
    later can tell a dead render's folder from a running one's (``stale_scratch``)."""
    if root is not None:
        root.mkdir(parents=True, exist_ok=True)
    work = Path(os.path.abspath(tempfile.mkdtemp(prefix=f"{PREFIX}{job_id}-", dir=root)))
    (work / OWNER_FILE).write_text(owner_record())
    return work


def reset_scratch(work: Path, keep: Collection[str]) -> None:
    """Remove everything but the ``keep`` names (and the owner file): what a failed render
    attempt wrote, so the next attempt starts as the first one did."""
    for entry in work.iterdir():
        if entry.name in keep or entry.name == OWNER_FILE:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


async def remove_scratch(work: Path) -> None:
    """Delete the scratch folder. A download cancelled on a failure may still be finishing in
    its thread and put a file back while rmtree runs: try again until the folder stays gone."""
    for _ in range(40):
        if await asyncio.to_thread(_gone, work):
            return
        await asyncio.sleep(0.05)


def _gone(work: Path) -> bool:
    shutil.rmtree(work, ignore_errors=True)
    return not work.exists()
