"""What the notify handlers are given: storage, policies and the optional delivery providers."""

from dataclasses import dataclass, field
from pathlib import Path

from services.notify.protocols import Mailer, VideoPoster, Webhooks
from services.notify.settings import KeepWork
from shared.review_links import LinkSettings
from shared.storage import Storage


@dataclass(frozen=True)
class NotifyDeps:
    storage: Storage
    url_expiry_s: int = 24 * 3600
    keep_work: KeepWork = "all"
    webhooks: Webhooks | None = None  # None: no signing secret, so no webhook is sent
    # The operator's URLs, notified of every job; may hold tokens, so kept out of reprs.
    webhook_urls: tuple[str, ...] = field(default=(), repr=False)
    mailer: Mailer | None = None
    mail_from: str = "grimreel <grimreel@localhost>"
    poster: VideoPoster | None = None
    scratch_dir: Path | None = None
    links: LinkSettings = field(default_factory=LinkSettings, repr=False)  # signed review links
