"""Composition root of the story stage."""

from functools import partial

from services.story.handler import StoryDeps, draft, redraft
from services.story.providers.offline import OfflineWriter
from services.story.writer import Writer
from shared.config import Settings
from shared.messages import JobRequested, StoryRejected
from shared.runtime import Stage


def make_writer(settings: Settings) -> Writer:
    return OfflineWriter()


def build(settings: Settings) -> list[Stage]:
    deps = StoryDeps(writer=make_writer(settings))
    handlers = {JobRequested: partial(draft, deps=deps), StoryRejected: partial(redraft, deps=deps)}
    return [Stage("story", handlers, concurrency=settings.concurrency_of("story"))]
