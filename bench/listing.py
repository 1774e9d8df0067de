"""GET /jobs for one owner at 100,000 jobs, beside the least Redis work a page can cost.

One invocation, two stores: first only the owner's own jobs (the "empty" store), then
100,000 jobs across 100 owners. In each, GET /jobs?limit=50 at offsets 0/50/100/150 through
the whole gateway (JWT, rate limits, the listing) and a baseline made of a plain ZREVRANGE of
the owner's index + one pipelined HGETALL of its 50 keys. Redis db 12 (no other bench or
test uses it), flushed at start and end.

usage: python -m bench.listing [REQUESTS_PER_OFFSET]
"""

import asyncio
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import jwt
from aiohttp import web

from services.gateway.app import build_app
from services.gateway.config import GatewaySettings
from shared import logs
from shared.runtime.memory_bus import MemoryBus
from shared.state.base import JobRecord
from shared.state.redis import P, RedisState
from shared.state.redis_index import index_key
from shared.storage.local import LocalStorage

REDIS = "redis://127.0.0.1:6379/12"
SECRET = "bench-secret-bench-secret-bench-secret"
TOTAL, OWNERS, OFFSETS, LIMIT = 100_000, 100, (0, 50, 100, 150), 50
ME = "owner-000"


async def fill(state: RedisState, owners: list[str], per_owner: int) -> None:
    """per_owner jobs for each owner, interleaved in time over the last day; a tenth finished."""
    now, rng = time.time(), random.Random(7)
    jobs = [
        JobRecord(
            job_id=f"{o}-{i:06d}",
            owner=o,
            spec={"topic": "a lighthouse keeper hears knocking"},
            created_at=now - 86_400 + rng.random() * 86_000,
        )
        for i in range(per_owner)
        for o in owners
    ]
    for start in range(0, len(jobs), 1000):
        batch = jobs[start : start + 1000]
        await asyncio.gather(*(state.create(j) for j in batch))
        done = [j for j in batch if rng.random() < 0.1]
        await asyncio.gather(*(state.finish(j.job_id, "completed") for j in done))


def stats(samples: list[float]) -> dict[str, float]:
    s = sorted(samples)
    return {
        "p50_ms": round(s[len(s) // 2] * 1000, 2),
        "p99_ms": round(s[min(len(s) - 1, int(len(s) * 0.99))] * 1000, 2),
    }


async def measure(state: RedisState, url: str, headers: dict[str, str], n: int) -> dict:
    gateway, baseline = [], []
    async with aiohttp.ClientSession() as http:
        for offset in OFFSETS * n:
            t0 = time.perf_counter()
            async with http.get(f"{url}/jobs?limit={LIMIT}&offset={offset}", headers=headers) as r:
                body = await r.json()
                assert r.status == 200 and len(body["items"]) == LIMIT, body
            gateway.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            ids = await state.r.zrevrange(index_key(P, "all", ME), offset, offset + 49)
            pipe = state.r.pipeline(transaction=False)
            for i in ids:
                pipe.hgetall(f"{P}:job:{i}")
            assert len(await pipe.execute()) == LIMIT
            baseline.append(time.perf_counter() - t0)
    g, b = stats(gateway), stats(baseline)
    return {"gateway": g, "baseline": b, "ratio_p50": round(g["p50_ms"] / b["p50_ms"], 2)}


async def main(n: int) -> None:
    logs.configure("warning", "json")
    load_before = round(os.getloadavg()[0], 2)
    settings = GatewaySettings(
        redis_url=REDIS,
        auth_hs256_secret=SECRET,
        gateway_rate_per_s=1e6,
        gateway_rate_burst=10**6,
        gateway_ip_rate_per_s=1e6,
        gateway_ip_rate_burst=10**6,
        gateway_ingress=False,
    )
    state = RedisState(REDIS)
    await state.r.flushdb()
    now = int(time.time())
    claims = {"sub": ME, "scope": "jobs:read", "iat": now, "exp": now + 3600}
    headers = {"Authorization": f"Bearer {jwt.encode(claims, SECRET, 'HS256')}"}
    owners = [f"owner-{i:03d}" for i in range(OWNERS)]
    per_owner = TOTAL // OWNERS
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(settings, MemoryBus(), state, LocalStorage(Path(tmp)))
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        await fill(state, [ME], per_owner)
        await measure(state, url, headers, 5)  # warm-up: connections, scripts, token cache
        results[f"{per_owner:,} jobs (the owner's own)"] = await measure(state, url, headers, n)
        t0 = time.perf_counter()
        await fill(state, owners[1:], per_owner)
        fill_s = round(time.perf_counter() - t0, 1)
        stored = await state.r.zcard("grimreel:jobs")
        results[f"{stored:,} jobs, {OWNERS} owners"] = await measure(state, url, headers, n)
        await runner.cleanup()
    await state.r.flushdb()
    await state.close()
    summary = {
        "requests": n * len(OFFSETS),
        "offsets": OFFSETS,
        "fill_s": fill_s,
        "load_avg_1m": {"before": load_before, "after": round(os.getloadavg()[0], 2)},
        "results": results,
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
