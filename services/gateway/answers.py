"""Answers the gateway sends on the events queue itself, so every ingress request gets one:
``job.rejected`` for a request refused before it became a job, and a finished job's outcome
again for a repeat of its request (a retrying n8n step waits for an answer)."""

import hashlib
import uuid

from services.gateway.errors import ApiError
from services.gateway.sender import Sender
from shared import timeline
from shared.codec import wrap
from shared.messages.envelope import Envelope
from shared.messages.outcome import FieldError, JobCompleted, JobFailed, JobRejected
from shared.state.base import JobRecord, StateStore
from shared.storage.base import Storage

SOURCE = "grimreel/gateway"
MAX_ERRORS = 50


def rejection_id(sender: Sender) -> str:
    """Stable across redeliveries of one message when it has a message id (a crash between
    the answer and the dead letter sends the answer twice, under one id); fresh otherwise."""
    seed = sender.message_id or uuid.uuid4().hex
    return "r-" + hashlib.sha256(f"rejected\x00{seed}".encode()).hexdigest()[:24]


def rejection(e: ApiError, sender: Sender) -> Envelope:
    errors = [
        FieldError(field=str(d["field"]), rule=str(d["rule"]), message=str(d["message"]))
        for d in (e.details or [])[:MAX_ERRORS]
    ]
    rid = rejection_id(sender)
    msg = JobRejected(
        job_id=rid,
        code=e.code,
        reason=e.message,
        errors=errors,
        idempotency_key=sender.idempotency_key,
        correlation_id=sender.correlation_id,
        message_id=sender.message_id,
    )
    return wrap(msg, source=SOURCE, id=rid)


async def outcome(
    job: JobRecord, state: StateStore, storage: Storage, expiry_s: int
) -> Envelope | None:
    """The final event of a finished job, as notify or the runtime published it; None while
    the job is live (its own outcome is still to come, with the sender's key)."""
    key = job.idempotency_key
    if job.status == "completed":
        urls = {name: await storage.url(k, expiry_s) for name, k in job.outputs.items()}
        done = JobCompleted(job_id=job.job_id, outputs=job.outputs, urls=urls, idempotency_key=key)
        return wrap(done, source=SOURCE)
    if job.status not in ("failed", "cancelled"):
        return None
    events = timeline.read(await state.timeline(job.job_id))
    stage = next((e.stage for e in reversed(events) if e.event == timeline.FAILED), None)
    failed = JobFailed(
        job_id=job.job_id,
        status=job.status,
        stage=stage or job.stage or "gateway",
        reason=job.error or ("the job was cancelled" if job.status == "cancelled" else "failed"),
        idempotency_key=key,
    )
    return wrap(failed, source=SOURCE)
