"""A job's speaking pace: the narration time-stretched after the voice, its pitch kept.

Done here rather than by each provider, so every voice (hosted or offline, and the content
cache, which keeps the voice's own take) honours it the same way. ffmpeg's ``atempo`` changes
speed without pitch; word timings are divided by the pace, so captions stay on their words.
"""

import asyncio
import tempfile
from pathlib import Path

import ffmpeg

from services.tts import wav
from services.tts.voice import Speech
from shared.media.ffmpeg import run_ffmpeg
from shared.messages.scene import WordTiming


def args(src: Path, dst: Path, pace: float, rate: int) -> list[str]:
    stream = ffmpeg.input(str(src)).filter("atempo", tempo=f"{pace:.4f}")
    out = stream.output(str(dst), ac=1, ar=rate, acodec="pcm_s16le").overwrite_output()
    return list(out.get_args())


async def at_pace(speech: Speech, pace: float, ffmpeg_exe: str) -> Speech:
    """The speech ``pace`` times as fast (1.2: 20 % faster), same voice and sample rate."""
    _, rate = await asyncio.to_thread(wav.read, speech.wav)
    with tempfile.TemporaryDirectory(prefix="grimreel-pace-") as tmp:
        src, dst = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
        await asyncio.to_thread(src.write_bytes, speech.wav)
        await run_ffmpeg(args(src, dst, pace, rate), ffmpeg=ffmpeg_exe)
        out = await asyncio.to_thread(dst.read_bytes)
    duration = wav.duration(out)
    words = [
        WordTiming(
            word=w.word, start=min(w.start / pace, duration), end=min(w.end / pace, duration)
        )
        for w in speech.words
    ]
    return Speech(wav=out, words=words, duration_s=duration)
