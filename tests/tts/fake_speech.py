"""Speech-like audio whose word times are known exactly, for the stub providers to send.

Each word is a voiced burst (a 110 Hz buzz with harmonics, 8 ms fades) whose length grows
with its letters; words are 60 ms apart, 350 ms after a full stop, 200 ms after a comma.
The length rule differs on purpose from the syllable count the energy estimate uses.
"""

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from services.tts import wav
from shared.media.ffmpeg import ffmpeg_exe


@dataclass(frozen=True)
class Spoken:
    samples: np.ndarray
    rate: int
    spans: list[tuple[str, float, float]]

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate

    def wav(self) -> bytes:
        return wav.write(self.samples, self.rate)

    def mp3(self) -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            src, dst = Path(tmp) / "in.wav", Path(tmp) / "out.mp3"
            src.write_bytes(self.wav())
            cmd = [ffmpeg_exe(), "-v", "error", "-i", str(src), "-ar", "44100"]
            subprocess.run([*cmd, "-c:a", "libmp3lame", "-b:a", "128k", str(dst)], check=True)
            return dst.read_bytes()

    def char_alignment(self, text: str) -> tuple[list[str], list[float], list[float]]:
        """Per character of text: a word's letters share its span, spaces fill the gaps."""
        starts, ends = [0.0] * len(text), [0.0] * len(text)
        pos, prev = 0, 0.0
        for word, a, b in self.spans:
            i = text.index(word, pos)
            for j in range(pos, i):
                starts[j], ends[j] = prev, a
            step = (b - a) / len(word)
            for k in range(len(word)):
                starts[i + k], ends[i + k] = a + k * step, a + (k + 1) * step
            pos, prev = i + len(word), b
        for j in range(pos, len(text)):
            starts[j] = ends[j] = prev
        return list(text), starts, ends


def speak(text: str, rate: int = 24000, lead_s: float = 0.2, tail_s: float = 0.4) -> Spoken:
    parts, spans, t = [np.zeros(int(lead_s * rate), np.float32)], [], lead_s
    rng = np.random.default_rng(len(text))
    for word in text.split():
        length = 0.06 + 0.05 * sum(c.isalnum() for c in word)
        n = int(length * rate)
        ts = np.arange(n) / rate
        f0 = 110 * (1 + 0.03 * np.sin(2 * np.pi * 5 * ts))
        phase = 2 * np.pi * np.cumsum(f0) / rate
        buzz = sum(np.sin(h * phase) / h for h in range(1, 8)) * 0.3
        fade = np.minimum(1.0, np.minimum(np.arange(n), n - 1 - np.arange(n)) / (0.008 * rate))
        parts.append((buzz * fade * rng.uniform(0.7, 1.0)).astype(np.float32))
        spans.append((word, t, t + n / rate))
        t += n / rate
        gap = 0.35 if word[-1] in ".!?" else 0.2 if word[-1] in ",;:" else 0.06
        parts.append(np.zeros(int(gap * rate), np.float32))
        t += int(gap * rate) / rate
    parts.append(np.zeros(int(tail_s * rate), np.float32))
    return Spoken(np.concatenate(parts), rate, spans)
