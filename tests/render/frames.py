"""Reading a rendered video back: frames as arrays, loudness, frame count (real ffmpeg)."""

import io
import re
import subprocess
from pathlib import Path

import numpy as np
from PIL import Image

from shared.media.ffmpeg import ffmpeg_exe


def frame_at(video: Path, seconds: float) -> np.ndarray:
    """The frame shown at ``seconds`` as an RGB array (height, width, 3)."""
    png = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-ss", f"{seconds:.3f}", "-i", str(video),
         "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def loudness(video: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) measured by ffmpeg's EBU R128 meter."""
    err = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(video), "-map", "0:a",
         "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    summary = err[err.rindex("Summary:") :]
    lufs = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary)[1])  # type: ignore[index]
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)[1])  # type: ignore[index]
    return lufs, peak


def video_frames(video: Path) -> int:
    """Frames in the video stream, counted by decoding it."""
    out = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(video), "-map", "0:v", "-f", "null", "-",
         "-progress", "pipe:1"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return int(re.findall(r"^frame=(\d+)", out, re.M)[-1])
