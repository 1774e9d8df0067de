"""Composition root of the tts stage."""

from functools import partial

from services.tts.handler import TtsDeps, narrate
from services.tts.providers.offline import OfflineVoice
from services.tts.voice import Voice
from shared.config import Settings
from shared.messages import SceneRequested
from shared.runtime import Stage
from shared.wiring import make_storage


def make_voice(settings: Settings) -> Voice:
    return OfflineVoice()


def build(settings: Settings) -> list[Stage]:
    deps = TtsDeps(voice=make_voice(settings), storage=make_storage(settings))
    return [
        Stage(
            "tts",
            {SceneRequested: partial(narrate, deps=deps)},
            concurrency=settings.concurrency_of("tts"),
        )
    ]
