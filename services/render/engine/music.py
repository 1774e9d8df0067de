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


def _cycles(freq: float, loop_s: float) -> int:
    """Whole cycles in the loop of the nearest such frequency."""
    return max(round(freq * loop_s), 1)


def drone(seed: int = 0, *, loop_s: float = LOOP_S, rate: int = RATE) -> np.ndarray:
    """One loop of stereo drone, float32 in [-1, 1], shape (samples, 2)."""
    rng = np.random.default_rng(seed)
    n = round(loop_s * rate)
    k = np.arange(n, dtype=np.float64)
    root = ROOTS_HZ[seed % len(ROOTS_HZ)]
    out = np.zeros((n, 2), dtype=np.float32)
    # root, a beating twin, a fifth, a quiet tritone (the unsettling interval) and the octave
    partials = ((1.0, 1.0), (1.006, 0.8), (1.5, 0.35), (1.414, 0.12), (2.0, 0.18))
    for ch in range(2):
        for ratio, gain in partials:
            c = _cycles(root * ratio * (1 + 0.0015 * (ch * 2 - 1)), loop_s)
            swell = _cycles(rng.uniform(0.03, 0.12), loop_s)
            phase = rng.uniform(0, 2 * np.pi)
            env = 0.6 + 0.4 * _sine(swell, k, rng.uniform(0, 2 * np.pi))
            out[:, ch] += gain * env * _sine(c, k, phase)
        gusts = 0.5 + 0.5 * _sine(_cycles(0.05, loop_s), k, ch)
        out[:, ch] += 0.5 * _wind(rng, n, rate) * gusts
    out /= np.abs(out).max() + 1e-9
    return out * np.float32(0.5)


def _sine(cycles: int, k: np.ndarray, phase: float) -> np.ndarray:
    """sin(2 pi cycles k / len(k) + phase) for sample numbers k. The turns (thousands of them)
    are counted in float64 and only their fraction goes on, so the sine itself can be float32,
    which numpy vectorises: several times faster, and the loop still closes seamlessly."""
    turns = k * (cycles / len(k))
    np.subtract(turns, np.floor(turns), out=turns)
    x = turns.astype(np.float32)
    x *= np.float32(2 * np.pi)
    x += np.float32(phase)
    return np.sin(x, out=x)


def _wind(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """Noise band-passed around 80-500 Hz with a soft slope: a distant, hollow wind."""
    spectrum = np.fft.rfft(rng.standard_normal(n, dtype=np.float32))  # float32 in, out
    freqs = np.fft.rfftfreq(n, 1 / rate).astype(np.float32)
    shape = 1 / (1 + (freqs / 500.0) ** 4) * (1 / (1 + (80.0 / np.maximum(freqs, 1e-3)) ** 2))
    noise = np.fft.irfft(spectrum * shape, n)
    scaled: np.ndarray = noise / (np.abs(noise).max() + 1e-9)
    return scaled


def write_drone(path: Path, seed: int = 0, *, loop_s: float = LOOP_S) -> Path:
    """Write one loop of drone as a 16-bit stereo WAV."""
    pcm = (drone(seed, loop_s=loop_s) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return path
