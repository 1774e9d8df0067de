"""A valid request → a job: idempotency keys (same key + same body → the same job, another
body → conflict), the live-job cap, then shared.jobs.submit. Shared by HTTP and ingress.
"""

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog

from services.gateway.errors import ApiError
from shared import lifecycle
from shared.jobs import new_job_id, submit
from shared.messages.job import JobRequest
from shared.runtime.bus import Bus
from shared.state.base import JobRecord, StateStore

log = structlog.get_logger("gateway")
TAKEOVER_POLLS = 40  # × 50 ms: how long a repeat waits for a concurrent first request
Reserve = Callable[[str], Awaitable[Callable[[], Awaitable[None]]]]


@dataclass(frozen=True)
class Accepted:
    job: JobRecord
    created: bool  # False: an idempotent repeat of an earlier request


def fingerprint(req: JobRequest) -> str:
    """The same request, whatever its key order or spacing, has the same fingerprint."""
    canonical = json.dumps(req.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_slot(owner: str, key: str) -> str:
    """Keys are per owner: one user's key never reveals or blocks another user's job. The
    owner's length comes first, so no (owner, key) pair spells another pair's slot (with a
    plain "owner:key", alice + "team:x" met "alice:team" + "x")."""
    return f"idem:{len(owner)}:{owner}:{key}"


async def accept(
    bus: Bus,
    state: StateStore,
    req: JobRequest,
    *,
    owner: str,
    key: str | None,
    reserve: Reserve | None = None,
) -> Accepted:
    job_id = new_job_id()
    if key is not None:
        job_id, existing = await claim(state, owner, key, fingerprint(req), job_id)
        if existing is not None:
            return Accepted(existing, created=False)
    release = await reserve(job_id) if reserve else None
    try:
        # Shielded: a client that goes away (or a request timeout) must not cut a submit
        # between its state write and its publish.
        job = await asyncio.shield(
            submit(bus, state, req.spec(), job_id=job_id, idempotency_key=key, owner=owner)
        )
    except Exception as e:
        await not_queued(state, job_id, e, release)
        raise ApiError(503, "unavailable", "the job could not be queued; retry later") from e
    return Accepted(job, created=True)


async def claim(
    state: StateStore, owner: str, key: str, print_: str, job_id: str
) -> tuple[str, JobRecord | None]:
    """The job id an Idempotency-Key stands for and its job when one exists; 409 when the key
    was used with another request. No job yet means this request won the key, or its winner
    died before creating the job: the caller submits under the returned id (create refuses a
    second job under one id, so one publish at most)."""
    mine = f"{print_}:{job_id}"
    stored = await state.claim_key(idempotency_slot(owner, key), mine)
    if stored.split(":")[0] != print_:
        raise ApiError(
            409, "idempotency_conflict", "this Idempotency-Key was used with another body"
        )
    job_id = stored.split(":")[1]
    return job_id, await _created(state, job_id, wait=stored != mine)


async def _created(state: StateStore, job_id: str, *, wait: bool) -> JobRecord | None:
    """The job, if it exists. A repeat that lost the key to a concurrent request gives the
    winner a moment to create it rather than racing its create (and its first message)."""
    for _ in range(TAKEOVER_POLLS if wait else 1):
        if (job := await state.get(job_id)) is not None:
            return job
        await asyncio.sleep(0.05)
    return None


async def not_queued(
    state: StateStore, job_id: str, e: Exception, release: Callable[[], Awaitable[None]] | None
) -> None:
    """A job whose first message never left must not sit 'queued' forever: mark it failed."""
    log.error("job.not_queued", job_id=job_id, error=f"{type(e).__name__}: {e}")
    try:
        if release is not None:
            await release()
        # Nothing to announce: the bus that would carry job.failed is what just failed.
        await lifecycle.fail(state, job_id, "gateway", "the gateway could not queue the job")
    except Exception as inner:  # state is likely down too; the log line above says why
        log.error("job.not_queued_unrecorded", job_id=job_id, error=str(inner))
