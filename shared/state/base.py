"""The job state contract shared by the Redis and in-memory stores."""

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol

from pydantic import BaseModel, Field

# awaiting_approval: paused for a person to review the story; no message is in flight for it
Status = Literal["queued", "running", "awaiting_approval", "completed", "failed", "cancelled"]
TERMINAL: frozenset[str] = frozenset({"completed", "failed", "cancelled"})
JOIN_LEASE_S = 30.0
RETENTION_S = 7 * 24 * 3600  # a job's record and its listing entries live this long
# Listing groups: the live statuses share "live", so only a final status moves a job.
LIVE: frozenset[str] = frozenset({"queued", "running", "awaiting_approval"})
PAUSED: Final = "awaiting_approval"
GROUPS = ("live", "completed", "failed", "cancelled")


def group_of(status: str | None) -> str:
    """The listing index that holds jobs of this status ("all" for no status)."""
    if status is None:
        return "all"
    return "live" if status in LIVE else status


class JoinBusy(Exception):
    """Another worker holds the join's claim; retry after its lease."""


@dataclass(frozen=True)
class Entry:
    """The start of handling one message (see StateStore.enter)."""

    job_id: str
    stage: str
    message_id: str
    token: str
    lease_s: float
    rank: int
    progress: float
    attempt: int
    allow_final: bool  # notify handles job.failed of a job that is failed already
    side: bool = False  # an announcement that never moves the job: its events say so


class Approval(BaseModel):
    """A job paused for review: until when it waits, and why the reviewer's last edit was
    refused (the stored story is then the one before the edit)."""

    deadline: float
    paused_at: float = Field(default_factory=time.time)
    refused: list[str] | None = None
    round: int = 0  # the filter round the story passed in (a resumed job goes on from it)


class JobRecord(BaseModel):
    job_id: str
    status: Status = "queued"
    stage: str = "gateway"
    rank: int = 0
    progress: float = 0.0
    attempts: int = 0
    error: str | None = None
    outputs: dict[str, str] = Field(default_factory=dict)
    spec: dict[str, Any] = Field(default_factory=dict)
    owner: str | None = None
    idempotency_key: str | None = None
    approval: Approval | None = None  # set while the job is awaiting approval
    created_at: float = Field(default_factory=time.time)
    updated_at: float = Field(default_factory=time.time)

    @property
    def final(self) -> bool:
        return self.status in TERMINAL


class StateStore(Protocol):
    outage_errors: tuple[type[BaseException], ...]  # "unreachable": wait, don't fail

    async def create(self, job: JobRecord) -> bool:
        """Store a new job; False when the id exists already."""

    async def get(self, job_id: str) -> JobRecord | None: ...

    async def list_jobs(
        self,
        *,
        status: str | None = None,
        owner: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> list[JobRecord]:
        """Newest first, from an index per owner and status group: a page costs its own size
        (queued/running walk the jobs in flight), never the whole store."""

    async def status_counts(self) -> dict[str, int]:
        """Jobs within retention per group of GROUPS, read from the indexes (no record read)."""

    async def advance(self, job_id: str, stage: str, rank: int, progress: float) -> bool:
        """Move a live job to a stage; refused when final or when rank is behind the current."""

    async def set_progress(self, job_id: str, progress: float) -> bool:
        """Raise the progress of a live job; never lowers it."""

    async def finish(
        self,
        job_id: str,
        status: Status,
        *,
        error: str | None = None,
        outputs: dict[str, str] | None = None,
        only_from: Status | None = None,
    ) -> bool:
        """Move a live job to a final status once; False for every later caller, and when
        ``only_from`` is given and the job is not in that status."""

    async def pause(self, job_id: str, approval: Approval) -> bool:
        """A live job waits for review (status awaiting_approval) until approval.deadline."""

    async def resume(self, job_id: str) -> bool:
        """A paused job runs again; False for every caller but the first (or when not paused)."""

    async def paused_until(self, before: float, limit: int = 100) -> list[str]:
        """Ids of jobs paused for review whose deadline is before ``before`` (a job that has
        moved on may still be listed: callers check the record)."""

    async def unlist_paused(self, job_id: str) -> None: ...

    async def revive(self, job_id: str) -> bool:
        """Admin replay of a dead letter: a failed job becomes running again."""

    async def bump_attempts(self, job_id: str) -> int: ...

    async def record(self, job_id: str, event: dict[str, Any]) -> None:
        """Append a timeline event and announce it to subscribers."""

    async def timeline(self, job_id: str) -> list[dict[str, Any]]: ...

    def subscribe(self, job_id: str) -> AsyncIterator[dict[str, Any]]:
        """Yields every update of the job as it happens."""

    async def join_part(
        self, job_id: str, field: str, payload: str, expected: int, claimer: str
    ) -> dict[str, str] | None:
        """Record one scene part. Returns every part to the one caller that completes the set;
        raises JoinBusy while another caller's claim is live."""

    async def join_done(self, job_id: str) -> None: ...

    async def enter(self, e: Entry) -> str:
        """One atomic step: "unknown" (no such job), "skip:<status>" (cancelled or final),
        "done"/"busy" (see claim), or "ok": claimed, stage advanced, "started" recorded."""

    async def leave(self, job_id: str, stage: str, message_id: str, event: dict[str, Any]) -> None:
        """Mark the message done for this stage and append its closing event."""

    async def claim(self, stage: str, message_id: str, token: str, lease_s: float) -> str:
        """Take a message for handling: "ok", "done" (handled before) or "busy" (another
        live worker holds it). A claim not refreshed within lease_s lapses."""

    async def refresh(self, stage: str, message_id: str, token: str, lease_s: float) -> None: ...

    async def release(self, stage: str, message_id: str, token: str) -> None: ...

    async def mark_done(self, stage: str, message_id: str) -> None: ...

    async def claim_key(self, key: str, value: str) -> str:
        """Store value under key unless present; returns whichever value is stored."""

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...
