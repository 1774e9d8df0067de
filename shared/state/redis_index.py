"""Reading the Redis listing indexes (written by the Lua in scripts.py): a page of jobs in two
round trips whatever the store holds, and the number of jobs per status group.

Indexes are sorted sets scored by created_at: all jobs (``grimreel:jobs``), each status group
(``grimreel:jobs:<group>``; "live" holds queued and running jobs) and the same per owner
(``grimreel:owner:<group>:<owner>``: the group comes first and has no colon, so no owner name
reaches another owner's key).
"""

import time
from typing import Any

import redis.asyncio as aioredis

from shared.state.base import GROUPS


def index_key(prefix: str, group: str, owner: str | None) -> str:
    if owner is not None:
        return f"{prefix}:owner:{group}:{owner}"
    return f"{prefix}:jobs" if group == "all" else f"{prefix}:jobs:{group}"


async def page_ids(r: aioredis.Redis, key: str, start: int, count: int, ttl_s: int) -> list[str]:
    """Ids from position start, newest first, after trimming what retention let expire."""
    pipe = r.pipeline(transaction=False)
    pipe.zremrangebyscore(key, "-inf", f"({time.time() - ttl_s}")
    pipe.zrevrange(key, start, start + count - 1)
    _, ids = await pipe.execute()
    return [str(i) for i in ids]


async def hashes(r: aioredis.Redis, keys: list[str]) -> list[dict[str, Any]]:
    """Every hash in one pipelined round trip; an expired record comes back empty."""
    pipe = r.pipeline(transaction=False)
    for k in keys:
        pipe.hgetall(k)
    return list(await pipe.execute())


async def group_counts(r: aioredis.Redis, prefix: str, ttl_s: int) -> dict[str, int]:
    """Jobs per status group within retention: ZCARD of each index, no record read."""
    pipe = r.pipeline(transaction=False)
    for g in GROUPS:
        pipe.zremrangebyscore(index_key(prefix, g, None), "-inf", f"({time.time() - ttl_s}")
        pipe.zcard(index_key(prefix, g, None))
    out = await pipe.execute()
    return {g: int(out[2 * i + 1]) for i, g in enumerate(GROUPS)}
