"""Finding ffmpeg and running it as an async child with progress and a useful error."""

import asyncio
import os
import shutil
import time
from collections import deque
from collections.abc import Awaitable, Callable
from pathlib import Path

from shared.media.process import child_options, kill_group

ProgressFn = Callable[[float], Awaitable[None]]
STDERR_TAIL = 15
PROGRESS_EVERY_S = 0.5


class FfmpegError(Exception):
    """ffmpeg exited non-zero; ``tail`` holds its last stderr lines."""

    def __init__(self, returncode: int, tail: list[str], what: str = "ffmpeg") -> None:
        self.returncode = returncode
        self.tail = tail
        how = f"was killed by signal {-returncode}" if returncode < 0 else f"exited {returncode}"
        detail = "\n".join(tail) if tail else "(no output on stderr)"
        super().__init__(f"{what} {how}:\n{detail}")

    @property
    def killed(self) -> bool:
        """Stopped from outside (OOM killer, operator): retrying may succeed."""
        return self.returncode < 0


def ffmpeg_exe(settings_value: str | None = None) -> str:
    """The ffmpeg to run: the setting, else GRIMREEL_FFMPEG, else imageio-ffmpeg's static build."""
    named = settings_value or os.environ.get("GRIMREEL_FFMPEG")
    if named:
        found = shutil.which(named)
        if found is None:
            raise FileNotFoundError(f"GRIMREEL_FFMPEG names {named!r}, which is not executable")
        return found
    import imageio_ffmpeg  # late: its import probes the file system

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def progress_fraction(line: str, duration_s: float | None) -> float | None:
    """The fraction done from one ``-progress`` line, or None when the line carries none."""
    key, _, value = line.partition("=")
    if key == "progress" and value == "end":
        return 1.0
    if key != "out_time_us" or not duration_s or duration_s <= 0:
        return None
    try:
        us = int(value)
    except ValueError:  # "N/A" before the first frame is out
        return None
    return min(max(us / (duration_s * 1e6), 0.0), 1.0)


async def run_ffmpeg(
    args: list[str],
    *,
    ffmpeg: str | None = None,
    duration_s: float | None = None,
    on_progress: ProgressFn | None = None,
    cwd: Path | None = None,
) -> dict[str, str]:
    """Run ``ffmpeg args``; report progress; kill it on cancellation; FfmpegError on failure.

    Returns ffmpeg's last ``-progress`` block (``frame``, ``out_time_us``, ...). Only errors
    reach stderr unless ``args`` sets another ``-loglevel`` (the last one wins). An exception
    raised by ``on_progress`` stops ffmpeg and propagates.
    """
    exe = ffmpeg or ffmpeg_exe()
    cmd = [exe, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error"]
    cmd += ["-progress", "pipe:1", *args]
    proc = await asyncio.create_subprocess_exec(
        *cmd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=cwd,
        **child_options(),  # type: ignore[arg-type]
    )
    tail: deque[str] = deque(maxlen=STDERR_TAIL)
    stats: dict[str, str] = {}
    readers = [
        asyncio.ensure_future(_read_progress(proc.stdout, duration_s, on_progress, stats)),
        asyncio.ensure_future(_read_lines(proc.stderr, tail)),
    ]
    try:
        await asyncio.gather(*readers)
        code = await proc.wait()
    except BaseException:
        for reader in readers:
            reader.cancel()
        kill_group(proc.pid)
        await asyncio.shield(proc.wait())
        raise
    if code != 0:
        raise FfmpegError(code, list(tail))
    return stats


async def _read_lines(stream: asyncio.StreamReader | None, tail: deque[str]) -> None:
    assert stream is not None
    async for raw in stream:
        line = raw.decode("utf-8", "replace").rstrip()
        if line:
            tail.append(line)


async def _read_progress(
    stream: asyncio.StreamReader | None,
    duration_s: float | None,
    on_progress: ProgressFn | None,
    stats: dict[str, str],
) -> None:
    assert stream is not None
    last_sent, last_at = -1.0, 0.0
    async for raw in stream:
        line = raw.decode("ascii", "replace").strip()
        key, sep, value = line.partition("=")
        if sep:
            stats[key] = value
        fraction = progress_fraction(line, duration_s)
        if fraction is None or on_progress is None:
            continue
        now = time.monotonic()
        # a state write per line would be ~10/s of Redis traffic for nothing a person can see
        if fraction > last_sent and (fraction >= 1.0 or now - last_at >= PROGRESS_EVERY_S):
            last_sent, last_at = fraction, now
            await on_progress(fraction)
