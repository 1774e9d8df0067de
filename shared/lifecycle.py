"""The one owner of a job's final status. Every way a job ends — completed (notify, once the
outcome is announced), failed (the runtime giving up, the gateway unable to queue it),
cancelled (the API or CLI) — goes through here: a compare-and-set in the state store so only
the first writer wins, then one timeline event, and for a failure the message that announces
it. Nothing else calls ``StateStore.finish``."""

from shared import timeline, topology
from shared.messages.base import BusMessage
from shared.messages.job import JobSpec
from shared.messages.outcome import JobFailed
from shared.state.base import PAUSED, Approval, JobRecord, StateStore

LOST = "state lost"
REVIEW = "review"  # the timeline's name for the approval gate (a person, not a stage)


async def complete(state: StateStore, job_id: str, stage: str, outputs: dict[str, str]) -> bool:
    """Mark the job completed; True only for the first caller (duplicates get False)."""
    if not await state.finish(job_id, "completed", outputs=outputs):
        return False
    await state.record(job_id, timeline.event(stage, timeline.COMPLETED))
    return True


async def fail(
    state: StateStore, job_id: str, stage: str, reason: str, scene: int | None = None
) -> JobFailed | None:
    """Mark the job failed; the announcement to publish, or None when the job was unknown or
    already final (a duplicate failure, or one that lost the race to a cancel)."""
    job = await state.get(job_id)
    if job is None or not await state.finish(job_id, "failed", error=reason):
        return None
    await state.record(job_id, timeline.event(stage, timeline.FAILED, reason=reason))
    return JobFailed(
        job_id=job_id,
        stage=stage,
        reason=reason,
        scene=scene,
        idempotency_key=job.idempotency_key,
    )


async def cancel(state: StateStore, job_id: str, *, by: str | None = None) -> bool:
    """Cancel a live job; False when it is unknown or final already. Stages skip it from here."""
    if not await state.finish(job_id, "cancelled"):
        return False
    await state.record(job_id, timeline.event("gateway", timeline.CANCELLED, by=by))
    return True


async def pause(state: StateStore, job_id: str, approval: Approval) -> bool:
    """The job waits for a person to review its story; False when it is final already."""
    if not await state.pause(job_id, approval):
        return False
    fields = {"reason": "; ".join(approval.refused)} if approval.refused else {}
    await state.record(
        job_id,
        timeline.event(REVIEW, "awaiting_approval", deadline=approval.deadline, **fields),
    )
    return True


async def reject(state: StateStore, job_id: str, *, by: str | None, reason: str) -> bool:
    """The reviewer refused the story of a paused job: cancelled, with the reviewer's reason."""
    error = f"rejected at review: {reason}"
    if not await state.finish(job_id, "cancelled", error=error, only_from=PAUSED):
        return False
    await state.unlist_paused(job_id)
    await state.record(job_id, timeline.event(REVIEW, "rejected", by=by, reason=reason))
    return True


async def expire(state: StateStore, job_id: str, reason: str) -> JobFailed | None:
    """A paused job nobody approved in time fails (only while it is still paused: an approval
    that won the race keeps the job); the announcement to publish, or None."""
    job = await state.get(job_id)
    if job is None or not await state.finish(job_id, "failed", error=reason, only_from=PAUSED):
        return None
    await state.unlist_paused(job_id)
    await state.record(job_id, timeline.event(REVIEW, "expired", reason=reason))
    return JobFailed(
        job_id=job_id, stage=REVIEW, reason=reason, idempotency_key=job.idempotency_key
    )


async def recover(state: StateStore, msg: BusMessage, stage: str) -> JobFailed | None:
    """A message arrived for a job the state store does not know: Redis lost its data (a
    restart without persistence), or the record expired. Never a silent vanish:

    - a message that carries the job's request re-creates the job, running, from it — unless
      it is a part of the join's fan-out: the parts recorded before the loss are gone with it,
      so the join could never complete;
    - a failure announcement re-creates the job as failed, so it can still be announced;
    - anything else re-creates the job and fails it with reason "state lost"; the returned
      announcement tells the sender (and n8n) what happened.

    None means the job exists again and the message can be handled."""
    spec = getattr(msg, "spec", None)
    key = getattr(msg, "idempotency_key", None)
    if isinstance(msg, JobFailed):
        job = JobRecord(job_id=msg.job_id, status="failed", error=msg.reason, idempotency_key=key)
    elif isinstance(spec, JobSpec) and msg.kind != topology.JOIN.fed_by:
        job = JobRecord(job_id=msg.job_id, status="running", spec=spec.model_dump(mode="json"))
    else:
        await state.create(JobRecord(job_id=msg.job_id, status="running", idempotency_key=key))
        reason = f"{LOST}: no record of this job when {msg.kind} reached {stage}"
        return await fail(state, msg.job_id, stage, reason)
    if await state.create(job):
        await state.record(
            msg.job_id,
            timeline.event(stage, "recovered", reason=f"{LOST}: re-created from {msg.kind}"),
        )
    return None
