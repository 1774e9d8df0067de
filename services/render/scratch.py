"""The job's scratch folder: where the inputs are fetched and the renderer writes its files."""

import asyncio
import os
import shutil
import tempfile
from pathlib import Path


def make_scratch(root: Path | None, job_id: str) -> Path:
    """The job's own scratch folder, absolute: ffmpeg runs inside it, so a relative scratch
    setting must not reach the paths handed to it."""
    if root is not None:
        root.mkdir(parents=True, exist_ok=True)
    return Path(os.path.abspath(tempfile.mkdtemp(prefix=f"render-{job_id}-", dir=root)))


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
