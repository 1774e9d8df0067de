"""The JSON event a webhook receives. Stable ``id`` per job and outcome: receivers dedupe on it."""

import hashlib
from datetime import UTC, datetime
from typing import Any

from shared.messages import JobFailed, ReviewRequested, VideoRendered
from shared.messages.outcome import THUMBNAIL_NAMES, VIDEO_NAMES, first_url
from shared.state.base import JobRecord

MAX_REASON = 2000


def event_id(job_id: str, kind: str) -> str:
    """The same for every delivery and redelivery of one outcome: the receiver's idempotency key."""
    return hashlib.sha256(f"grimreel:{job_id}:{kind}".encode()).hexdigest()[:32]


def _base(job_id: str, kind: str, status: str, key: str | None) -> dict[str, Any]:
    return {
        "id": event_id(job_id, kind),
        "type": kind,
        "job_id": job_id,
        "status": status,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "idempotency_key": key,  # the one the client sent with its job request, if any
    }


def completed(msg: VideoRendered, job: JobRecord | None, urls: dict[str, str]) -> dict[str, Any]:
    key = job.idempotency_key if job else None
    return {
        **_base(msg.job_id, "job.completed", "completed", key),
        "outputs": dict(msg.outputs),
        "urls": urls,
        "video_url": first_url(urls, VIDEO_NAMES),  # null when the output is absent
        "thumbnail_url": first_url(urls, THUMBNAIL_NAMES),
        "duration_s": round(msg.duration_s, 3),
    }


def awaiting_approval(
    msg: ReviewRequested, job: JobRecord | None, link: str | None
) -> dict[str, Any]:
    key = job.idempotency_key if job else None
    return {
        **_base(msg.job_id, "job.awaiting_approval", "awaiting_approval", key),
        "deadline": datetime.fromtimestamp(msg.deadline, UTC).isoformat(timespec="seconds"),
        "review_url": link,  # approve or reject without an API token; null when not configured
        "title": msg.story.title,
        "scenes": [
            {"index": s.index, "narration": s.narration, "image_prompt": s.image_prompt}
            for s in msg.story.scenes
        ],
    }


def failed(msg: JobFailed, job: JobRecord | None) -> dict[str, Any]:
    key = msg.idempotency_key or (job.idempotency_key if job else None)
    return {
        **_base(msg.job_id, "job.failed", "failed", key),
        "stage": msg.stage,
        "reason": msg.reason[:MAX_REASON],
        "scene": msg.scene,
    }
