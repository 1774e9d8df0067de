"""Final outcomes, for notify and for outside consumers (n8n, scripts): a job completed, a job
failed, or a request was refused before it became a job."""

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.messages.base import BusMessage

# Output names under which render stores the video and its thumbnail (older names after).
VIDEO_NAMES = ("video.mp4", "video")
THUMBNAIL_NAMES = ("thumbnail.jpg", "thumbnail")


def first_url(urls: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((urls[n] for n in names if urls.get(n)), None)


class JobCompleted(BusMessage):
    kind: ClassVar[str] = "job.completed"

    status: str = "completed"
    outputs: dict[str, str]
    urls: dict[str, str] = Field(default_factory=dict)
    # The two links a workflow wants, so it need not know render's output names; null when
    # that output is absent. Filled from ``urls`` unless given.
    video_url: str | None = None
    thumbnail_url: str | None = None
    idempotency_key: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _links(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("urls"), dict):
            data = dict(data)
            data.setdefault("video_url", first_url(data["urls"], VIDEO_NAMES))
            data.setdefault("thumbnail_url", first_url(data["urls"], THUMBNAIL_NAMES))
        return data


class JobFailed(BusMessage):
    kind: ClassVar[str] = "job.failed"

    status: str = "failed"  # "cancelled" when a repeat of a cancelled job's request is answered
    stage: str
    reason: str
    scene: int | None = None
    idempotency_key: str | None = None


class FieldError(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    field: str  # dotted path in the request ("topic", "(body)", "Idempotency-Key")
    rule: str  # what failed: a validation rule, a safety category, an option
    message: str


class JobRejected(BusMessage):
    """A request refused before it became a job (ingress). No job exists: ``job_id`` is the
    rejection's own id (``r-…``), found by no API; match the answer to the request by
    ``idempotency_key`` or ``correlation_id``."""

    kind: ClassVar[str] = "job.rejected"

    status: str = "rejected"
    code: str  # the API's error code: validation_failed, topic_refused, idempotency_conflict, …
    reason: str
    errors: list[FieldError] = Field(default_factory=list)
    idempotency_key: str | None = None  # as the sender sent it (header, or derived from ce-id)
    correlation_id: str | None = None  # the sender's: AMQP property, header or CloudEvent
    message_id: str | None = None  # the refused message's AMQP message_id, if it had one
