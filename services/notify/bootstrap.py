"""Composition root of the notify stage."""

from functools import partial

from services.notify.handler import NotifyDeps, completed, failed
from shared.config import Settings
from shared.messages import JobFailed, VideoRendered
from shared.runtime import Stage
from shared.wiring import make_storage


def build(settings: Settings) -> list[Stage]:
    deps = NotifyDeps(
        storage=make_storage(settings),
        url_expiry_s=settings.url_expiry_s,
        keep_work=settings.keep_work,
    )
    handlers = {VideoRendered: partial(completed, deps=deps), JobFailed: partial(failed, deps=deps)}
    return [Stage("notify", handlers, concurrency=settings.concurrency_of("notify"))]
