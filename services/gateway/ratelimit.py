"""Token buckets per subject and per client IP: all checked and taken in one atomic step."""

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import redis.asyncio as aioredis

PREFIX = "grimreel:rl:"

# KEYS: bucket hashes  ARGV: cost, then rate and burst per key.
# Takes `cost` from every bucket or from none; returns the wait in seconds (0 = allowed) as a
# string, since Lua numbers returned to Redis are cut to integers. The clock is Redis's own, so
# gateways on different machines share one timeline.
TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local cost = tonumber(ARGV[1])
local wait, level = 0, {}
for i, key in ipairs(KEYS) do
  local rate, burst = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local h = redis.call('HMGET', key, 'tokens', 'ts')
  local tokens = tonumber(h[1]) or burst
  local ts = tonumber(h[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
  level[i] = tokens
  if tokens < cost then wait = math.max(wait, (cost - tokens) / rate) end
end
if wait > 0 then return tostring(wait) end
for i, key in ipairs(KEYS) do
  local rate, burst = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  redis.call('HSET', key, 'tokens', tostring(level[i] - cost), 'ts', tostring(now))
  redis.call('PEXPIRE', key, math.ceil(burst / rate * 1000) + 1000)
end
return '0'
"""


@dataclass(frozen=True)
class Bucket:
    key: str
    rate_per_s: float
    burst: int


class RateLimiter(Protocol):
    async def take(self, buckets: Sequence[Bucket], cost: float = 1.0) -> float:
        """0.0 when allowed (cost taken from every bucket); else seconds until it would be."""


def retry_after(wait_s: float) -> str:
    return str(max(1, math.ceil(wait_s)))


class RedisRateLimiter:
    def __init__(self, r: aioredis.Redis) -> None:
        self._take = r.register_script(TAKE)

    async def take(self, buckets: Sequence[Bucket], cost: float = 1.0) -> float:
        args: list[float] = [cost]
        for b in buckets:
            args += [b.rate_per_s, b.burst]
        keys = [PREFIX + b.key for b in buckets]
        return float(await self._take(keys=keys, args=args))


class MemoryRateLimiter:
    """The same buckets for one process (memory state); single-threaded, so atomic."""

    def __init__(self) -> None:
        self._level: dict[str, tuple[float, float]] = {}

    async def take(self, buckets: Sequence[Bucket], cost: float = 1.0) -> float:
        now = time.monotonic()
        levels = []
        for b in buckets:
            tokens, ts = self._level.get(b.key, (float(b.burst), now))
            levels.append(min(b.burst, tokens + (now - ts) * b.rate_per_s))
        wait = max(
            ((cost - lvl) / b.rate_per_s for b, lvl in zip(buckets, levels, strict=True)),
            default=0.0,
        )
        if wait > 0:
            return wait
        for b, lvl in zip(buckets, levels, strict=True):
            self._level[b.key] = (lvl - cost, now)
        return 0.0
