"""Queue and exchange declarations on RabbitMQ, derived from the topology table."""

from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange

from shared import topology

EVENTS_QUEUES = ("grimreel.n8n.events",)


def quorum_args(delivery_limit: int) -> dict[str, Any]:
    return {
        "x-queue-type": "quorum",
        "x-delivery-limit": delivery_limit,
        "x-dead-letter-exchange": topology.DEAD_LETTER_EXCHANGE,
    }


def retry_queue(stage: str, delay_s: float) -> str:
    return f"{topology.queue_name(stage)}.retry.{round(delay_s * 1000)}ms"


async def declare_core(ch: AbstractChannel) -> tuple[AbstractExchange, AbstractExchange]:
    ex = await ch.declare_exchange(topology.EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
    dlx = await ch.declare_exchange(
        topology.DEAD_LETTER_EXCHANGE, aio_pika.ExchangeType.FANOUT, durable=True
    )
    dead = await ch.declare_queue(
        topology.DEAD_LETTER_QUEUE, durable=True, arguments={"x-queue-type": "quorum"}
    )
    await dead.bind(dlx, routing_key="#")
    return ex, dlx


async def declare_stage(
    ch: AbstractChannel,
    ex: AbstractExchange,
    stage: str,
    delivery_limit: int,
    delays: list[float],
) -> None:
    name = topology.queue_name(stage)
    q = await ch.declare_queue(name, durable=True, arguments=quorum_args(delivery_limit))
    for kind in topology.consumes(stage):
        await q.bind(ex, routing_key=kind)
    for delay in sorted(set(delays)):
        # Classic queue with a queue TTL that dead-letters back to this stage's queue only.
        await ch.declare_queue(
            retry_queue(stage, delay),
            durable=True,
            arguments={
                "x-message-ttl": round(delay * 1000),
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": name,
            },
        )


async def declare_outside(ch: AbstractChannel, ex: AbstractExchange, delivery_limit: int) -> None:
    """Queues for outside consumers (n8n's RabbitMQ Trigger): bounded redelivery, bounded size.
    Also the ingress queue outside publishers send to: n8n's Send node only checks it passively,
    so every process that connects makes sure it exists (reached through the default exchange)."""
    ingress = {**quorum_args(delivery_limit), "x-max-length": 100_000}
    await ch.declare_queue(topology.INGRESS_QUEUE, durable=True, arguments=ingress)
    for name in EVENTS_QUEUES:
        args = {**quorum_args(delivery_limit), "x-max-length": 100_000}
        q = await ch.declare_queue(name, durable=True, arguments=args)
        for kind in topology.OUTSIDE_KINDS:
            await q.bind(ex, routing_key=kind)
