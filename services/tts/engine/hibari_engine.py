"""hibari-tts with its phoneme durations exposed: audio plus when each phoneme character sounds.

hibari's public API returns only audio, but its ONNX graph computes integer phoneme durations
(tensor `/Cast_32_output_0`, one per input id, in units of two 12.5 ms frames) before it expands
the encoder states to frames. We append that tensor to the graph outputs and run the
synthesis steps ourselves. This reaches into internals, so it holds only for the exact version the
project pins (hibari-tts==0.2.1); `Engine()` fails loudly if the tensor is gone.
"""

import json
import os
import re
import threading
from dataclasses import dataclass

import numpy as np
import onnx
import onnxruntime as ort  # type: ignore[import-untyped]
from hibari import Hibari, dsp
from hibari.g2p import G2P
from hibari.tts import ASSETS, MAX_PHONEMES
from hibari.voices import DEFAULT, voice_path

SAMPLE_RATE = dsp.SR
DURATIONS = "/Cast_32_output_0"
SAMPLES_PER_UNIT = 2 * dsp.HOP  # a duration unit is two frames = 25 ms
SPEECH_FLOOR = 0.02  # of the chunk's loudest 10 ms: about -34 dB
LEAD_FRAMES, TAIL_FRAMES = 3, 8  # 10 ms frames kept around the speech: onsets, room for decays
_CLAUSE_GAP = re.compile(r"(?<=[,;:—])\s+")


@dataclass(frozen=True)
class Sentence:
    text: str
    phonemes: str
    char_times: list[tuple[float, float]]  # seconds, one per phoneme character


class Engine:
    """One loaded model + G2P; calls are serialised because the G2P keeps mutable state."""

    def __init__(self, *, british: bool) -> None:
        self._g2p = G2P(british=british)
        with open(os.path.join(ASSETS, "vocab.json"), encoding="utf-8") as f:
            self._vocab: dict[str, int] = json.load(f)
        # Only the bundled voice: the others would be downloaded, and nothing may download here.
        model = onnx.load(voice_path(DEFAULT, download_missing=False))
        if not any(n.output and n.output[0] == DURATIONS for n in model.graph.node):
            raise RuntimeError(f"hibari graph has no {DURATIONS}: pin hibari-tts==0.2.1")
        model.graph.output.append(
            onnx.helper.make_tensor_value_info(DURATIONS, onnx.TensorProto.INT64, None)
        )
        opts = ort.SessionOptions()
        # One thread per synthesis: the machine has two cores shared with the other services.
        opts.intra_op_num_threads = opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        self._sess = ort.InferenceSession(
            model.SerializeToString(), opts, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()

    def read(self, text: str) -> str:
        """The G2P's phonemes for text, as the model would get them."""
        with self._lock:
            return str(self._g2p(text))

    def synthesize(
        self, text: str, *, speed: float, seed: int, pause_s: float
    ) -> tuple[np.ndarray, list[Sentence]]:
        """Float32 audio for text and, per sentence, the time span of every phoneme character.

        Each sentence is trimmed to its speech and followed by pause_s of silence: the model's own
        lead-in and trailing silences vary (together ~0.9 s), a fixed pause paces the read evenly.
        """
        rng = np.random.default_rng(seed)
        pause = np.zeros(int(pause_s * SAMPLE_RATE), np.float32)
        parts: list[np.ndarray] = []
        sentences: list[Sentence] = []
        cursor = 0
        with self._lock:
            for sent in Hibari.split_sentences(text):
                phonemes = self._g2p(sent)
                times: list[tuple[float, float]] = []
                for a, b in _chunks(phonemes):
                    # Whitespace dropped at a clause cut takes no time; indices stay aligned.
                    times.extend([(cursor / SAMPLE_RATE,) * 2] * (a - len(times)))
                    audio, chunk_times = self._chunk(phonemes[a:b], speed, rng, cursor)
                    times.extend(chunk_times)
                    # A long sentence cut at a clause gets a shorter breath than a full stop.
                    gap = pause if b == len(phonemes) else pause[: len(pause) // 3]
                    parts += [audio, gap]
                    cursor += len(audio) + len(gap)
                sentences.append(Sentence(sent, phonemes, times))
        audio = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        return audio, sentences

    def _chunk(
        self, phonemes: str, speed: float, rng: np.random.Generator, offset: int
    ) -> tuple[np.ndarray, list[tuple[float, float]]]:
        ids = [0, *(self._vocab[c] for c in phonemes if c in self._vocab), 0]
        if len(ids) < 3:  # nothing speakable (stray symbols): silence, no time
            return np.zeros(0, np.float32), [(offset / SAMPLE_RATE,) * 2] * len(phonemes)
        feeds = {"ids": np.asarray([ids], np.int64), "speed": np.asarray([speed], np.float32)}
        *spec, durations = self._sess.run(None, feeds)
        audio = dsp.synth(*(o[0] for o in spec), rng)
        lo, hi = _speech_span(audio)
        audio = audio[lo:hi]
        edges = np.clip(SAMPLES_PER_UNIT * np.cumsum(durations) - lo, 0, len(audio))
        edges = (offset + edges) / SAMPLE_RATE
        times: list[tuple[float, float]] = []
        k = 1  # ids carry a pad before and after the phonemes
        for ch in phonemes:
            if ch in self._vocab:
                times.append((float(edges[k - 1]), float(edges[k])))
                k += 1
            else:  # characters the model drops take no time
                times.append((float(edges[k - 1]),) * 2)
        return audio, times


def _speech_span(audio: np.ndarray) -> tuple[int, int]:
    """Samples from just before the first sound to just after the last (decays kept)."""
    frame = SAMPLE_RATE // 100
    n = len(audio) // frame
    env = np.sqrt(np.mean(audio[: n * frame].reshape(n, frame) ** 2, axis=1))
    loud = np.flatnonzero(env > SPEECH_FLOOR * env.max()) if n else np.zeros(0, np.int64)
    if loud.size == 0:
        return 0, len(audio)
    lo = max(0, (loud[0] - LEAD_FRAMES) * frame)
    return lo, min(len(audio), (loud[-1] + 1 + TAIL_FRAMES) * frame)


def _chunks(phonemes: str) -> list[tuple[int, int]]:
    """Spans the model can take at once, cut at clause gaps like hibari's own splitter."""
    if len(phonemes) <= MAX_PHONEMES:
        return [(0, len(phonemes))] if phonemes else []
    cuts = [(m.start(), m.end()) for m in _CLAUSE_GAP.finditer(phonemes)]
    spans, start = [], 0
    for i, (gap_a, gap_b) in enumerate(cuts):
        nxt = cuts[i + 1][0] if i + 1 < len(cuts) else len(phonemes)
        if nxt - start > MAX_PHONEMES:
            spans.append((start, gap_a))
            start = gap_b
    spans.append((start, len(phonemes)))
    return spans
