"""Narration audio as one kind of file: mono 16-bit PCM WAV, whatever the provider sent.

Providers answer in MP3 (ElevenLabs), WAV with a streaming header (OpenAI) or LINEAR16 WAV
(Google). A clean PCM WAV is read directly; anything else goes through ffmpeg. The duration is
always counted from the samples of the file we store, never taken from the provider.
"""

import asyncio
import io
import struct
import tempfile
import wave
from pathlib import Path

import numpy as np

from shared.media.ffmpeg import FfmpegError, run_ffmpeg
from shared.providers import Malformed


def read(data: bytes) -> tuple[np.ndarray, int]:
    """Samples as float32 in [-1, 1] (channels averaged) and the sample rate."""
    with wave.open(io.BytesIO(data)) as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"expected 16-bit PCM, got {8 * w.getsampwidth()}-bit")
        channels, rate = w.getnchannels(), w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768.0
    if channels > 1:
        pcm = pcm[: len(pcm) // channels * channels].reshape(-1, channels).mean(axis=1)
    return pcm, rate


def write(samples: np.ndarray, rate: int) -> bytes:
    pcm = np.round(np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def duration(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as w:
        return float(w.getnframes() / w.getframerate())


def _clean_pcm(data: bytes) -> bool:
    """A RIFF PCM16 WAV whose data chunk size matches the bytes we hold (no streaming header)."""
    if len(data) < 44 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return False
    pos, fmt_ok = 12, False
    while pos + 8 <= len(data):
        cid, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if cid == b"fmt ":
            tag, _, _, _, _, bits = struct.unpack("<HHIIHH", data[pos + 8 : pos + 24])
            fmt_ok = tag == 1 and bits == 16
        elif cid == b"data":
            return fmt_ok and pos + 8 + size == len(data)
        pos += 8 + size + (size & 1)
    return False


async def normalise(data: bytes, ffmpeg: str) -> bytes:
    """Any audio the provider sent as a mono 16-bit WAV at its own sample rate.

    Malformed when the bytes are not audio: a provider glitch worth another call.
    """
    if not data:
        raise Malformed("the audio is empty")
    if _clean_pcm(data):
        samples, rate = read(data)
        return data if _channels(data) == 1 else write(samples, rate)
    with tempfile.TemporaryDirectory(prefix="grimreel-tts-") as tmp:
        src, dst = Path(tmp) / "in.bin", Path(tmp) / "out.wav"
        await asyncio.to_thread(src.write_bytes, data)
        try:
            await run_ffmpeg(
                ["-i", str(src), "-ac", "1", "-c:a", "pcm_s16le", "-y", str(dst)], ffmpeg=ffmpeg
            )
        except FfmpegError as e:
            raise Malformed(f"ffmpeg cannot read it as audio ({e.tail[-1:]})") from None
        out = await asyncio.to_thread(dst.read_bytes)
    if duration(out) <= 0:
        raise Malformed("the audio has no samples")
    return out


def _channels(data: bytes) -> int:
    with wave.open(io.BytesIO(data)) as w:
        return int(w.getnchannels())
