"""The one owner of a job's final status. Every way a job ends — completed (notify, once the
outcome is announced), failed (the runtime giving up, the gateway unable to queue it),
cancelled (the API or CLI) — goes through here: a compare-and-set in the state store so only
the first writer wins, then one timeline event, and for a failure the message that announces
it. Nothing else calls ``StateStore.finish``."""

from shared import timeline
from shared.messages.outcome import JobFailed
from shared.state.base import StateStore


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
