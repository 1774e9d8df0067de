"""Final outcomes, for notify and for outside consumers (n8n, scripts)."""

from typing import ClassVar

from pydantic import Field

from shared.messages.base import BusMessage


class JobCompleted(BusMessage):
    kind: ClassVar[str] = "job.completed"

    status: str = "completed"
    outputs: dict[str, str]
    urls: dict[str, str] = Field(default_factory=dict)
    idempotency_key: str | None = None


class JobFailed(BusMessage):
    kind: ClassVar[str] = "job.failed"

    status: str = "failed"
    stage: str
    reason: str
    scene: int | None = None
    idempotency_key: str | None = None
