"""Composition root of the notify stage: providers chosen from settings, each off by default."""

from functools import partial

import structlog

from services.notify.deps import NotifyDeps
from services.notify.handler import completed, failed
from services.notify.protocols import Mailer, VideoPoster, Webhooks
from services.notify.engine.chunks import MB
from services.notify.engine.guard import AddressPolicy
from services.notify.providers.smtp import SmtpMailer
from services.notify.providers.tiktok import TikTokPoster
from services.notify.providers.webhook import HttpWebhooks
from shared.config import Settings
from shared.messages import JobFailed, VideoRendered
from shared.runtime import Stage
from shared.wiring import make_storage

log = structlog.get_logger("notify")


def make_webhooks(s: Settings) -> Webhooks | None:
    if s.webhook_secret is None:
        return None  # unsigned webhooks are never sent: receivers could not trust them
    return HttpWebhooks(
        s.webhook_secret.get_secret_value().encode(),
        AddressPolicy.from_strings(s.webhook_allow),
        timeout_s=s.webhook_timeout_s,
        total_s=s.webhook_total_s,
        backoff_s=s.webhook_backoff_s,
    )


def make_mailer(s: Settings) -> Mailer | None:
    if not s.smtp_host:
        return None
    return SmtpMailer(
        s.smtp_host,
        s.smtp_port,
        security=s.smtp_security,
        username=s.smtp_username,
        password=s.smtp_password.get_secret_value() if s.smtp_password else None,
        ca_file=s.smtp_ca_file,
        timeout_s=s.smtp_timeout_s,
    )


def make_poster(s: Settings) -> VideoPoster | None:
    if s.tiktok_access_token is None:
        return None
    return TikTokPoster(
        s.tiktok_base_url,
        s.tiktok_access_token.get_secret_value(),
        mode=s.tiktok_mode,
        privacy=s.tiktok_privacy,
        chunk_bytes=s.tiktok_chunk_mb * MB,
        poll_s=s.tiktok_poll_s,
        timeout_s=s.tiktok_timeout_s,
        attempts=s.tiktok_attempts,
        backoff_s=s.tiktok_backoff_s,
    )


def make_deps(settings: Settings) -> NotifyDeps:
    deps = NotifyDeps(
        storage=make_storage(settings),
        url_expiry_s=settings.url_expiry_s,
        # GRIMREEL_KEEP_WORK=true (the older switch) still keeps everything.
        keep_work="all" if settings.keep_work else settings.notify_keep_work,
        webhooks=make_webhooks(settings),
        webhook_urls=tuple(settings.webhook_urls),
        mailer=make_mailer(settings),
        mail_from=settings.smtp_from,
        poster=make_poster(settings),
        scratch_dir=settings.scratch_dir,
    )
    log.info(
        "notify.configured",
        webhooks=deps.webhooks is not None,
        global_webhooks=len(deps.webhook_urls),
        email=deps.mailer is not None,
        tiktok=deps.poster is not None,
        keep_work=deps.keep_work,
    )
    return deps


def build(settings: Settings) -> list[Stage]:
    deps = make_deps(settings)
    handlers = {VideoRendered: partial(completed, deps=deps), JobFailed: partial(failed, deps=deps)}
    return [Stage("notify", handlers, concurrency=settings.concurrency_of("notify"))]
