"""A cap on the live (queued or running) jobs of one subject.

Each subject has a sorted set of its reserved job ids (score = reservation time). The set
only grows while it is below the limit, so it never holds much more than the limit; it is
pruned of finished jobs when full, and a little on every call.
"""

import time
from typing import Protocol

import redis.asyncio as aioredis

from shared.state.base import TERMINAL, StateStore
from shared.state.redis import P as STATE_PREFIX

PREFIX = "grimreel:active:"
# A reservation whose job has no state yet (submit in flight) counts as live this long.
PENDING_S = 60
TTL_S = 7 * 24 * 3600

# KEYS: the subject's set  ARGV: job-key prefix, limit, job id, now, pending-s, ttl
# Reads job hashes not listed in KEYS: fine on one Redis (this project), not on a cluster.
RESERVE = """
local function gone(id, score)
  local st = redis.call('HGET', ARGV[1] .. id, 'status')
  if st then return st ~= 'queued' and st ~= 'running' end
  return tonumber(score) < tonumber(ARGV[4]) - tonumber(ARGV[5])
end
local function prune(members)
  for i = 1, #members, 2 do
    if gone(members[i], members[i + 1]) then redis.call('ZREM', KEYS[1], members[i]) end
  end
end
prune(redis.call('ZRANGE', KEYS[1], 0, 1, 'WITHSCORES'))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  prune(redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES'))
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[6])
return 1
"""


class ActiveJobs(Protocol):
    async def reserve(self, subject: str, job_id: str, limit: int) -> bool:
        """Take a slot for a job about to be submitted; False when the subject is at limit."""

    async def release(self, subject: str, job_id: str) -> None:
        """Give a slot back when the submit did not happen."""


class RedisActiveJobs:
    def __init__(self, r: aioredis.Redis) -> None:
        self.r = r
        self._reserve = r.register_script(RESERVE)

    async def reserve(self, subject: str, job_id: str, limit: int) -> bool:
        prefix, now = f"{STATE_PREFIX}:job:", time.time()
        args: list[str | int | float] = [prefix, limit, job_id, now, PENDING_S, TTL_S]
        return bool(await self._reserve(keys=[PREFIX + subject], args=args))

    async def release(self, subject: str, job_id: str) -> None:
        await self.r.zrem(PREFIX + subject, job_id)


class MemoryActiveJobs:
    def __init__(self, state: StateStore) -> None:
        self.state = state
        self._slots: dict[str, dict[str, float]] = {}

    async def reserve(self, subject: str, job_id: str, limit: int) -> bool:
        slots = self._slots.setdefault(subject, {})
        if len(slots) >= limit:
            for held, at in list(slots.items()):
                job = await self.state.get(held)
                if (job.status in TERMINAL) if job else at < time.time() - PENDING_S:
                    del slots[held]
        if len(slots) >= limit:
            return False
        slots[job_id] = time.time()
        return True

    async def release(self, subject: str, job_id: str) -> None:
        self._slots.get(subject, {}).pop(job_id, None)
