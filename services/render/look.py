"""The job's own choices of music and caption style, and a record of what the video used.

They come from the job's record (as notify reads its targets there): assets.ready is joined
from scene parts, which carry no spec. A job that chose nothing gets the process settings.
"""

from pathlib import Path

from pydantic import ValidationError

from services.render.music_choice import DRONE
from services.render.timeline import HEIGHT, PREVIEW_HEIGHT, PREVIEW_WIDTH, WIDTH
from shared.messages.job import JobSpec
from shared.runtime.stage import Context


async def job_spec(ctx: Context) -> JobSpec | None:
    """The job's spec from its record; None when the record (or its spec) is gone, and then
    the process settings decide, as for a job that chose nothing."""
    job = await ctx.job()
    if job is None or not job.spec:
        return None
    try:
        return JobSpec.model_validate(job.spec)
    except ValidationError:
        return None


def describe(spec: JobSpec | None, music: Path | None) -> dict[str, object]:
    """What the video was made with, for metadata.json and the log: the names a job could
    choose, whether it chose them or the settings did."""
    return {
        "music": DRONE if music is None else music.stem,
        "caption_style": (spec.caption_style if spec else None) or "karaoke",
        "pace": (spec.pace if spec else None) or 1.0,
        "preview": is_preview(spec),
    }


def is_preview(spec: JobSpec | None) -> bool:
    return bool(spec and spec.preview)


def frame(spec: JobSpec | None) -> tuple[int, int]:
    """The video's width and height: a preview is drawn at half size."""
    return (PREVIEW_WIDTH, PREVIEW_HEIGHT) if is_preview(spec) else (WIDTH, HEIGHT)
