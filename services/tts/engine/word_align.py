"""Word timings from phoneme times: which phonemes belong to which written word, then when.

The G2P reads a whole sentence (context picks "the" as ðə or ði, stress, number readings), so
its phoneme string does not split back into the written words one to one. Each written word is
read on its own as well; the two readings are aligned character by character (difflib), which
carries every word's span over to the sentence reading whose durations the model gave.

The model's durations are a prior, not the truth: its decoder sounds about two units (50 ms)
ahead of them, and it stretches a sentence's last phoneme into the silence that follows. So the
spans are shifted by that lag and each word is trimmed to where the audio is above a silence
threshold, which lands sentence ends and pause edges on the real speech boundaries. Where two
words run together, their shared boundary moves to the quietest 10 ms within 40 ms: measured on
three paragraphs, boundaries then sit at 0.5x the median speech energy (mid-word: 1.0x).
"""

import math
from collections.abc import Callable
from difflib import SequenceMatcher
from itertools import pairwise

import numpy as np

from services.tts.engine.hibari_engine import SAMPLE_RATE, Sentence
from shared.messages.scene import WordTiming

LAG_S = 0.05
SNAP_S = 0.04
SILENCE = 0.04  # of the loud-speech level: about -28 dB
_NOT_SOUND = set(' .,!?;:—…"“”()')


def word_timings(
    text: str,
    sentences: list[Sentence],
    g2p: Callable[[str], str],
    audio: np.ndarray,
    *,
    rate: int = SAMPLE_RATE,
    lag_s: float = LAG_S,
) -> list[WordTiming]:
    """One timing per whitespace-separated word of text, in order. ``rate`` and ``lag_s`` are
    hibari's unless given: piper's durations are where its audio is (no lag), at 22.05 kHz."""
    raw: list[tuple[str, float, float]] = []
    for sent in sentences:
        raw.extend(_sentence_words(sent, g2p))
    written = text.split()
    # The sentence splitter drops quotes that close a sentence ('knock."' -> 'knock.'); it never
    # drops a whole word, so the written words label the timings one to one.
    if len(written) == len(raw):
        raw = [(w, a, b) for w, (_, a, b) in zip(written, raw, strict=True)]
    env = envelope(audio, rate)
    loud = float(np.percentile(env, 95)) if env.size else 0.0
    duration = len(audio) / rate
    spans: list[list[float]] = []
    floor = 0.0
    for _, start, end in raw:
        start = min(max(start - lag_s, floor), duration)
        end = min(max(end - lag_s, start), duration)
        spans.append(list(trim(env, loud * SILENCE, start, end)))
        floor = spans[-1][1]
    snap_to_dips(spans, env)
    # Whole milliseconds, rounded down: keeps the order and never passes the end of the audio.
    return [
        WordTiming(word=word, start=math.floor(a * 1000) / 1000, end=math.floor(b * 1000) / 1000)
        for (word, _, _), (a, b) in zip(raw, spans, strict=True)
    ]


def snap_to_dips(spans: list[list[float]], env: np.ndarray) -> None:
    """Move each boundary between two touching words to the quietest 10 ms within +-40 ms."""
    for left, right in pairwise(spans):
        b = left[1]
        if not (left[0] < b == right[0] < right[1]):
            continue
        lo = int(max(left[0] + 0.03, b - SNAP_S) * 100)
        hi = int(min(right[1] - 0.03, b + SNAP_S) * 100) + 1
        if hi - lo < 2 or hi > len(env):
            continue
        b = (lo + int(np.argmin(env[lo:hi]))) / 100 + 0.005
        left[1] = right[0] = b


def _sentence_words(sent: Sentence, g2p: Callable[[str], str]) -> list[tuple[str, float, float]]:
    words = sent.text.split()
    alone = [g2p(w) for w in words]
    joined = " ".join(alone)
    to_sentence = _char_map(joined, sent.phonemes)
    out, pos = [], 0
    cursor = sent.char_times[0][0] if sent.char_times else 0.0
    for word, reading in zip(words, alone, strict=True):
        span = range(to_sentence[pos], to_sentence[pos + len(reading)])
        pos += len(reading) + 1
        sounding = [sent.char_times[j] for j in span if sent.phonemes[j] not in _NOT_SOUND]
        if sounding:
            cursor = max(cursor, sounding[0][0])
            out.append((word, cursor, max(cursor, sounding[-1][1])))
            cursor = out[-1][2]
        else:  # punctuation-only words ("—") are silent: zero length where they fall
            out.append((word, cursor, cursor))
    # Words meet in the middle of the word-gap token: measured on hibari's audio, that is where
    # the energy dips (the token holds one word's tail and the next one's onset). The energy trim
    # later takes back the gaps that really are silent.
    for i in range(len(out) - 1):
        (word, start, end), (nxt, n_start, n_end) = out[i], out[i + 1]
        if start < end < n_start < n_end:
            mid = (end + n_start) / 2
            out[i], out[i + 1] = (word, start, mid), (nxt, mid, n_end)
    return out


def _char_map(src: str, dst: str) -> list[int]:
    """For each index 0..len(src) of src, the matching index in dst (monotonic)."""
    mapping = [0] * (len(src) + 1)
    for _, i1, i2, j1, j2 in SequenceMatcher(None, src, dst, autojunk=False).get_opcodes():
        for i in range(i1, i2):
            mapping[i] = j1 + (i - i1) * (j2 - j1) // (i2 - i1)
    mapping[len(src)] = len(dst)
    return mapping


def envelope(audio: np.ndarray, rate: int) -> np.ndarray:
    """RMS per 10 ms frame: the grid every timing here is snapped on, whatever the sample rate."""
    frame = rate // 100
    n = len(audio) // frame
    rms: np.ndarray = np.sqrt(np.mean(audio[: n * frame].reshape(n, frame) ** 2, axis=1))
    return rms


def trim(env: np.ndarray, threshold: float, start: float, end: float) -> tuple[float, float]:
    """Shrink [start, end] to its first and last frames above threshold (unchanged if none)."""
    a, b = int(start * 100), min(int(np.ceil(end * 100)), len(env))
    loud = np.flatnonzero(env[a:b] > threshold)
    if loud.size == 0:
        return start, end
    return max(start, (a + loud[0]) / 100), min(end, (a + loud[-1] + 1) / 100)
