"""Composition root of the visual stage: provider, call policy, prompt screen and cache."""

from functools import partial

from services.visual.cache import CachedPainter
from services.visual.handler import VisualDeps, illustrate
from services.visual.painter import Painter
from services.visual.prompting import ScreenedPainter
from shared.config import Settings
from shared.messages import SceneRequested
from shared.providers import CallPolicy
from shared.runtime import Stage
from shared.storage import Storage
from shared.wiring import make_storage


def policy(settings: Settings) -> CallPolicy:
    return CallPolicy(
        settings.image_provider,
        concurrency=settings.image_concurrency,
        timeout_s=settings.image_timeout_s,
        attempts=settings.image_attempts,
        backoff_s=settings.image_backoff_s,
    )


def provider(settings: Settings) -> Painter:
    """The bare provider the settings name; hosted SDKs are imported only when chosen."""
    if settings.image_provider == "openai":
        from services.visual.providers.openai_painter import OpenAIPainter
        from shared.providers.openai_sdk import make_client

        assert settings.openai_api_key is not None  # checked when settings load
        client = make_client(
            settings.openai_api_key.get_secret_value(),
            settings.openai_image_base_url,
            settings.image_timeout_s,
        )
        return OpenAIPainter(client, policy(settings), model=settings.openai_image_model)
    if settings.image_provider == "stability":
        from services.visual.providers.stability import StabilityPainter

        assert settings.stability_api_key is not None
        return StabilityPainter(
            settings.stability_api_key.get_secret_value(),
            policy(settings),
            base_url=settings.stability_base_url,
            model=settings.stability_model,
        )
    from services.visual.providers.offline import OfflinePainter

    return OfflinePainter()


def make_painter(settings: Settings, storage: Storage | None = None) -> Painter:
    """The provider behind the content cache (when storage is given); a hosted one behind the
    rule policy too, outermost, so even a cached picture is only served for a passing prompt."""
    painter = provider(settings)
    if storage is not None and settings.cache_enabled:
        painter = CachedPainter(painter, storage)
    if settings.image_provider != "offline":
        painter = ScreenedPainter(painter)
    return painter


def build(settings: Settings) -> list[Stage]:
    storage = make_storage(settings)
    deps = VisualDeps(
        painter=make_painter(settings, storage), storage=storage, attempts=settings.max_attempts
    )
    return [
        Stage(
            "visual",
            {SceneRequested: partial(illustrate, deps=deps)},
            concurrency=settings.concurrency_of("visual"),
        )
    ]
