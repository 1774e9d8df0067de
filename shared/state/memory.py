"""In-memory state: the same semantics as Redis, for one-process runs and fast tests.

Over ~150 lines: it mirrors every StateStore operation; the listing indexes are in
memory_index.py."""

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from itertools import islice
from typing import Any

from shared.state.base import (
    JOIN_LEASE_S,
    LIVE,
    PAUSED,
    RETENTION_S,
    TERMINAL,
    Approval,
    Entry,
    JobRecord,
    JoinBusy,
    Status,
)
from shared.state.memory_index import MemoryIndex


class MemoryState:
    outage_errors: tuple[type[BaseException], ...] = ()  # memory is never unreachable

    def __init__(self) -> None:
        self._jobs: dict[str, JobRecord] = {}
        self._timeline: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._subs: dict[str, list[asyncio.Queue[dict[str, Any]]]] = defaultdict(list)
        self._parts: dict[str, dict[str, str]] = defaultdict(dict)
        self._claims: dict[str, tuple[str, float]] = {}
        self._held: dict[tuple[str, str], tuple[str, float]] = {}
        self._keys: dict[str, str] = {}
        self._paused: dict[str, float] = {}  # job id → review deadline
        self._index = MemoryIndex(RETENTION_S)

    def _expire(self) -> None:
        for job_id in self._index.expired():
            self._jobs.pop(job_id, None)
            self._timeline.pop(job_id, None)

    async def create(self, job: JobRecord) -> bool:
        self._expire()
        if job.job_id in self._jobs:
            return False
        self._jobs[job.job_id] = job.model_copy()
        self._index.add(job.job_id, job.created_at, job.status, job.owner)
        self._announce(job.job_id)
        self._expire()  # as in Redis, a record created past its retention is gone at once
        return True

    async def get(self, job_id: str) -> JobRecord | None:
        job = self._jobs.get(job_id)
        return job.model_copy() if job else None

    async def list_jobs(
        self,
        *,
        status: str | None = None,
        owner: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> list[JobRecord]:
        self._expire()
        if status not in LIVE:
            ids = self._index.page(status, owner, offset, limit)
        else:
            newest = self._index.newest(status, owner)
            matching = (i for i in newest if self._jobs[i].status == status)
            ids = list(islice(matching, offset, offset + limit))
        return [self._jobs[i].model_copy() for i in ids]

    async def status_counts(self) -> dict[str, int]:
        self._expire()
        return self._index.counts()

    def _live(self, job_id: str) -> JobRecord | None:
        job = self._jobs.get(job_id)
        return job if job and job.status not in TERMINAL else None

    async def advance(self, job_id: str, stage: str, rank: int, progress: float) -> bool:
        job = self._live(job_id)
        if job is None or rank < job.rank:
            return False
        job.stage, job.rank, job.status = stage, rank, "running"
        job.progress = max(job.progress, progress)
        job.updated_at = time.time()
        self._announce(job_id)
        return True

    async def set_progress(self, job_id: str, progress: float) -> bool:
        job = self._live(job_id)
        if job is None or progress <= job.progress:
            return False
        job.progress, job.updated_at = progress, time.time()
        self._announce(job_id)
        return True

    async def finish(
        self,
        job_id: str,
        status: Status,
        *,
        error: str | None = None,
        outputs: dict[str, str] | None = None,
        only_from: Status | None = None,
    ) -> bool:
        job = self._live(job_id)
        if job is None or (only_from is not None and job.status != only_from):
            return False
        job.status, job.error, job.updated_at = status, error, time.time()
        if outputs:
            job.outputs = dict(outputs)
        if status == "completed":
            job.progress = 100.0
        self._index.move(job_id, status)
        self._announce(job_id)
        return True

    async def pause(self, job_id: str, approval: Approval) -> bool:
        job = self._live(job_id)
        if job is None:
            return False
        job.status, job.approval, job.updated_at = PAUSED, approval, time.time()
        self._paused[job_id] = approval.deadline
        self._announce(job_id)
        return True

    async def resume(self, job_id: str) -> bool:
        job = self._jobs.get(job_id)
        if job is None or job.status != PAUSED:
            return False
        job.status, job.approval, job.updated_at = "running", None, time.time()
        self._paused.pop(job_id, None)
        self._announce(job_id)
        return True

    async def paused_until(self, before: float, limit: int = 100) -> list[str]:
        due = sorted((d, i) for i, d in self._paused.items() if d <= before)
        return [i for _, i in due[:limit]]

    async def unlist_paused(self, job_id: str) -> None:
        self._paused.pop(job_id, None)

    async def revive(self, job_id: str) -> bool:
        job = self._jobs.get(job_id)
        if job is None or job.status != "failed":
            return False
        job.status, job.error, job.updated_at = "running", None, time.time()
        self._index.move(job_id, "running")
        self._announce(job_id)
        return True

    async def bump_attempts(self, job_id: str) -> int:
        job = self._jobs.get(job_id)
        if job is None:
            return 0
        job.attempts += 1
        return job.attempts

    async def record(self, job_id: str, event: dict[str, Any]) -> None:
        event = {"at": time.time(), **event}
        self._timeline[job_id].append(event)
        self._publish(job_id, {"event": event})

    async def timeline(self, job_id: str) -> list[dict[str, Any]]:
        return [dict(e) for e in self._timeline[job_id]]

    async def subscribe(self, job_id: str) -> AsyncIterator[dict[str, Any]]:
        q: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._subs[job_id].append(q)
        try:
            while True:
                yield await q.get()
        finally:
            self._subs[job_id].remove(q)

    def _announce(self, job_id: str) -> None:
        job = self._jobs[job_id]
        self._publish(job_id, {"job": job.model_dump(mode="json", exclude={"spec"})})

    def _publish(self, job_id: str, update: dict[str, Any]) -> None:
        for q in self._subs.get(job_id, []):
            q.put_nowait(json.loads(json.dumps(update)))

    async def join_part(
        self, job_id: str, field: str, payload: str, expected: int, claimer: str
    ) -> dict[str, str] | None:
        parts = self._parts[job_id]
        parts[field] = payload
        if len(parts) < expected:
            return None
        claim = self._claims.get(job_id)
        if claim and claim[0] == "done":
            return None
        if claim and claim[0] != claimer and time.time() - claim[1] < JOIN_LEASE_S:
            raise JoinBusy(f"join of {job_id} is being completed by another worker")
        self._claims[job_id] = (claimer, time.time())
        return dict(parts)

    async def join_done(self, job_id: str) -> None:
        self._claims[job_id] = ("done", time.time())

    async def enter(self, e: Entry) -> str:
        job = self._jobs.get(e.job_id)
        if job is None:
            return "unknown"
        if job.status == "cancelled" or (job.final and not e.allow_final):
            return f"skip:{job.status}"
        claimed = await self.claim(e.stage, e.message_id, e.token, e.lease_s)
        if claimed != "ok":
            return claimed
        await self.advance(e.job_id, e.stage, e.rank, e.progress)
        event = {"stage": e.stage, "event": "started", "attempt": e.attempt}
        await self.record(e.job_id, {**event, "side": True} if e.side else event)
        return "ok"

    async def leave(self, job_id: str, stage: str, message_id: str, event: dict[str, Any]) -> None:
        await self.mark_done(stage, message_id)
        await self.record(job_id, event)

    async def claim(self, stage: str, message_id: str, token: str, lease_s: float) -> str:
        held = self._held.get((stage, message_id))
        if held and held[0] == "done":
            return "done"
        if held and held[0] != token and held[1] > time.monotonic():
            return "busy"
        self._held[(stage, message_id)] = (token, time.monotonic() + lease_s)
        return "ok"

    async def refresh(self, stage: str, message_id: str, token: str, lease_s: float) -> None:
        held = self._held.get((stage, message_id))
        if held and held[0] == token:
            self._held[(stage, message_id)] = (token, time.monotonic() + lease_s)

    async def release(self, stage: str, message_id: str, token: str) -> None:
        held = self._held.get((stage, message_id))
        if held and held[0] == token:
            del self._held[(stage, message_id)]

    async def mark_done(self, stage: str, message_id: str) -> None:
        self._held[(stage, message_id)] = ("done", float("inf"))

    async def claim_key(self, key: str, value: str) -> str:
        return self._keys.setdefault(key, value)

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        return None
