"""A job's render inputs in local storage, and a Context to render them under."""

from pathlib import Path

import structlog

from services.render.bootstrap import make_renderer
from services.render.deps import RenderDeps
from services.render.settings import RenderSettings
from shared.config import load_as
from shared.media.ffmpeg import ffmpeg_exe
from shared.runtime.stage import Context
from shared.state.base import JobRecord
from shared.state.memory import MemoryState
from shared.storage.local import LocalStorage


class RecordingState(MemoryState):
    """Memory state that remembers every progress value it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.progress_seen: list[float] = []

    async def set_progress(self, job_id: str, progress: float) -> bool:
        self.progress_seen.append(progress)
        return await super().set_progress(job_id, progress)


async def make_context(job_id: str) -> tuple[Context, RecordingState]:
    state = RecordingState()
    await state.create(JobRecord(job_id=job_id))
    return Context(job_id, "render", "msg1", 0, structlog.get_logger(), state), state


def make_deps(root: Path, **options: object) -> RenderDeps:
    """The stage's deps with the ffmpeg renderer; ``preset``/``crf`` go to the renderer, any
    other option to RenderSettings."""
    encoder = {"preset": "ultrafast"} | {
        k: options.pop(k) for k in ("preset", "crf") if k in options
    }
    return RenderDeps(
        storage=LocalStorage(root / "store"),
        renderer=make_renderer("ffmpeg", ffmpeg_exe(), encoder),
        settings=load_as(RenderSettings, **options),
        scratch_dir=root / "scratch",
    )
