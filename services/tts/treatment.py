"""The horror voice treatment: a lower voice, a darker tone, a little room, same timing.

Pitch: ``asetrate`` plays the samples slower (lower and longer), ``aresample`` returns to the
file's rate and ``atempo`` restores the speed without touching the pitch, so every word stays
where the timings say. EQ: a high-pass clears rumble, a low-pass takes the air off the top,
a lift at 150 Hz adds chest and one at 3 kHz keeps the words clear under music. A short,
quiet echo suggests a stone room without smearing syllables. The output is padded or cut to
exactly the input's sample count: atempo rounds, and the echo tail would lengthen the scene.
Last, the peak is brought back to -1 dBFS, which the echo's gains and the EQ headroom lower.
"""

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path

import ffmpeg
import numpy as np

from services.tts import wav
from services.tts.voice import Speech, Voice
from shared.media.ffmpeg import run_ffmpeg

PEAK = 0.89  # about -1 dBFS, as the offline voice leaves it


@dataclass(frozen=True)
class Treatment:
    semitones: float = -3.0
    echo: bool = True

    def describe(self) -> str:
        """Part of the cache key: a change here must not reuse audio treated the old way."""
        return f"horror-v1:{self.semitones:+.2f}st:echo={int(self.echo)}"

    def steps(self, rate: int, samples: int) -> list[tuple[str, dict[str, object]]]:
        """The filter chain as (filter, options) pairs, in order."""
        steps: list[tuple[str, dict[str, object]]] = []
        if self.semitones:
            r = 2 ** (self.semitones / 12)
            steps += [("asetrate", {"r": round(rate * r)}), ("aresample", {"osr": rate}),
                      ("atempo", {"tempo": f"{1 / r:.6f}"})]  # fmt: skip
        steps += [
            ("volume", {"volume": "-3dB"}),  # headroom for the EQ lifts; render sets loudness
            ("highpass", {"f": 70}),
            ("lowpass", {"f": 7000}),
            ("equalizer", {"f": 150, "t": "q", "w": 1.0, "g": 3}),
            ("equalizer", {"f": 3000, "t": "q", "w": 1.2, "g": 2}),
        ]
        if self.echo:
            steps.append(("aecho", {"in_gain": 0.85, "out_gain": 0.6, "delays": "55|110",
                                    "decays": "0.18|0.09"}))  # fmt: skip
        steps += [("apad", {"whole_len": samples}), ("atrim", {"end_sample": samples})]
        return steps

    def args(self, src: Path, dst: Path, rate: int, samples: int) -> list[str]:
        """ffmpeg arguments, built with ffmpeg-python (the runner adds the executable)."""
        stream = ffmpeg.input(str(src))
        for name, options in self.steps(rate, samples):
            stream = stream.filter(name, **options)
        out = stream.output(str(dst), ac=1, ar=rate, acodec="pcm_s16le").overwrite_output()
        return list(out.get_args())


async def treat(data: bytes, treatment: Treatment, ffmpeg: str) -> bytes:
    """The treated WAV: same sample rate and sample count as the input, mono 16-bit."""
    samples, rate = await asyncio.to_thread(wav.read, data)
    with tempfile.TemporaryDirectory(prefix="grimreel-voice-") as tmp:
        src, dst = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
        await asyncio.to_thread(src.write_bytes, data)
        await run_ffmpeg(treatment.args(src, dst, rate, len(samples)), ffmpeg=ffmpeg)
        out = await asyncio.to_thread(dst.read_bytes)
    return await asyncio.to_thread(_to_peak, out)


def _to_peak(data: bytes) -> bytes:
    # The echo's gains and the EQ headroom leave the voice ~8 dB quieter than it came in;
    # bring the peak back to where the voices put theirs (render normalises loudness later).
    samples, rate = wav.read(data)
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    return wav.write(samples * (PEAK / peak), rate) if peak > 0 else data


class TreatedVoice:
    """A voice whose speech goes through the treatment; its words keep their times."""

    def __init__(self, inner: Voice, treatment: Treatment, ffmpeg: str) -> None:
        self.inner, self.treatment, self.ffmpeg = inner, treatment, ffmpeg
        self.name = inner.name
        self.model = f"{inner.model}|{treatment.describe()}"

    async def speak(self, text: str, *, voice: str, language: str) -> Speech:
        speech = await self.inner.speak(text, voice=voice, language=language)
        treated = await treat(speech.wav, self.treatment, self.ffmpeg)
        return Speech(wav=treated, words=speech.words, duration_s=wav.duration(treated))
