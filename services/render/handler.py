"""assets.ready → video.rendered: fetch the scene assets, render once with ffmpeg, upload."""

import asyncio
import json
import shutil
import tempfile
import time
import zlib
from pathlib import Path

from services.render import ass, captions, subtitles
from services.render.deps import RenderDeps
from services.render.graph import AudioMix, Encoding, command
from services.render.inputs import SceneInput, fetch_scenes, fetch_story
from services.render.metadata import metadata
from services.render.music import write_drone
from services.render.thumbnail import make_thumbnail
from services.render.timeline import Timeline, plan
from services.render.typeface import FONT_FILE
from shared.media.ffmpeg import FfmpegError, run_ffmpeg
from shared.media.probe import probe
from shared.messages.render import AssetsReady, VideoRendered
from shared.runtime.errors import Cancelled, Permanent
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
    if deps.scratch_dir is not None:
        deps.scratch_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"render-{msg.job_id}-", dir=deps.scratch_dir))
    try:
        story = await fetch_story(deps.storage, msg.story_key)
        scenes = await fetch_scenes(msg, deps.storage, work, deps.ffmpeg)
        await ctx.progress(0.04)
        tl = plan([(s.index, s.speech_s) for s in scenes], pause_s=deps.pause_s,
                  crossfade_s=deps.crossfade_s)  # fmt: skip
        ctx.log.info("render.planned", scenes=len(scenes), seconds=round(tl.total_s, 2),
                     frames=tl.total_frames)  # fmt: skip
        music = await _prepare(work, msg.job_id, story.title, scenes, tl, deps)
        await _encode(work, scenes, tl, music, ctx, deps)
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
        shutil.rmtree(work, ignore_errors=True)
    took = time.perf_counter() - t0
    ctx.log.info("render.done", seconds=round(duration, 2), render_s=round(took, 2))
    return VideoRendered(job_id=msg.job_id, outputs=outputs, duration_s=duration, render_s=took)


async def _prepare(
    work: Path, job_id: str, title: str, scenes: list[SceneInput], tl: Timeline,
    deps: RenderDeps,
) -> Path | None:  # fmt: skip
    """Caption files and the font beside the video; the music to loop under it."""
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
    seed = zlib.crc32(job_id.encode())
    if deps.music_file is not None:
        return pick_music(deps.music_file, seed)
    return await asyncio.to_thread(write_drone, work / "drone.wav", seed)


MUSIC_SUFFIXES = (".mp3", ".wav", ".ogg", ".m4a", ".flac", ".aac", ".opus")


def pick_music(path: Path, seed: int) -> Path:
    """A file as given, or one track of a folder chosen by the job (stable per job)."""
    if path.is_file():
        return path.resolve()
    tracks = sorted(p for p in path.glob("*") if p.suffix.lower() in MUSIC_SUFFIXES)
    if not tracks:
        raise Permanent(f"music path {str(path)!r} is neither a file nor a folder of audio files")
    return tracks[seed % len(tracks)].resolve()


async def _encode(
    work: Path, scenes: list[SceneInput], tl: Timeline, music: Path | None, ctx: Context,
    deps: RenderDeps,
) -> None:  # fmt: skip
    mix = AudioMix(music=music, music_db=deps.music_db, pitch_semitones=deps.voice_pitch_semitones,
                   echo=deps.voice_echo, lufs=deps.loudness_lufs,
                   true_peak_db=deps.true_peak_db)  # fmt: skip
    enc = Encoding(preset=deps.preset, crf=deps.crf, camera_seed=zlib.crc32(ctx.job_id.encode()))
    args = command(tl, [s.image for s in scenes], [s.audio for s in scenes], mix, enc,
                   Path("video.mp4"))  # fmt: skip
    checked = time.monotonic()

    async def progress(fraction: float) -> None:
        nonlocal checked
        await ctx.progress(0.05 + 0.88 * fraction)
        if time.monotonic() - checked >= CANCEL_CHECK_S:
            checked = time.monotonic()
            if await ctx.cancelled():  # stops ffmpeg: a cancelled job's render is wasted CPU
                raise Cancelled("job was cancelled while rendering")

    try:
        stats = await run_ffmpeg(args, ffmpeg=deps.ffmpeg, duration_s=tl.total_s,
                                 on_progress=progress, cwd=work)  # fmt: skip
    except FfmpegError as e:
        if e.killed:  # stopped from outside (OOM, operator): another attempt may finish
            raise
        raise Permanent(f"ffmpeg could not render the video: {e}") from e
    frames = int(stats.get("frame", "0") or 0)
    # a still that decodes to nothing leaves ffmpeg "successful" with a short video
    if abs(frames - tl.total_frames) > len(tl.slots):
        raise Permanent(f"ffmpeg wrote {frames} frames, the timeline needs {tl.total_frames}")
