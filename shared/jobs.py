"""Creating a job: state first, then the first message (so no message outruns its job)."""

import uuid

from shared import timeline
from shared.codec import wrap
from shared.messages.job import JobRequested, JobSpec
from shared.runtime.bus import Bus
from shared.state.base import JobRecord, StateStore


def new_job_id() -> str:
    return uuid.uuid4().hex[:20]


async def submit(
    bus: Bus,
    state: StateStore,
    spec: JobSpec,
    *,
    job_id: str | None = None,
    idempotency_key: str | None = None,
    owner: str | None = None,
) -> JobRecord:
    job = JobRecord(
        job_id=job_id or new_job_id(),
        spec=spec.model_dump(mode="json"),
        owner=owner,
        idempotency_key=idempotency_key,
    )
    if not await state.create(job):
        existing = await state.get(job.job_id)
        assert existing is not None
        return existing
    await state.record(job.job_id, timeline.event("gateway", timeline.ACCEPTED))
    msg = JobRequested(job_id=job.job_id, spec=spec, idempotency_key=idempotency_key)
    await bus.publish(wrap(msg, source="grimreel/gateway"))
    return job
