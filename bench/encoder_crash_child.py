"""One render of bench.encoder_crash, in its own process: the real handler, no crash retries.

A variant's change reaches only the video's ffmpeg run (the one with libx264), through the
engine's own call of ``run_ffmpeg``.
"""

import asyncio
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import structlog

from services.render.bootstrap import make_renderer
from services.render.deps import RenderDeps
from services.render.engine import encode
from services.render.handler import render
from services.render.renderer import RendererCrashed
from services.render.settings import RenderSettings
from shared.media.ffmpeg import ffmpeg_exe, run_ffmpeg
from shared.messages.render import AssetsReady
from shared.runtime.stage import Context
from shared.state.base import JobRecord
from shared.state.memory import MemoryState
from shared.storage.local import LocalStorage

CRASHED = 3  # the child's exit code when the video's ffmpeg died of a signal
PAUSE_S: float = RenderSettings.model_fields["pause_s"].default


def _patch(edit: Callable[[list[str]], list[str]]) -> None:
    async def edited(args: list[str], **kw: Any) -> dict[str, str]:
        return await run_ffmpeg(edit(args) if "libx264" in args else args, **kw)

    encode.run_ffmpeg = edited  # type: ignore[attr-defined]  # looked up at each call


def render_once(
    spec_file: Path,
    result: Path,
    ffmpeg: str | None,
    edit: Callable[[list[str]], list[str]] | None,
) -> None:
    spec = json.loads(spec_file.read_text())
    msg = AssetsReady.model_validate_json(spec["msg"])
    if edit is not None:
        _patch(edit)
    scratch = result.with_suffix(".tmp")
    deps = RenderDeps(
        storage=LocalStorage(Path(spec["store"])),
        settings=RenderSettings(pause_s=PAUSE_S, crash_retries=0),
        renderer=make_renderer("ffmpeg", ffmpeg_exe(ffmpeg)), scratch_dir=scratch,
    )  # fmt: skip

    async def go() -> dict[str, object]:
        state = MemoryState()
        await state.create(JobRecord(job_id=msg.job_id))
        ctx = Context(msg.job_id, "render", "bench", 0, structlog.get_logger(), state)
        try:
            done = await render(msg, ctx, deps)
        except RendererCrashed as e:
            return {"signal": e.signal, "tail": e.tail[-8:]}
        return {"signal": 0, "duration_s": done.duration_s}

    structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))
    try:
        got = asyncio.run(go())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result.write_text(json.dumps(got))
    if got["signal"]:
        sys.exit(CRASHED)
