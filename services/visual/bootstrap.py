"""Composition root of the visual stage."""

from functools import partial

from services.visual.handler import VisualDeps, illustrate
from services.visual.painter import Painter
from services.visual.providers.offline import OfflinePainter
from shared.config import Settings
from shared.messages import SceneRequested
from shared.runtime import Stage
from shared.wiring import make_storage


def make_painter(settings: Settings) -> Painter:
    return OfflinePainter()


def build(settings: Settings) -> list[Stage]:
    deps = VisualDeps(painter=make_painter(settings), storage=make_storage(settings))
    return [
        Stage(
            "visual",
            {SceneRequested: partial(illustrate, deps=deps)},
            concurrency=settings.concurrency_of("visual"),
        )
    ]
