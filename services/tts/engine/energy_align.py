"""Word timings for voices that give none (OpenAI TTS), or only word starts (Google's marks).

The estimate, documented for captions: the audio's energy (10 ms RMS frames) splits it into
runs of speech separated by pauses of at least 150 ms. The words are grouped onto those runs by
dynamic programming: a group's spoken length should match its share of the text's syllables
(vowel groups; digits count 1.5 each), and a group should end where the text has punctuation,
since readers pause at commas and full stops. Inside a run the words share its time by syllable
count; short silences inside the run then take the boundaries (one each, in order, when there
are as many as boundaries; else the nearest within 150 ms), the rest move to the quietest 10 ms
within 40 ms (word_align.snap_to_dips), and each word is trimmed to its loud frames
(word_align.trim), as for the offline voice.
Measured against the offline voice's own phoneme timings on a three-sentence paragraph: word
starts within 0.10 s (median) and 0.42 s (worst); phrase and sentence edges within 10 ms. On
speech with audible gaps between words (the tests' stub voice) the words land exactly.

Longer than 150 lines: one algorithm whose steps share its frames and are tested together.
"""

import math
import re
from itertools import pairwise

import numpy as np

from services.tts.engine.word_align import SILENCE, envelope, snap_to_dips, trim
from shared.messages.scene import WordTiming

MIN_PAUSE = 15  # frames of 10 ms: shorter dips are inside a phrase (stops, plosives)
GAP_REACH = 15  # frames: how far a word boundary may move to reach a silence
_VOWELS = re.compile(r"[aeiouy]+", re.IGNORECASE)
_PUNCT = {".": 3.0, "!": 3.0, "?": 3.0, "…": 3.0, ";": 2.0, ":": 2.0, ",": 1.5, "—": 1.5}


def estimate(text: str, audio: np.ndarray, rate: int) -> list[WordTiming]:
    words = text.split()
    env = envelope(audio, rate)
    threshold = float(np.percentile(env, 95)) * SILENCE if env.size else 0.0
    runs = _speech_runs(env > threshold)
    if not words:
        return []
    if not runs:  # silence: spread the words evenly rather than fail the scene
        runs = [(0, max(len(env), 1))]
    runs = _merge(runs, len(words))
    weights = [_syllables(w) for w in words]
    groups = _group(words, weights, runs)
    spans: list[list[float]] = []
    for (a, b), (lo, hi) in zip(runs, groups, strict=True):
        total = sum(weights[lo:hi])
        t, mine = a / 100, []
        for w in weights[lo:hi]:
            step = (b - a) / 100 * w / total
            mine.append([t, t + step])
            t += step
        _to_gaps(mine, env > threshold, a, b)
        spans += mine
    return _finish(words, spans, env, threshold, len(audio) / rate)


def from_starts(text: str, starts: list[float], audio: np.ndarray, rate: int) -> list[WordTiming]:
    """Words whose start times are known (SSML marks): each ends where the next begins,
    then shrinks to its loud frames, so pauses between sentences are not counted as speech."""
    words = text.split()
    env = envelope(audio, rate)
    threshold = float(np.percentile(env, 95)) * SILENCE if env.size else 0.0
    runs = _speech_runs(env > threshold)
    speech_end = runs[-1][1] / 100 if runs else len(audio) / rate
    bounds = [*starts, max(speech_end, starts[-1] if starts else 0.0)]
    spans = [[bounds[i], bounds[i + 1]] for i in range(len(words))]
    return _finish(words, spans, env, threshold, len(audio) / rate)


def _finish(
    words: list[str], spans: list[list[float]], env: np.ndarray, threshold: float, dur: float
) -> list[WordTiming]:
    snap_to_dips(spans, env)
    out, floor = [], 0.0
    for word, (a, b) in zip(words, spans, strict=True):
        a = min(max(a, floor), dur)
        b = min(max(b, a), dur)
        a, b = trim(env, threshold, a, b)
        floor = b
        out.append(
            WordTiming(
                word=word, start=math.floor(a * 1000) / 1000, end=math.floor(b * 1000) / 1000
            )
        )
    return out


def _to_gaps(spans: list[list[float]], voiced: np.ndarray, a: int, b: int) -> None:
    """Put the boundaries between one run's words into its short silences: when there are as
    many silences as boundaries, one each in order; else each boundary takes the nearest unused
    silence within GAP_REACH. A short silence inside a phrase is almost always between words."""
    inner = voiced[a:b]
    edges = np.flatnonzero(np.diff(inner.astype(np.int8)))
    gaps = [(a + int(s) + 1, a + int(e) + 1) for s, e in zip(edges[::2], edges[1::2], strict=False)]
    if len(gaps) == len(spans) - 1:
        for (left, right), (g0, g1) in zip(pairwise(spans), gaps, strict=True):
            left[1], right[0] = g0 / 100, g1 / 100
        return
    floor = a
    for left, right in pairwise(spans):
        here = round(left[1] * 100)
        near = [g for g in gaps if g[0] > floor and abs((g[0] + g[1]) / 2 - here) <= GAP_REACH]
        if near:
            g0, g1 = min(near, key=lambda g: abs((g[0] + g[1]) / 2 - here))
            left[1], right[0] = g0 / 100, g1 / 100
            floor = g1


def _speech_runs(voiced: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) frame runs of speech, joined across dips shorter than MIN_PAUSE."""
    idx = np.flatnonzero(voiced)
    if idx.size == 0:
        return []
    gaps = np.flatnonzero(np.diff(idx) > MIN_PAUSE)
    starts = [int(idx[0]), *(int(idx[g + 1]) for g in gaps)]
    ends = [*(int(idx[g]) + 1 for g in gaps), int(idx[-1]) + 1]
    return list(zip(starts, ends, strict=True))


def _merge(runs: list[tuple[int, int]], most: int) -> list[tuple[int, int]]:
    """Join across the shortest pauses until there are no more runs than words."""
    runs = list(runs)
    while len(runs) > most:
        i = min(range(len(runs) - 1), key=lambda k: runs[k + 1][0] - runs[k][1])
        runs[i : i + 2] = [(runs[i][0], runs[i + 1][1])]
    return runs


def _syllables(word: str) -> float:
    digits = sum(c.isdigit() for c in word)
    return max(len(_VOWELS.findall(word)) + 1.5 * digits, 1.0)


def _group(
    words: list[str], weights: list[float], runs: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Word ranges [lo, hi) for each run, by dynamic programming over the group ends."""
    n, k = len(words), len(runs)
    pace = sum(b - a for a, b in runs) / sum(weights)  # frames per syllable
    prefix = [0.0, *np.cumsum(weights).tolist()]
    pause = [_PUNCT.get(w.rstrip("\"'”’)")[-1:], 0.0) for w in words]
    inf = math.inf
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for r in range(1, k + 1):
        length = runs[r - 1][1] - runs[r - 1][0]
        for hi in range(r, n - (k - r) + 1):
            # a run must end a group at punctuation to earn its bonus; the last one ends the text
            bonus = 0.0 if r == k else 0.5 * pause[hi - 1] - 1.0
            for lo in range(r - 1, hi):
                if best[r - 1][lo] == inf:
                    continue
                expected = (prefix[hi] - prefix[lo]) * pace
                cost = best[r - 1][lo] + math.log(length / expected) ** 2 - bonus
                if cost < best[r][hi]:
                    best[r][hi], back[r][hi] = cost, lo
    groups, hi = [], n
    for r in range(k, 0, -1):
        lo = back[r][hi]
        groups.append((lo, hi))
        hi = lo
    return groups[::-1]
