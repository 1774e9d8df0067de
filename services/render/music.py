"""A dark drone made from numpy: detuned low sines, filtered noise and slow swells.

The drone is a seamless loop: every frequency is a whole number of cycles per loop and the
noise is shaped in the frequency domain (circular), so ffmpeg can repeat it for any length
while the memory used stays that of one loop.
"""

import wave
from pathlib import Path

import numpy as np

RATE = 48_000
LOOP_S = 32.0
ROOTS_HZ = (41.2, 43.65, 46.25, 49.0, 51.9, 55.0)  # E1 to A1: felt more than heard


def _cycles(freq: float, loop_s: float) -> float:
    """The nearest frequency with a whole number of cycles in the loop."""
    return max(round(freq * loop_s), 1) / loop_s


def drone(seed: int = 0, *, loop_s: float = LOOP_S, rate: int = RATE) -> np.ndarray:
    """One loop of stereo drone, float32 in [-1, 1], shape (samples, 2)."""
    rng = np.random.default_rng(seed)
    n = round(loop_s * rate)
    t = np.arange(n, dtype=np.float64) / rate
    root = ROOTS_HZ[seed % len(ROOTS_HZ)]
    out = np.zeros((n, 2), dtype=np.float64)
    # root, a beating twin, a fifth, a quiet tritone (the unsettling interval) and the octave
    partials = ((1.0, 1.0), (1.006, 0.8), (1.5, 0.35), (1.414, 0.12), (2.0, 0.18))
    for ch in range(2):
        for ratio, gain in partials:
            f = _cycles(root * ratio * (1 + 0.0015 * (ch * 2 - 1)), loop_s)
            swell = _cycles(rng.uniform(0.03, 0.12), loop_s)
            phase = rng.uniform(0, 2 * np.pi)
            env = 0.6 + 0.4 * np.sin(2 * np.pi * swell * t + rng.uniform(0, 2 * np.pi))
            out[:, ch] += gain * env * np.sin(2 * np.pi * f * t + phase)
        gusts = 0.5 + 0.5 * np.sin(2 * np.pi * _cycles(0.05, loop_s) * t + ch)
        out[:, ch] += 0.5 * _wind(rng, n, rate) * gusts
    out /= np.abs(out).max() + 1e-9
    return (out * 0.5).astype(np.float32)


def _wind(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """Noise band-passed around 80-500 Hz with a soft slope: a distant, hollow wind."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / rate)
    shape = 1 / (1 + (freqs / 500.0) ** 4) * (1 / (1 + (80.0 / np.maximum(freqs, 1e-3)) ** 2))
    noise = np.fft.irfft(spectrum * shape, n)
    return noise / (np.abs(noise).max() + 1e-9)


def write_drone(path: Path, seed: int = 0, *, loop_s: float = LOOP_S) -> Path:
    """Write one loop of drone as a 16-bit stereo WAV."""
    pcm = (drone(seed, loop_s=loop_s) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return path
