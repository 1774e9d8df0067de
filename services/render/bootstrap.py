"""Composition root of the render stage: storage, the renderer its settings name, the knobs."""

from collections.abc import Mapping

import structlog

from services.render.deps import RenderDeps
from services.render.handler import render
from services.render.renderer import Renderer
from services.render.settings import RenderSettings
from services.render.stale_scratch import sweep
from shared.config import Settings, load_as
from shared.media.ffmpeg import ffmpeg_exe
from shared.messages import AssetsReady
from shared.providers import CallPolicy, Kit, create
from shared.runtime import Stage, on
from shared.wiring import make_storage

PROVIDERS = "services.render.providers"
log = structlog.get_logger("render")


def make_renderer(
    name: str, ffmpeg: str, overrides: Mapping[str, object] | None = None
) -> Renderer:
    """The renderer called ``name``, its own settings from the environment, then ``overrides``."""
    # Kit wants a call policy; a local renderer makes no hosted calls, so it gets the default
    kit = Kit(policy=CallPolicy(name), ffmpeg=ffmpeg)
    # mypy takes type[Protocol] for a class to instantiate; create only checks isinstance with it
    expect: type[Renderer] = Renderer
    return create("renderer", name, PROVIDERS, kit, expect, overrides)


def build(settings: Settings, render_settings: RenderSettings | None = None) -> list[Stage]:
    cfg = render_settings or load_as(RenderSettings)
    # a worker killed mid-render left its scratch folder; running renders' folders are kept
    folders, size = sweep(settings.scratch_dir, cfg.stale_scratch_s)
    if folders:
        log.info("render.stale_scratch_removed", folders=folders, mb=round(size / 2**20, 1))
    deps = RenderDeps(
        storage=make_storage(settings),
        renderer=make_renderer(cfg.renderer, ffmpeg_exe(settings.ffmpeg)),
        settings=cfg,
        scratch_dir=settings.scratch_dir,
    )
    return [
        Stage.of(
            "render",
            on(AssetsReady, render, deps),
            concurrency=settings.concurrency_of("render"),
            resources=(deps.storage, deps.renderer),
        )
    ]
