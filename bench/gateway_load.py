"""Load generators for bench/gateway.py: wrk (preferred) or an aiohttp client loop.

Each returns {"rps", "p50_ms", "p99_ms", "requests", "non_2xx", "errors"}.
"""

import asyncio
import json
import tempfile
import time
from pathlib import Path

import aiohttp

# wrk's Lua: fixed method, body and headers; done() prints the numbers as one JSON line.
WRK_SCRIPT = """
wrk.method = %(method)s
wrk.body = %(body)s
%(headers)s
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, "non_2xx": %%d, ' ..
    '"errors": %%d}\\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def _lua(s: str) -> str:
    return json.dumps(s)  # a JSON string literal is a valid Lua string literal here


async def wrk_load(
    url: str, method: str, body: bytes | None, headers: dict[str, str], seconds: float, conns: int
) -> dict[str, float]:
    lines = "\n".join(f"wrk.headers[{_lua(k)}] = {_lua(v)}" for k, v in headers.items())
    script = WRK_SCRIPT % {
        "method": _lua(method),
        "body": _lua(body.decode()) if body else "nil",
        "headers": lines,
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "load.lua"
        path.write_text(script)
        proc = await asyncio.create_subprocess_exec(
            "wrk",
            "-t1",
            f"-c{conns}",
            f"-d{seconds:g}s",
            "-s",
            str(path),
            url,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, _ = await proc.communicate()
    raw = json.loads(out.decode().strip().splitlines()[-1])
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "requests": raw["requests"],
        "non_2xx": raw["non_2xx"],
        "errors": raw["errors"],
    }


async def aiohttp_load(
    url: str, method: str, body: bytes | None, headers: dict[str, str], seconds: float, conns: int
) -> dict[str, float]:
    """The fallback: the client shares the server's process and loop, so numbers are lower."""
    lat: list[float] = []
    bad = errors = 0
    deadline = time.perf_counter() + seconds

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal bad, errors
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            try:
                async with session.request(method, url, data=body, headers=headers) as r:
                    await r.read()
                    bad += not 200 <= r.status < 300
            except aiohttp.ClientError:
                errors += 1
            lat.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(worker(session) for _ in range(conns)))
    took = time.perf_counter() - t0
    lat.sort()
    pick = lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))] * 1000, 3)  # noqa: E731
    return {
        "rps": round(len(lat) / took, 1),
        "p50_ms": pick(0.5),
        "p99_ms": pick(0.99),
        "requests": len(lat),
        "non_2xx": bad,
        "errors": errors,
    }
