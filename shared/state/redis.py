"""Redis state: a hash per job, a timeline list, a pub/sub channel, Lua compare-and-set.

Over ~150 lines: one method per StateStore operation, each a thin call of its script; the
listing indexes' reads live in redis_index.py, the Lua in scripts.py."""

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio as aioredis
import redis.exceptions

from shared.state import redis_index as index
from shared.state import scripts
from shared.state.base import (
    JOIN_LEASE_S,
    LIVE,
    RETENTION_S,
    Approval,
    Entry,
    JobRecord,
    JoinBusy,
    Status,
    group_of,
)
from shared.state.batch import Arg, ScriptBatcher

P = "grimreel"
TTL_S = RETENTION_S


def _job(job_id: str) -> str:
    return f"{P}:job:{job_id}"


def _chan(job_id: str) -> str:
    return f"{P}:job:{job_id}:events"


PAUSED_SET = f"{P}:paused"


class RedisState:
    # what an unreachable or restarting Redis raises (the batcher's own timeout included):
    # calls failing with these wait for Redis instead of failing the message
    outage_errors: tuple[type[BaseException], ...] = (
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
        redis.exceptions.BusyLoadingError,
        ConnectionError,
        TimeoutError,
        OSError,
    )

    def __init__(self, url: str) -> None:
        self.r = aioredis.from_url(url, decode_responses=True)
        self._advance = self.r.register_script(scripts.ADVANCE)
        self._progress = self.r.register_script(scripts.PROGRESS)
        self._finish = self.r.register_script(scripts.FINISH)
        self._join = self.r.register_script(scripts.JOIN)
        self._claim = self.r.register_script(scripts.CLAIM)
        self._revive = self.r.register_script(scripts.REVIVE)
        self._refresh = self.r.register_script(scripts.REFRESH)
        self._enter = self.r.register_script(scripts.ENTER)
        self._create = self.r.register_script(scripts.CREATE)
        self._leave = self.r.register_script(scripts.LEAVE)
        self._record = self.r.register_script(scripts.RECORD)
        self._pause = self.r.register_script(scripts.PAUSE)
        self._resume = self.r.register_script(scripts.RESUME)
        self._batch = ScriptBatcher(self.r)  # the scripts every hop runs

    async def create(self, job: JobRecord) -> bool:
        # One script: a concurrent reader never sees a half-written job, nor an unindexed one.
        snapshot = json.dumps({"job": job.model_dump(mode="json", exclude={"spec"})})
        pairs = [x for kv in _to_hash(job).items() for x in kv]
        keys = [_job(job.job_id), _chan(job.job_id)]
        args: list[Arg] = [TTL_S, job.created_at, snapshot, job.job_id, P, time.time()]
        return bool(await self._batch.call(self._create, keys, [*args, job.owner or "", *pairs]))

    async def get(self, job_id: str) -> JobRecord | None:
        raw = await self._batch.command("HGETALL", _job(job_id))
        h = raw if isinstance(raw, dict) else dict(zip(raw[::2], raw[1::2], strict=True))
        return _from_hash(h) if h.get("status") else None

    async def list_jobs(
        self,
        *,
        status: str | None = None,
        owner: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> list[JobRecord]:
        key = index.index_key(P, group_of(status), owner)
        if status not in LIVE:  # the index holds exactly the jobs asked for
            return await self._records(await index.page_ids(self.r, key, offset, limit, TTL_S))
        # queued or running: one "live" group holds both (see scripts._INDEX); it is as long
        # as the jobs in flight, so it is walked and filtered.
        out: list[JobRecord] = []
        skipped, start, step = 0, 0, max(2 * limit, 100)
        while len(out) < limit:
            ids = await index.page_ids(self.r, key, start, step, TTL_S)
            if not ids:
                break
            start += step
            for job in await self._records(ids):
                if job.status != status:
                    continue
                if skipped < offset:
                    skipped += 1
                    continue
                out.append(job)
                if len(out) == limit:
                    break
        return out

    async def _records(self, ids: list[str]) -> list[JobRecord]:
        found = await index.hashes(self.r, [_job(i) for i in ids])
        return [_from_hash(h) for h in found if h.get("status")]

    async def status_counts(self) -> dict[str, int]:
        return await index.group_counts(self.r, P, TTL_S)

    async def advance(self, job_id: str, stage: str, rank: int, progress: float) -> bool:
        keys = [_job(job_id), _chan(job_id)]
        return bool(
            await self._batch.call(self._advance, keys, [stage, rank, progress, time.time()])
        )

    async def set_progress(self, job_id: str, progress: float) -> bool:
        keys = [_job(job_id), _chan(job_id)]
        return bool(await self._batch.call(self._progress, keys, [round(progress, 2), time.time()]))

    async def finish(
        self,
        job_id: str,
        status: Status,
        *,
        error: str | None = None,
        outputs: dict[str, str] | None = None,
        only_from: Status | None = None,
    ) -> bool:
        out = json.dumps(outputs) if outputs else ""
        keys = [_job(job_id), _chan(job_id)]
        args: list[Arg] = [status, error or "", out, time.time(), P, TTL_S, only_from or ""]
        return bool(await self._batch.call(self._finish, keys, args))

    async def pause(self, job_id: str, approval: Approval) -> bool:
        keys = [_job(job_id), _chan(job_id), PAUSED_SET]
        args: list[Arg] = [approval.model_dump_json(), approval.deadline, time.time(), job_id]
        return bool(await self._batch.call(self._pause, keys, args))

    async def resume(self, job_id: str) -> bool:
        keys = [_job(job_id), _chan(job_id), PAUSED_SET]
        return bool(await self._batch.call(self._resume, keys, [time.time(), job_id]))

    async def paused_until(self, before: float, limit: int = 100) -> list[str]:
        ids = await self.r.zrangebyscore(PAUSED_SET, "-inf", before, start=0, num=limit)
        return [str(i) for i in ids]

    async def unlist_paused(self, job_id: str) -> None:
        await self.r.zrem(PAUSED_SET, job_id)

    async def revive(self, job_id: str) -> bool:
        return bool(
            await self._batch.call(
                self._revive, [_job(job_id), _chan(job_id)], [time.time(), P, TTL_S]
            )
        )

    async def bump_attempts(self, job_id: str) -> int:
        return int(await self.r.hincrby(_job(job_id), "attempts", 1))

    async def record(self, job_id: str, event: dict[str, Any]) -> None:
        event = {"at": time.time(), **event}
        keys = [f"{_job(job_id)}:timeline", _chan(job_id)]
        await self._batch.call(self._record, keys, [TTL_S, json.dumps(event)])

    async def timeline(self, job_id: str) -> list[dict[str, Any]]:
        return [json.loads(e) for e in await self.r.lrange(f"{_job(job_id)}:timeline", 0, -1)]

    async def subscribe(self, job_id: str) -> AsyncIterator[dict[str, Any]]:
        ps = self.r.pubsub()
        await ps.subscribe(_chan(job_id))
        try:
            async for m in ps.listen():
                if m.get("type") == "message":
                    yield _update(json.loads(m["data"]))
        finally:
            await ps.unsubscribe()
            await ps.aclose()

    async def join_part(
        self, job_id: str, field: str, payload: str, expected: int, claimer: str
    ) -> dict[str, str] | None:
        keys = [f"{_job(job_id)}:parts", f"{_job(job_id)}:join"]
        args: list[Arg] = [field, payload, expected, claimer, time.time(), JOIN_LEASE_S, TTL_S]
        res = await self._batch.call(self._join, keys, args)
        if res == "busy":
            raise JoinBusy(f"join of {job_id} is being completed by another worker")
        if not res:
            return None
        return dict(zip(res[::2], res[1::2], strict=True))

    async def join_done(self, job_id: str) -> None:
        await self._batch.command("SET", f"{_job(job_id)}:join", "done", "EX", TTL_S)

    async def enter(self, e: Entry) -> str:
        keys = [
            _job(e.job_id),
            f"{P}:claim:{e.stage}:{e.message_id}",
            f"{_job(e.job_id)}:timeline",
            _chan(e.job_id),
        ]
        started = {"at": time.time(), "stage": e.stage, "event": "started", "attempt": e.attempt}
        event = json.dumps({**started, "side": True} if e.side else started)
        args: list[Arg] = [
            e.token,
            max(1, int(e.lease_s * 1000)),
            e.stage,
            e.rank,
            e.progress,
            time.time(),
            event,
            int(e.allow_final),
            TTL_S,
        ]
        return str(await self._batch.call(self._enter, keys, args))

    async def leave(self, job_id: str, stage: str, message_id: str, event: dict[str, Any]) -> None:
        keys = [f"{P}:claim:{stage}:{message_id}", f"{_job(job_id)}:timeline", _chan(job_id)]
        await self._batch.call(self._leave, keys, [TTL_S, json.dumps({"at": time.time(), **event})])

    async def claim(self, stage: str, message_id: str, token: str, lease_s: float) -> str:
        key = f"{P}:claim:{stage}:{message_id}"
        return str(await self._batch.call(self._claim, [key], [token, max(1, int(lease_s * 1000))]))

    async def refresh(self, stage: str, message_id: str, token: str, lease_s: float) -> None:
        key = f"{P}:claim:{stage}:{message_id}"
        await self._batch.call(self._refresh, [key], [token, max(1, int(lease_s * 1000))])

    async def release(self, stage: str, message_id: str, token: str) -> None:
        await self._batch.call(self._refresh, [f"{P}:claim:{stage}:{message_id}"], [token, 0])

    async def mark_done(self, stage: str, message_id: str) -> None:
        await self.r.set(f"{P}:claim:{stage}:{message_id}", "done", ex=TTL_S)

    async def claim_key(self, key: str, value: str) -> str:
        full = f"{P}:key:{key}"
        await self.r.set(full, value, nx=True, ex=TTL_S)
        return str(await self.r.get(full))

    async def persistence(self) -> str | None:
        """None when Redis keeps its data across a restart (AOF or RDB snapshots); else why not."""
        try:
            aof = (await self.r.config_get("appendonly")).get("appendonly")
            save = (await self.r.config_get("save")).get("save")
        except redis.exceptions.ResponseError:  # CONFIG disabled (managed Redis): cannot tell
            return None
        if aof == "yes" or save:
            return None
        return "Redis runs without AOF or snapshots: a restart loses every job's state"

    async def ping(self) -> bool:
        return bool(await self.r.ping())

    async def close(self) -> None:
        await self._batch.close()
        await self.r.aclose()


def _update(raw: dict[str, Any]) -> dict[str, Any]:
    """Lua publishes the raw hash; subscribers get the same shape as from memory state."""
    if "job" in raw:
        raw["job"] = _from_hash(raw["job"]).model_dump(mode="json", exclude={"spec"})
    return raw


def _to_hash(job: JobRecord) -> dict[str, str]:
    d = job.model_dump(mode="json")
    return {
        k: json.dumps(v) if isinstance(v, dict) else ("" if v is None else str(v))
        for k, v in d.items()
    }


def _from_hash(h: dict[str, str]) -> JobRecord:
    data: dict[str, Any] = {k: v for k, v in h.items() if v != ""}
    for k in ("outputs", "spec", "approval"):
        if k in data:
            data[k] = json.loads(data[k])
    return JobRecord.model_validate(data)
