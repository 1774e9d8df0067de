"""Composition root of the render stage."""

from functools import partial

from services.render.deps import RenderDeps
from services.render.handler import render
from shared.config import Settings
from shared.messages import AssetsReady
from shared.runtime import Stage
from shared.wiring import make_storage


def build(settings: Settings) -> list[Stage]:
    deps = RenderDeps.from_settings(settings, make_storage(settings))
    return [
        Stage(
            "render",
            {AssetsReady: partial(render, deps=deps)},
            concurrency=settings.concurrency_of("render"),
        )
    ]
