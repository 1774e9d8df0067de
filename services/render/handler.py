"""assets.ready → video.rendered: fetch the scene assets, mix the sound, render, upload."""

import asyncio
import json
import os
import shutil
import tempfile
import time
import zlib
from pathlib import Path

from services.render import ass, captions, subtitles
from services.render.deps import RenderDeps
from services.render.encode import encode
from services.render.inputs import SceneInput, fetch_scenes, fetch_story
from services.render.metadata import metadata
from services.render.thumbnail import make_thumbnail
from services.render.timeline import Timeline, plan
from services.render.typeface import FONT_FILE
from shared.media.probe import probe
from shared.messages.render import AssetsReady, VideoRendered
from shared.runtime.errors import Permanent
from shared.runtime.stage import Context
from shared.storage import keys

CONTENT_TYPES = {
    "video.mp4": "video/mp4",
    "thumbnail.jpg": "image/jpeg",
    "captions.srt": "application/x-subrip",
    "captions.vtt": "text/vtt",
    "metadata.json": "application/json",
}
CANCEL_CHECK_S = 3.0
__all__ = ["RenderDeps", "render"]


async def render(msg: AssetsReady, ctx: Context, deps: RenderDeps) -> VideoRendered:
    t0 = time.perf_counter()
    work = _scratch(deps.scratch_dir, msg.job_id)
    try:
        story = await fetch_story(deps.storage, msg.story_key)
        scenes = await fetch_scenes(msg, deps.storage, work, deps.ffmpeg)
        await ctx.progress(0.04)
        tl = plan([(s.index, s.speech_s) for s in scenes], pause_s=deps.pause_s,
                  crossfade_s=deps.crossfade_s)  # fmt: skip
        ctx.log.info("render.planned", scenes=len(scenes), seconds=round(tl.total_s, 2),
                     frames=tl.total_frames)  # fmt: skip
        _captions(work, story.title, scenes, tl, deps)
        music = None if deps.music_file is None else pick_music(deps.music_file, _seed(msg))
        await encode(work, scenes, tl, music, _seed(msg), ctx, deps)
        video = work / "video.mp4"
        duration = (await probe(video, ffmpeg=deps.ffmpeg)).duration_s or tl.total_s
        await asyncio.to_thread(make_thumbnail, work / scenes[0].image, story.title,
                                work / "thumbnail.jpg")  # fmt: skip
        outputs = {name: keys.output(msg.job_id, name) for name in CONTENT_TYPES}
        meta = metadata(story, tl, duration, outputs)
        (work / "metadata.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False))
        await asyncio.gather(*(
            deps.storage.put_file(key, work / name, CONTENT_TYPES[name])
            for name, key in outputs.items()
        ))  # fmt: skip
        await ctx.progress(1.0)
    finally:
        await _remove(work)
    took = time.perf_counter() - t0
    ctx.log.info("render.done", seconds=round(duration, 2), render_s=round(took, 2))
    return VideoRendered(job_id=msg.job_id, outputs=outputs, duration_s=duration, render_s=took)


def _scratch(root: Path | None, job_id: str) -> Path:
    """The job's own scratch folder, absolute: ffmpeg runs inside it, so a relative scratch
    setting must not reach the paths handed to it."""
    if root is not None:
        root.mkdir(parents=True, exist_ok=True)
    return Path(os.path.abspath(tempfile.mkdtemp(prefix=f"render-{job_id}-", dir=root)))


async def _remove(work: Path) -> None:
    """Delete the scratch folder. A download cancelled on a failure may still be finishing in
    its thread and put a file back while rmtree runs: try again until the folder stays gone."""
    for _ in range(40):
        if await asyncio.to_thread(_gone, work):
            return
        await asyncio.sleep(0.05)


def _gone(work: Path) -> bool:
    shutil.rmtree(work, ignore_errors=True)
    return not work.exists()


def _seed(msg: AssetsReady) -> int:
    """Stable per job: picks its drone or music track and its camera's framings."""
    return zlib.crc32(msg.job_id.encode())


def _captions(
    work: Path, title: str, scenes: list[SceneInput], tl: Timeline, deps: RenderDeps
) -> None:
    """Caption files and the font beside the video."""
    words = [
        w
        for s, slot in zip(scenes, tl.slots, strict=True)
        for w in captions.place(s.index, slot.start_s, s.speech_s, s.words)
    ]
    phrases = captions.group(words)
    title_s = min(deps.title_s, tl.total_s) if deps.title_card else 0.0
    doc = ass.script(phrases, deps.caption_style, title=title if title_s else None,
                     title_s=title_s)  # fmt: skip
    (work / "captions.ass").write_text(doc, encoding="utf-8")
    (work / "captions.srt").write_text(subtitles.srt(phrases), encoding="utf-8")
    (work / "captions.vtt").write_text(subtitles.vtt(phrases), encoding="utf-8")
    (work / "fonts").mkdir()
    shutil.copyfile(FONT_FILE, work / "fonts" / FONT_FILE.name)


MUSIC_SUFFIXES = (".mp3", ".wav", ".ogg", ".m4a", ".flac", ".aac", ".opus")


def pick_music(path: Path, seed: int) -> Path:
    """A file as given, or one track of a folder chosen by the job (stable per job)."""
    if path.is_file():
        return path.resolve()
    tracks = sorted(p for p in path.glob("*") if p.suffix.lower() in MUSIC_SUFFIXES)
    if not tracks:
        raise Permanent(f"music path {str(path)!r} is neither a file nor a folder of audio files")
    return tracks[seed % len(tracks)].resolve()
