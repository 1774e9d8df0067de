"""Media facts from ``ffmpeg -i`` stderr (the imageio-ffmpeg build ships no ffprobe)."""

import asyncio
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from shared.media.ffmpeg import STDERR_TAIL, FfmpegError, ffmpeg_exe
from shared.media.mp4 import movie_duration
from shared.media.process import child_options, kill_group

_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\S+.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})")
_FPS = re.compile(r", ([\d.]+)(k?) fps")
_AUDIO = re.compile(r"Stream #\S+.*?: Audio: (\w+).*?, (\d+) Hz, ([^,]+)")
_LAYOUTS = {"mono": 1, "stereo": 2, "2.1": 3, "quad": 4, "5.0": 5, "5.1": 6, "7.1": 8}


@dataclass(frozen=True)
class MediaInfo:
    duration_s: float | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None


def parse_info(stderr: str) -> MediaInfo:
    """Facts of the first video and first audio stream of input #0 in ``ffmpeg -i`` output."""
    facts: dict[str, object] = {}
    if m := _DURATION.search(stderr):
        h, mi, s = m.groups()
        facts["duration_s"] = int(h) * 3600 + int(mi) * 60 + float(s)
    if m := _VIDEO.search(stderr):
        facts.update(video_codec=m[1], width=int(m[2]), height=int(m[3]))
        line = stderr[m.start() :].splitlines()[0]
        if f := _FPS.search(line):
            facts["fps"] = float(f[1]) * (1000 if f[2] else 1)
    if m := _AUDIO.search(stderr):
        layout = m[3].strip()
        n = re.match(r"(\d+) channels", layout)
        channels = int(n[1]) if n else _LAYOUTS.get(layout.split("(")[0])
        facts.update(audio_codec=m[1], sample_rate=int(m[2]), channels=channels)
    return MediaInfo(**facts)  # type: ignore[arg-type]


def wav_duration(path: Path) -> float | None:
    """Exact length of a RIFF WAV from its header; None when the header does not say."""
    with path.open("rb") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        rate = align = 0
        while chunk := f.read(8):
            if len(chunk) < 8:
                return None
            cid, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if cid == b"fmt ":
                fmt = f.read(size + (size & 1))
                rate, align = struct.unpack("<I", fmt[4:8])[0], struct.unpack("<H", fmt[12:14])[0]
            elif cid == b"data":
                # a streamed WAV writes 0 or 0xFFFFFFFF; leave those to ffmpeg's estimate
                if not rate or not align or size == 0xFFFFFFFF:
                    return None
                return float(size // align / rate)
            else:
                f.seek(size + (size & 1), 1)
    return None


async def probe(path: Path, *, ffmpeg: str | None = None) -> MediaInfo:
    """What ``ffmpeg -i`` says about a file; FfmpegError when it cannot read it."""
    cmd = [ffmpeg or ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)]
    proc = await asyncio.create_subprocess_exec(
        *cmd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        **child_options(),  # type: ignore[arg-type]
    )
    try:
        _, err = await proc.communicate()
    except BaseException:
        kill_group(proc.pid)
        await asyncio.shield(proc.wait())
        raise
    text = err.decode("utf-8", "replace")
    # with no output file ffmpeg always exits 1; a readable input still prints "Input #0"
    if "Input #0" not in text:
        tail = [ln for ln in text.splitlines() if ln.strip()][-STDERR_TAIL:]
        raise FfmpegError(proc.returncode or 1, tail, what=f"ffmpeg -i {path.name}")
    info = parse_info(text)
    exact = await asyncio.to_thread(_exact_duration, path)
    if exact is not None:
        info = MediaInfo(**{**info.__dict__, "duration_s": exact})
    return info


def _exact_duration(path: Path) -> float | None:
    """ffmpeg prints durations to 10 ms; headers of WAV and MP4 give the exact figure."""
    suffix = path.suffix.lower()
    if suffix == ".wav":
        return wav_duration(path)
    return movie_duration(path) if suffix in (".mp4", ".m4a", ".mov") else None
