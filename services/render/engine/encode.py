"""The render's two ffmpeg runs: the soundtrack (mixed and measured), then the video.

The soundtrack (drone, voice treatment, ducking, loudness) and the pictures (raw stills, the
camera's plan) are made side by side; the video's run then takes both.
"""

import asyncio
import signal
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from services.render.engine import audio, camera, stills
from services.render.engine.audio import AudioMix
from services.render.engine.graph import Encoding, command, shots
from services.render.engine.music import write_drone
from services.render.renderer import RendererCrashed, VideoPlan
from services.render.timeline import Timeline
from shared.media.ffmpeg import FfmpegError, ProgressFn, run_ffmpeg
from shared.media.heap import release_free_memory
from shared.runtime.errors import Cancelled, Permanent
from shared.runtime.stage import Context

CANCEL_CHECK_S = 3.0
A = TypeVar("A")
B = TypeVar("B")


async def encode(
    video: VideoPlan, out: Path, ctx: Context, *, ffmpeg: str, preset: str, crf: int
) -> None:
    """Render ``out`` (relative to ``video.work``); no music means a drone made for the job."""
    tl = video.timeline
    enc = Encoding(preset=preset, crf=crf, camera_seed=video.seed)
    plan, master = await _both(_pictures(video), _sound(video, ffmpeg, ctx))
    await release_free_memory()  # the stills' and the drone's buffers, before the long run
    await ctx.progress(0.07)
    size = (video.width, video.height)
    args = command(tl, Path(audio.MIX_FILE), master, enc, out, plan, size)
    checked = time.monotonic()

    async def progress(fraction: float) -> None:
        nonlocal checked
        await ctx.progress(0.08 + 0.85 * fraction)
        if time.monotonic() - checked >= CANCEL_CHECK_S:
            checked = time.monotonic()
            if await ctx.cancelled():  # stops ffmpeg: a cancelled job's render is wasted CPU
                raise Cancelled("job was cancelled while rendering")

    stats = await _ffmpeg(args, video.work, tl, ffmpeg, progress)
    frames = int(stats.get("frame", "0") or 0)
    # a still that decodes to nothing leaves ffmpeg "successful" with a short video
    if abs(frames - tl.total_frames) > len(tl.slots):
        raise Permanent(f"ffmpeg wrote {frames} frames, the timeline needs {tl.total_frames}")


async def _pictures(video: VideoPlan) -> list[camera.Shot]:
    """The stills as one raw stream and the camera's script; returns the camera's plan."""
    work, tl = video.work, video.timeline
    plan = await asyncio.to_thread(shots, tl, video.seed, video.width, video.height)
    (work / camera.FILE).write_text(camera.commands(plan, tl.fps), encoding="utf-8")
    try:
        await asyncio.to_thread(stills.write_stills, [work / p for p in video.pictures],
                                work / stills.FILE, video.width, video.height)  # fmt: skip
    except (OSError, ValueError) as e:  # verified already: only a picture Pillow can't decode
        raise Permanent(f"a scene picture could not be decoded: {e}") from e
    return plan


async def _sound(video: VideoPlan, ffmpeg: str, ctx: Context) -> str:
    """Mix and measure the soundtrack; returns the video's filter for it (gain, limiter)."""
    work, tl, sound = video.work, video.timeline, video.sound
    music = sound.music
    if music is None:
        music = await asyncio.to_thread(write_drone, work / "drone.wav", video.seed)
    mix = AudioMix(music=music, music_db=sound.music_db,
                   pitch_semitones=sound.voice_pitch_semitones, echo=sound.voice_echo,
                   lufs=sound.loudness_lufs, true_peak_db=sound.true_peak_db)  # fmt: skip
    await _ffmpeg(audio.mix_command(tl, video.voices, mix), work, tl, ffmpeg)
    loudness = audio.integrated((work / audio.LOUDNESS_FILE).read_text(encoding="utf-8"))
    ctx.log.info("render.mixed", lufs=round(loudness, 2))
    return audio.master(loudness, mix, tl.total_s)


async def _both(a: Coroutine[Any, Any, A], b: Coroutine[Any, Any, B]) -> tuple[A, B]:
    """Run both; if one fails, stop the other (its ffmpeg too) before raising."""
    first, second = asyncio.ensure_future(a), asyncio.ensure_future(b)
    try:
        return await first, await second
    except BaseException:
        for task in (first, second):
            task.cancel()
        await asyncio.gather(first, second, return_exceptions=True)
        raise


async def _ffmpeg(
    args: list[str], work: Path, tl: Timeline, ffmpeg: str, progress: ProgressFn | None = None
) -> dict[str, str]:
    try:
        return await run_ffmpeg(args, ffmpeg=ffmpeg, duration_s=tl.total_s,
                                on_progress=progress, cwd=work)  # fmt: skip
    except FfmpegError as e:
        if e.killed:  # a crash (SIGSEGV), the OOM killer, an operator: another try may finish
            raise RendererCrashed(_crash_words(e), -e.returncode, e.tail) from e
        raise Permanent(f"ffmpeg could not render the video: {e}") from e


def _crash_words(e: FfmpegError) -> str:
    number = -e.returncode
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = "unknown signal"
    tail = "\n".join(e.tail[-5:]) if e.tail else "(no output on stderr)"
    return f"encoder crashed: ffmpeg was killed by signal {number} ({name}):\n{tail}"
