"""The offline voice (hibari): a real WAV whose word timings follow the audio."""

import asyncio
import io
import time
import wave

import numpy as np
import pytest

from services.tts.providers.offline import VOICES, OfflineVoice
from services.tts.voice import Speech

TEXT = (
    "I moved into the old farmhouse in October. The realtor never mentioned the basement door, "
    "or the scratches on the inside of it. Every night at three, something knocks."
)


def samples(speech: Speech) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(speech.wav)) as w:
        assert w.getsampwidth() == 2, "16-bit PCM"
        assert w.getnchannels() == 1
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2")
        return pcm.astype(np.float32) / 32768.0, w.getframerate()


def envelope(audio: np.ndarray, rate: int) -> np.ndarray:
    """RMS per 10 ms, measured here independently of the provider's own code."""
    f = rate // 100
    n = len(audio) // f
    return np.sqrt(np.mean(audio[: n * f].reshape(n, f) ** 2, axis=1))


def energy(env: np.ndarray, t0: float, t1: float) -> float:
    i = int(t0 * 100)
    return float(env[i : max(int(t1 * 100), i + 1)].mean())


@pytest.fixture(scope="module")
def speech() -> Speech:
    return asyncio.run(OfflineVoice().speak(TEXT, voice="default", language="en"))


def test_wav_parses_and_duration_matches_its_samples(speech: Speech) -> None:
    audio, rate = samples(speech)
    assert rate > 0 and len(audio) > 0
    assert speech.duration_s == pytest.approx(len(audio) / rate, abs=1e-6)
    assert 5.0 < speech.duration_s < 30.0
    assert float(np.abs(audio).max()) > 0.3, "audible, not near-silent"


def test_one_timing_per_written_word_in_order(speech: Speech) -> None:
    assert [w.word for w in speech.words] == TEXT.split()


def test_timings_are_monotonic_and_inside_the_audio(speech: Speech) -> None:
    prev_end = 0.0
    for w in speech.words:
        assert prev_end <= w.start <= w.end <= speech.duration_s, w
        prev_end = w.end
    assert all(w.end - w.start > 0.03 for w in speech.words), "every spoken word takes time"


def test_words_cover_the_speech_from_onset_to_end(speech: Speech) -> None:
    audio, rate = samples(speech)
    env = envelope(audio, rate)
    loud = np.flatnonzero(env > 0.02 * env.max())
    onset, end = loud[0] / 100, (loud[-1] + 1) / 100
    assert abs(speech.words[0].start - onset) < 0.25
    assert abs(speech.words[-1].end - end) < 0.5


def test_pauses_between_words_are_silent_and_boundaries_sit_in_dips(speech: Speech) -> None:
    audio, rate = samples(speech)
    env = envelope(audio, rate)
    level = float(np.median(env[env > 0.05 * env.max()]))
    pairs = list(zip(speech.words, speech.words[1:], strict=False))
    gaps = [(a, b) for a, b in pairs if b.start - a.end >= 0.1]
    assert len(gaps) >= 3, "the sentence ends and commas leave pauses"
    for a, b in gaps:
        assert energy(env, a.end + 0.02, b.start - 0.02) < 0.1 * level, (a.word, b.word)
    # Where words run together, the boundary is a local dip: quieter than 50 ms either side.
    touching = [a.end for a, b in pairs if b.start - a.end < 0.01]
    at = np.median([energy(env, t - 0.01, t + 0.01) for t in touching])
    off = np.median(
        [energy(env, t + d - 0.01, t + d + 0.01) for t in touching for d in (-0.05, 0.05)]
    )
    assert at < 0.75 * off, (at, off)


def test_same_text_gives_the_same_bytes(speech: Speech) -> None:
    again = asyncio.run(OfflineVoice().speak(TEXT, voice="default", language="en"))
    assert again.wav == speech.wav and again.words == speech.words


async def test_a_long_sentence_split_at_clauses_still_times_every_word() -> None:
    text = ", ".join(
        ["the floorboards creaked under me and the air grew colder with each step"] * 5
    )
    speech = await OfflineVoice().speak(text + ".", voice="default", language="en")
    assert len(speech.words) == len(text.split())
    assert all(a.end <= b.start for a, b in zip(speech.words, speech.words[1:], strict=False))
    assert speech.words[-1].end <= speech.duration_s


async def test_numbers_and_punctuation_only_words_keep_the_count() -> None:
    text = 'At 3:15 a.m. Dr. Hale heard it — "knock, knock." ...'
    speech = await OfflineVoice().speak(text, voice="heart-gb", language="en-GB")
    assert [w.word for w in speech.words] == text.split()


async def test_unknown_voice_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="heart-gb") as err:
        await OfflineVoice().speak("Hello.", voice="fenrir", language="en")
    assert all(name in str(err.value) for name in VOICES)


async def test_non_english_is_refused() -> None:
    with pytest.raises(ValueError, match="English"):
        await OfflineVoice().speak("Hallo.", voice="default", language="de")


async def test_speaking_leaves_the_event_loop_free() -> None:
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    ticker = asyncio.create_task(tick())
    start = time.perf_counter()
    await OfflineVoice().speak(TEXT * 3, voice="default", language="en")
    elapsed = time.perf_counter() - start
    ticker.cancel()
    assert ticks >= max(3, elapsed / 0.005 * 0.2), (ticks, elapsed)
