"""Jobs/second through the six-stage chain on RabbitMQ: grimreel's runtime vs raw aio-pika.

Both sides use quorum queues, persistent messages and publisher confirms, the same prefetch
and the same number of consumed hops per job; they run in one invocation, one after the other,
so the ratio is fair on a noisy machine.  usage: python -m bench.bus [JOBS] [ROUNDS]
"""

import asyncio
import json
import os
import statistics
import sys
import time

import aio_pika

from shared import logs, loop
from shared.config import Settings
from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime.hosting import Runtime
from shared.runtime.rabbit_bus import RabbitBus
from shared.runtime.rabbit_topology import EVENTS_QUEUES
from shared.runtime.stub_stages import build_stub_stages
from shared.state.redis import RedisState

AMQP = "amqp://guest:guest@127.0.0.1:5672/"
REDIS = "redis://127.0.0.1:6379/14"
SCENES = 2
HOPS = 1 + 1 + 2 * SCENES + 1 + 1  # story, filter, tts×S, visual×S, render, notify
PREFETCH = int(os.environ.get("BENCH_PREFETCH", "8"))


async def grimreel(jobs: int) -> float:
    settings = Settings(redis_url=REDIS, amqp_url=AMQP)
    state = RedisState(REDIS)
    await state.r.flushdb()
    stages = build_stub_stages(scenes=SCENES)
    for s in stages:
        s.concurrency = PREFETCH
    rt = Runtime(RabbitBus(AMQP), state, settings, stages)
    await rt.start()
    await drain_outside_queues()
    t0 = time.perf_counter()
    ids = [(await submit(rt.bus, state, JobSpec(topic=f"bench {i}"))).job_id for i in range(jobs)]
    pending = list(ids)
    while pending:  # jobs finish roughly in order: look at the oldest unfinished only
        job = await state.get(pending[0])
        if job is not None and job.final:
            pending.pop(0)
        else:
            await asyncio.sleep(0.005)
    took = time.perf_counter() - t0
    await rt.stop(grace_s=1)
    await state.close()
    return jobs / took


async def drain_outside_queues() -> None:
    """No n8n reads job.completed here: start each round with the events queue empty, as raw's
    queues are (a backlog of earlier rounds would make every enqueue dearer)."""
    conn = await aio_pika.connect(AMQP)
    ch = await conn.channel()
    for name in EVENTS_QUEUES:
        await (await ch.get_queue(name)).purge()
    await conn.close()


async def raw(jobs: int) -> float:
    conn = await aio_pika.connect(AMQP)
    pub = await conn.channel(publisher_confirms=True)
    names = [f"bench.raw.{i}" for i in range(HOPS + 1)]
    for n in names:
        await pub.declare_queue(n, durable=True, arguments={"x-queue-type": "quorum"})
    finished = asyncio.Event()
    count = 0

    async def hop(i: int, m: aio_pika.abc.AbstractIncomingMessage) -> None:
        nonlocal count
        if i + 1 < HOPS:
            out = aio_pika.Message(m.body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
            await pub.default_exchange.publish(out, routing_key=names[i + 1])
        else:
            count += 1
            if count == jobs:
                finished.set()
        await m.ack()

    for i in range(HOPS):
        ch = await conn.channel()
        await ch.set_qos(prefetch_count=PREFETCH)
        q = await ch.get_queue(names[i])
        await q.consume(lambda m, i=i: hop(i, m))
    t0 = time.perf_counter()
    for j in range(jobs):
        body = json.dumps({"job": j, "pad": "x" * 600}).encode()
        msg = aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
        await pub.default_exchange.publish(msg, routing_key=names[0])
    await finished.wait()
    took = time.perf_counter() - t0
    for n in names:
        await pub.queue_delete(n)
    await conn.close()
    return jobs / took


async def main() -> None:
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    logs.configure("error", "json")
    rows = []
    for r in range(rounds):
        base, ours = await raw(jobs), await grimreel(jobs)
        rows.append((base, ours))
        print(
            f"round {r + 1}: raw {base:7.1f} jobs/s  grimreel {ours:7.1f} jobs/s  "
            f"ratio {ours / base:.2f}",
            flush=True,
        )
    best_raw, best_ours = max(b for b, _ in rows), max(o for _, o in rows)
    print(
        json.dumps(
            {
                "jobs": jobs,
                "hops_per_job": HOPS,
                "raw_jobs_s": round(best_raw, 1),
                "grimreel_jobs_s": round(best_ours, 1),
                "ratio": round(best_ours / best_raw, 2),
                "median_round_ratio": round(statistics.median(o / b for b, o in rows), 2),
            }
        )
    )


if __name__ == "__main__":
    loop.run(main())
