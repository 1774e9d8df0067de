"""Channels built from their own settings objects, as the bootstrap builds them (no env)."""

from typing import Any

from services.notify.providers.smtp import SmtpMailer
from services.notify.providers.tiktok import TikTokPoster
from services.notify.providers.webhook import HttpWebhooks
from services.notify.settings import SmtpSettings, TiktokSettings, WebhookSettings
from tests.notify.receiver import SECRET
from tests.notify.tiktok_stub import TOKEN


def webhooks(allow: tuple[str, ...] = ("127.0.0.1/32",), **kw: Any) -> HttpWebhooks:
    resolver = kw.pop("resolver", None)
    opts = {"timeout_s": 2.0, "total_s": 5.0, "backoff_s": 0.01, **kw}
    settings = WebhookSettings(secret=SECRET.decode(), allow=list(allow), **opts)
    return HttpWebhooks(settings, resolver=resolver)


def mailer(port: int, host: str = "127.0.0.1", **kw: Any) -> SmtpMailer:
    return SmtpMailer(SmtpSettings(host=host, port=port, **kw))


def poster(base_url: str, token: str = TOKEN, **kw: Any) -> TikTokPoster:
    opts = {"poll_s": 0.01, "backoff_s": 0.01, "timeout_s": 10, **kw}
    return TikTokPoster(TiktokSettings(base_url=base_url, access_token=token, **opts))
