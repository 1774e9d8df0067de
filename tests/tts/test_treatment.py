"""The horror voice treatment: lower pitch, same length to the sample, words where they were."""

import numpy as np
import pytest

from services.tts import wav
from services.tts.engine.word_align import envelope
from services.tts.providers.offline import OfflineVoice
from services.tts.treatment import TreatedVoice, Treatment, treat
from shared.media.ffmpeg import ffmpeg_exe
from tests.tts.fake_speech import speak

TEXT = "The keeper climbed the stairs at midnight. Something knocked below, three times."


def fundamental(samples: np.ndarray, rate: int, start: float, end: float) -> float:
    """The strongest frequency between 50 and 400 Hz in [start, end]: the buzz's pitch."""
    seg = samples[int(start * rate) : int(end * rate)]
    spectrum = np.abs(np.fft.rfft(seg * np.hanning(len(seg)), n=1 << 16))
    freqs = np.fft.rfftfreq(1 << 16, 1 / rate)
    band = (freqs > 50) & (freqs < 400)
    return float(freqs[band][np.argmax(spectrum[band])])


@pytest.mark.parametrize("rate", [24000, 44100])
@pytest.mark.parametrize("treatment", [Treatment(), Treatment(-5.0, echo=False), Treatment(0.0)])
async def test_length_is_kept_to_the_sample(rate, treatment) -> None:
    spoken = speak(TEXT, rate=rate)
    out = await treat(spoken.wav(), treatment, ffmpeg_exe())
    samples, out_rate = wav.read(out)
    assert out_rate == rate
    assert len(samples) == len(spoken.samples)
    assert abs(len(samples) / out_rate - spoken.duration_s) < 0.010
    assert abs(samples).max() == pytest.approx(0.89, abs=0.01), "as loud as voices leave it"


async def test_the_voice_is_lower_by_the_semitones_asked() -> None:
    spoken = speak(TEXT)
    out = await treat(spoken.wav(), Treatment(-3.0), ffmpeg_exe())
    samples, rate = wav.read(out)
    word, start, end = spoken.spans[1]  # "keeper": a long voiced burst
    before = fundamental(spoken.samples, rate, start + 0.05, end - 0.05)
    after = fundamental(samples, rate, start + 0.05, end - 0.05)
    assert before == pytest.approx(110, rel=0.03)
    assert after == pytest.approx(110 * 2 ** (-3 / 12), rel=0.03)


async def test_every_word_stays_where_its_timing_says() -> None:
    spoken = speak(TEXT)
    out = await treat(spoken.wav(), Treatment(), ffmpeg_exe())
    samples, rate = wav.read(out)
    before, after = envelope(spoken.samples, rate), envelope(samples, rate)
    loud = float(np.percentile(after, 95))
    for _, start, end in spoken.spans:
        a, b = int(start * 100) + 1, int(end * 100) - 1
        assert after[a:b].mean() > 0.3 * loud, "the word is still sounding inside its span"
        # onset: the first frame above half the word's level, before and after treatment
        on_before = a + int(np.argmax(before[a - 5 : b] > 0.5 * before[a:b].max())) - 5
        on_after = a + int(np.argmax(after[a - 5 : b] > 0.5 * after[a:b].max())) - 5
        assert abs(on_after - on_before) <= 1, "onset moved by more than 10 ms"


async def test_treated_offline_voice_keeps_duration_and_word_timings() -> None:
    plain = await OfflineVoice().speak(TEXT, voice="default", language="en")
    treated = await TreatedVoice(OfflineVoice(), Treatment(), ffmpeg_exe()).speak(
        TEXT, voice="default", language="en"
    )
    assert abs(treated.duration_s - plain.duration_s) < 0.010
    assert treated.words == plain.words
    assert treated.wav != plain.wav
    assert all(0 <= w.start <= w.end <= treated.duration_s for w in treated.words)


def test_the_treatment_is_part_of_the_voice_model_so_caches_tell_them_apart() -> None:
    a = TreatedVoice(OfflineVoice(), Treatment(-3.0), "ffmpeg").model
    b = TreatedVoice(OfflineVoice(), Treatment(-4.0), "ffmpeg").model
    assert a != b != OfflineVoice.model and a.startswith(OfflineVoice.model)
