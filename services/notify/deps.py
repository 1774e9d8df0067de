"""What the notify handlers are given: storage, policies and the optional delivery providers."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from services.notify.protocols import Mailer, VideoPoster, Webhooks
from shared.storage import Storage

# Which jobs keep their intermediate files (keys.work): "failed" keeps what a dead-letter
# replay of the failed stage needs to resume; final outputs are never deleted here.
KeepWork = Literal["none", "failed", "all"]


@dataclass(frozen=True)
class NotifyDeps:
    storage: Storage
    url_expiry_s: int = 24 * 3600
    keep_work: KeepWork = "failed"
    webhooks: Webhooks | None = None  # None: no signing secret, so no webhook is sent
    # The operator's URLs, notified of every job; may hold tokens, so kept out of reprs.
    webhook_urls: tuple[str, ...] = field(default=(), repr=False)
    mailer: Mailer | None = None
    mail_from: str = "grimreel <grimreel@localhost>"
    poster: VideoPoster | None = None
    scratch_dir: Path | None = None
