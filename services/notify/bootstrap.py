"""Composition root of the notify stage: every channel is looked up by name and built when its
own settings enable it (webhook: a signing secret; smtp: a host; tiktok: an access token)."""

from dataclasses import dataclass
from typing import Any

import structlog

from services.notify.deps import NotifyDeps
from services.notify.handler import completed, failed, review_requested
from services.notify.protocols import Mailer, VideoPoster, Webhooks
from services.notify.settings import (
    ChannelSettings,
    NotifySettings,
    SmtpSettings,
    TiktokSettings,
    WebhookSettings,
)
from shared.config import ConfigError, Settings, load_as
from shared.messages import JobFailed, ReviewRequested, VideoRendered
from shared.providers import Kit, find
from shared.review_links import LinkSettings
from shared.runtime import Stage, on
from shared.wiring import make_storage

log = structlog.get_logger("notify")

KIND, PACKAGE = "channel", "services.notify.providers"
# What each channel must build: the protocol the handlers call it through.
CHANNELS: dict[str, type] = {"webhook": Webhooks, "smtp": Mailer, "tiktok": VideoPoster}


@dataclass(frozen=True)
class ChannelSettingsSet:
    """Every channel's settings: the environment's, or a test's own."""

    webhook: WebhookSettings
    smtp: SmtpSettings
    tiktok: TiktokSettings

    @classmethod
    def from_env(cls) -> "ChannelSettingsSet":
        return cls(**{name: load_as(find(KIND, name, PACKAGE).settings) for name in CHANNELS})

    def build(self, name: str) -> Any:
        """The channel ``name``, or None when its settings leave it off."""
        settings: ChannelSettings = getattr(self, name)
        if not settings.enabled:
            return None
        built = find(KIND, name, PACKAGE).factory(settings, Kit(policy=settings.policy()))
        if not isinstance(built, CHANNELS[name]):
            raise ConfigError(f"channel {name!r} built a {type(built).__name__}")
        return built


def make_deps(
    settings: Settings,
    notify: NotifySettings | None = None,
    channels: ChannelSettingsSet | None = None,
) -> NotifyDeps:
    notify = notify or load_as(NotifySettings)
    channels = channels or ChannelSettingsSet.from_env()
    built = {name: channels.build(name) for name in CHANNELS}
    deps = NotifyDeps(
        storage=make_storage(settings),
        url_expiry_s=settings.url_expiry_s,
        keep_work=notify.keeps,
        webhooks=built["webhook"],
        webhook_urls=tuple(channels.webhook.urls),
        mailer=built["smtp"],
        mail_from=channels.smtp.from_,
        poster=built["tiktok"],
        scratch_dir=settings.scratch_dir,
        links=load_as(LinkSettings),
    )
    log.info(
        "notify.configured",
        **{name: channel is not None for name, channel in built.items()},
        global_webhooks=len(deps.webhook_urls),
        keep_work=deps.keep_work,
    )
    return deps


def build(
    settings: Settings,
    notify: NotifySettings | None = None,
    channels: ChannelSettingsSet | None = None,
) -> list[Stage]:
    deps = make_deps(settings, notify, channels)
    return [
        Stage.of(
            "notify",
            on(VideoRendered, completed, deps),
            on(JobFailed, failed, deps),
            on(ReviewRequested, review_requested, deps),
            concurrency=settings.concurrency_of("notify"),
            resources=(deps.storage, deps.webhooks, deps.mailer, deps.poster),
        )
    ]
