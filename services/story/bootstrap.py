"""Composition root of the story stage: the writer named by GRIMREEL_STORY_PROVIDER, looked up
in services/story/providers (or a grimreel.providers plugin), and the two handlers."""

from services.story.handler import StoryDeps, draft, redraft
from services.story.settings import StorySettings
from services.story.writer import Writer
from shared.config import Settings, load_as
from shared.messages import JobRequested, StoryRejected
from shared.providers import Kit, create
from shared.runtime import Stage, on

PROVIDERS = "services.story.providers"


def make_writer(settings: Settings, story_settings: StorySettings | None = None) -> Writer:
    """The configured writer; ConfigError naming the variable to set when it cannot be built.

    The story's knobs reach the provider as its ``story`` setting (see HostedWriterSettings);
    a provider without a use for them ignores it.
    """
    cs = story_settings if story_settings is not None else load_as(StorySettings)
    kit = Kit(policy=cs.policy(), ffmpeg=settings.ffmpeg or "ffmpeg")
    return create("story", cs.provider, PROVIDERS, kit, Writer, overrides={"story": cs})


def build(settings: Settings) -> list[Stage]:
    deps = StoryDeps(writer=make_writer(settings))
    return [
        Stage.of(
            "story",
            on(JobRequested, draft, deps),
            on(StoryRejected, redraft, deps),
            concurrency=settings.concurrency_of("story"),
            resources=(deps.writer,),
        )
    ]
