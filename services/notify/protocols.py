"""The protocols the notify handler talks to, and what each delivery reports back."""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

DeliveryStatus = Literal["delivered", "failed", "refused"]


@dataclass(frozen=True)
class Delivery:
    """The final outcome of one webhook URL after all its attempts."""

    url: str
    status: DeliveryStatus
    attempts: int
    code: int | None = None  # the last HTTP status seen, if any answer came
    error: str | None = None


@dataclass(frozen=True)
class Post:
    """What to publish: the file, its caption and its length (TikTok checks the length)."""

    video: Path
    caption: str
    duration_s: float


@dataclass(frozen=True)
class PostResult:
    publish_id: str
    status: str  # the platform's final status, e.g. PUBLISH_COMPLETE or SEND_TO_USER_INBOX
    mode: str


@runtime_checkable
class Webhooks(Protocol):
    async def deliver(self, urls: Sequence[str], event: Mapping[str, Any]) -> list[Delivery]:
        """Deliver one event to every URL; never raises for a URL that fails."""


@runtime_checkable
class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Hand the message to the mail relay; raises on failure."""


@runtime_checkable
class VideoPoster(Protocol):
    async def post(
        self, post: Post, started: Callable[[str], Awaitable[None]] | None = None
    ) -> PostResult:
        """Publish the video; ``started(publish_id)`` runs once the platform accepted the
        upload, so a crash after it is never retried into a duplicate post. Raises on failure."""
