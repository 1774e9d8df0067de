"""Requests/second and p99 latency of the gateway (JWT auth + Redis rate limits on, limits set
high) beside a bare aiohttp handler, in one run: POST /jobs and GET /jobs/{id}.

Load from wrk on loopback when installed (`apt-get install -y wrk`), else an aiohttp client
loop. Real RabbitMQ (vhost grimreel-bench when rabbitmqctl can make it) and Redis db 13,
which is flushed.  usage: python -m bench.gateway [SECONDS] [CONNECTIONS]
"""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aio_pika
import jwt
from aiohttp import web

from bench.gateway_load import aiohttp_load, wrk_load
from services.gateway.app import build_app
from services.gateway.config import GatewaySettings
from shared import logs, topology
from shared.runtime.rabbit_bus import RabbitBus
from shared.state.redis import RedisState
from shared.storage.local import LocalStorage

REDIS = "redis://127.0.0.1:6379/13"
VHOST = "grimreel-bench"
SECRET = "bench-secret-bench-secret-bench-secret"
BODY = json.dumps({"topic": "a lighthouse keeper hears knocking from below"}).encode()


def amqp_url() -> str:
    """A vhost of its own when possible, so the bench's jobs never reach anyone's stages."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        return "amqp://guest:guest@127.0.0.1:5672/"
    subprocess.run([ctl, "add_vhost", VHOST], capture_output=True, timeout=60)
    perms = [ctl, "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*"]
    subprocess.run(perms, capture_output=True, timeout=60, check=True)
    return f"amqp://guest:guest@127.0.0.1:5672/{VHOST}"


def bare_app() -> web.Application:
    async def post(request: web.Request) -> web.Response:
        doc = await request.json()
        return web.json_response({"job_id": "x", "topic": doc["topic"]}, status=202)

    async def get(request: web.Request) -> web.Response:
        return web.json_response({"job_id": request.match_info["id"], "status": "queued"})

    app = web.Application()
    app.router.add_post("/jobs", post)
    app.router.add_get("/jobs/{id}", get)
    return app


async def start(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


async def purge(url: str) -> None:
    conn = await aio_pika.connect(url)
    ch = await conn.channel()
    for stage in topology.stages():
        q = await ch.declare_queue(topology.queue_name(stage), passive=True)
        await q.purge()
    await conn.close()


async def main(seconds: float, connections: int) -> None:
    logs.configure("warning", "json")
    load_before = round(os.getloadavg()[0], 2)
    url = amqp_url()
    settings = GatewaySettings(
        redis_url=REDIS,
        amqp_url=url,
        auth_hs256_secret=SECRET,
        gateway_rate_per_s=1e6,
        gateway_rate_burst=10**6,
        gateway_ip_rate_per_s=1e6,
        gateway_ip_rate_burst=10**6,
        gateway_max_active_jobs=10**9,
        gateway_ingress=False,
    )
    bus, state = RabbitBus(url), RedisState(REDIS)
    await bus.connect()
    await bus.declare(topology.stages())
    await state.r.flushdb()
    now = int(time.time())
    claims = {"sub": "bench", "scope": "jobs:read jobs:write", "iat": now, "exp": now + 3600}
    headers = {
        "Authorization": f"Bearer {jwt.encode(claims, SECRET, 'HS256')}",
        "Content-Type": "application/json",
    }
    with tempfile.TemporaryDirectory() as tmp:
        gw, gw_url = await start(build_app(settings, bus, state, LocalStorage(Path(tmp))))
        bare, bare_url = await start(bare_app())
        load = wrk_load if shutil.which("wrk") else aiohttp_load
        first = await load(f"{gw_url}/jobs", "POST", BODY, headers, 1.0, 1)  # warm-up
        job_id = (await state.list_jobs(limit=1))[0].job_id
        del first
        results = {}
        for name, base in (("bare", bare_url), ("gateway", gw_url)):
            results[f"{name} POST /jobs"] = await load(
                f"{base}/jobs", "POST", BODY, headers, seconds, connections
            )
            results[f"{name} GET /jobs/{{id}}"] = await load(
                f"{base}/jobs/{job_id}", "GET", None, headers, seconds, connections
            )
        await gw.cleanup()
        await bare.cleanup()
    await purge(url)
    await state.r.flushdb()
    await state.close()
    await bus.close()
    summary = {
        "tool": load.__name__.removesuffix("_load"),
        # Other work on the machine skews absolute numbers; the ratio is what to compare.
        "load_avg_1m": {"before": load_before, "after": round(os.getloadavg()[0], 2)},
        "seconds": seconds,
        "connections": connections,
        "results": results,
        "ratio_rps": {
            op: round(results[f"gateway {op}"]["rps"] / results[f"bare {op}"]["rps"], 3)
            for op in ("POST /jobs", "GET /jobs/{id}")
        },
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    args = sys.argv[1:]
    asyncio.run(main(float(args[0]) if args else 8.0, int(args[1]) if len(args) > 1 else 16))
