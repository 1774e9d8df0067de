"""Composition root of the visual stage: provider, call policy, prompt screen and cache."""

from services.visual.cache import CachedPainter
from services.visual.handler import VisualDeps, illustrate
from services.visual.painter import Painter
from services.visual.prompting import ScreenedPainter
from services.visual.settings import ImageSettings
from shared.config import Settings, load_as
from shared.messages import SceneRequested
from shared.providers import Kit, create
from shared.runtime import Stage, on
from shared.storage import Storage
from shared.wiring import make_storage

PROVIDERS = "services.visual.providers"


def make_painter(
    settings: Settings, storage: Storage | None = None, image_settings: ImageSettings | None = None
) -> Painter:
    """The provider GRIMREEL_IMAGE_PROVIDER names, behind the content cache (when storage is
    given); one that sends prompts off the machine behind the rule screen too, outermost, so
    even a cached picture is only served for a passing prompt."""
    cs = image_settings or load_as(ImageSettings)
    # mypy refuses a Protocol for type[T]; create() only uses it for isinstance, which works.
    kit = Kit(policy=cs.policy())
    painter = create("image", cs.provider, PROVIDERS, kit, Painter)
    screen = painter.sends_prompts
    if storage is not None and settings.cache_enabled:
        painter = CachedPainter(painter, storage)
    if screen:
        painter = ScreenedPainter(painter)
    return painter


def build(settings: Settings) -> list[Stage]:
    storage = make_storage(settings)
    deps = VisualDeps(
        painter=make_painter(settings, storage), storage=storage, attempts=settings.max_attempts
    )
    return [
        Stage.of(
            "visual",
            on(SceneRequested, illustrate, deps),
            concurrency=settings.concurrency_of("visual"),
            resources=(deps.storage, deps.painter),
        )
    ]
