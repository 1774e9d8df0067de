"""How many messages wait in each stage's queue and in the dead-letter queue, as a gauge.

Every process reads the queues of the stages it hosts (and the dead letters) every
``queue_metrics_s``; replicas of a stage report the same number, so dashboards take the max
per queue. A broker that does not answer leaves the last value and is left to the bus's own
reconnection: the gauge is for dashboards, never a reason to stop a worker.
"""

import asyncio

import structlog
from prometheus_client import Gauge

from shared import topology
from shared.runtime.bus import Bus

log = structlog.get_logger("runtime")
QUEUED = Gauge(
    "grimreel_queue_messages", "Messages waiting in a queue, not yet delivered", ["queue"]
)


def watched(stages: list[str]) -> list[str]:
    return [*(topology.queue_name(s) for s in stages), topology.DEAD_LETTER_QUEUE]


async def read_once(bus: Bus, queues: list[str]) -> None:
    for name, count in (await bus.depths(queues)).items():
        QUEUED.labels(name).set(count)


async def watch(bus: Bus, stages: list[str], every_s: float) -> None:
    queues = watched(stages)
    while True:
        try:
            await read_once(bus, queues)
        except Exception as e:
            log.debug("queues.unread", error=f"{type(e).__name__}: {e}"[:300])
        await asyncio.sleep(every_s)
