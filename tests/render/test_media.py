"""shared.media against the real ffmpeg: probing, progress, errors, and no orphan children."""

import asyncio
import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from shared.media.ffmpeg import FfmpegError, ffmpeg_exe, progress_fraction, run_ffmpeg
from shared.media.mp4 import is_faststart, movie_duration
from shared.media.probe import parse_info, probe, wav_duration
from tests.render.samples import tone_wav

MP4_STDERR = """Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'v.mp4':
  Duration: 00:01:02.47, start: 0.000000, bitrate: 1234 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1080x1920 [SAR 1:1 DAR 9:16], 1100 kb/s, 29.97 fps, 29.97 tbr, 15360 tbn (default)
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, 5.1, fltp, 192 kb/s (default)
"""  # noqa: E501


def test_parse_info_reads_streams() -> None:
    info = parse_info(MP4_STDERR)
    assert info.duration_s == pytest.approx(62.47)
    assert (info.width, info.height, info.fps) == (1080, 1920, 29.97)
    assert (info.video_codec, info.audio_codec) == ("h264", "aac")
    assert (info.sample_rate, info.channels) == (44100, 6)
    wav = parse_info("Input #0, wav\n  Stream #0:0: Audio: pcm_s16le, 22050 Hz, 3 channels, s16")
    assert (wav.audio_codec, wav.channels, wav.width) == ("pcm_s16le", 3, None)


def test_ffmpeg_can_be_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundled = ffmpeg_exe()
    assert Path(bundled).is_file() and os.access(bundled, os.X_OK)
    monkeypatch.setenv("GRIMREEL_FFMPEG", bundled)
    assert ffmpeg_exe() == bundled
    with pytest.raises(FileNotFoundError, match="no-ffmpeg-here"):
        ffmpeg_exe(str(tmp_path / "no-ffmpeg-here"))


def test_progress_fraction() -> None:
    assert progress_fraction("out_time_us=2500000", 10.0) == pytest.approx(0.25)
    assert progress_fraction("out_time_us=N/A", 10.0) is None
    assert progress_fraction("out_time_us=99000000", 10.0) == 1.0
    assert progress_fraction("progress=end", None) == 1.0
    assert progress_fraction("frame=12", 10.0) is None


async def test_probe_gives_exact_wav_length(tmp_path: Path) -> None:
    wav = tmp_path / "a.wav"
    wav.write_bytes(tone_wav(1.2345, 200))
    info = await probe(wav)
    assert info.duration_s == pytest.approx(1.2345, abs=1 / 24_000)
    assert wav_duration(wav) == info.duration_s
    assert (info.audio_codec, info.channels, info.sample_rate) == ("pcm_s16le", 1, 24_000)


async def test_probe_refuses_garbage(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(os.urandom(2000))
    with pytest.raises(FfmpegError) as caught:
        await probe(bad)
    assert caught.value.tail and not caught.value.killed


async def test_faststart_is_detected(tmp_path: Path) -> None:
    src = ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=30:duration=1"]
    await run_ffmpeg([*src, "-c:v", "libx264", "-preset", "ultrafast", "-y", "slow.mp4"],
                     cwd=tmp_path)  # fmt: skip
    await run_ffmpeg([*src, "-c:v", "libx264", "-preset", "ultrafast", "-movflags", "+faststart",
                      "-y", "fast.mp4"], cwd=tmp_path)  # fmt: skip
    assert not is_faststart(tmp_path / "slow.mp4")
    assert is_faststart(tmp_path / "fast.mp4")
    assert movie_duration(tmp_path / "fast.mp4") == pytest.approx(1.0, abs=0.001)


async def test_failure_carries_stderr_tail(tmp_path: Path) -> None:
    with pytest.raises(FfmpegError) as caught:
        await run_ffmpeg(["-i", str(tmp_path / "nothing-here.wav"), "-f", "null", "-"])
    err = caught.value
    assert err.returncode > 0 and not err.killed
    assert "nothing-here.wav" in str(err)
    assert len(err.tail) <= 15


def _pids_running(marker: str) -> list[int]:
    """Live processes whose command line holds marker (zombies have an empty one)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _endless(marker: str) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=frequency={marker}", "-f", "null", "-"]


async def _wait_for(check, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_cancellation_kills_ffmpeg() -> None:
    marker = f"{random.randint(1000, 9000)}.{random.randint(100000, 999999)}"
    task = asyncio.create_task(run_ffmpeg(_endless(marker)))
    assert await _wait_for(lambda: _pids_running(marker))
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not _pids_running(marker)


async def test_progress_callback_error_stops_ffmpeg() -> None:
    marker = f"{random.randint(1000, 9000)}.{random.randint(100000, 999999)}"

    async def refuse(fraction: float) -> None:
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        await run_ffmpeg(_endless(marker), duration_s=1000.0, on_progress=refuse)
    assert not _pids_running(marker)


async def test_ffmpeg_dies_with_a_killed_worker() -> None:
    marker = f"{random.randint(1000, 9000)}.{random.randint(100000, 999999)}"
    code = (
        "import asyncio, sys\n"
        "from shared.media.ffmpeg import run_ffmpeg\n"
        "from tests.render.test_media import _endless\n"
        "asyncio.run(run_ffmpeg(_endless(sys.stdin.readline().strip())))\n"
    )
    root = Path(__file__).resolve().parents[2]
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stdin=asyncio.subprocess.PIPE, cwd=root
    )
    try:
        assert worker.stdin is not None
        worker.stdin.write(marker.encode() + b"\n")
        await worker.stdin.drain()
        assert await _wait_for(lambda: _pids_running(marker)), "ffmpeg never started"
        os.kill(worker.pid, signal.SIGKILL)  # no chance to clean up: only the kernel can help
        await worker.wait()
        assert await _wait_for(lambda: not _pids_running(marker), timeout=5.0)
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()
        for pid in _pids_running(marker):  # only if the test failed: leave no stray ffmpeg
            os.kill(pid, signal.SIGKILL)
