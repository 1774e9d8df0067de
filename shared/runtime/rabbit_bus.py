"""RabbitMQ bus (aio-pika): quorum queues, confirms, mandatory publish, retry tiers, DLQ.

Near 200 lines: the delivery, consumer and bus classes share the channel and its confirms.
"""

import asyncio
from typing import Any

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)
from aio_pika.exceptions import DeliveryError
from pamqp.commands import Basic

from shared import topology
from shared.codec import encode
from shared.messages.envelope import Envelope
from shared.runtime import rabbit_topology as rt
from shared.runtime.bus import ATTEMPT_HEADER, REASON_HEADER, STAGE_HEADER, Callback, Delivery
from shared.runtime.errors import Unroutable

PERSISTENT = int(aio_pika.DeliveryMode.PERSISTENT)
JSON = "application/json"


def _properties(env: Envelope) -> Basic.Properties:
    if env.kind in topology.OUTSIDE_KINDS:  # read by n8n and scripts: say it all in properties
        return Basic.Properties(
            delivery_mode=PERSISTENT,
            message_id=env.id,
            message_type=env.type,
            correlation_id=env.correlationid,
            content_type=JSON,
            timestamp=env.time,
        )
    # between stages the envelope in the body says the rest; each field costs CPU
    return Basic.Properties(delivery_mode=PERSISTENT, message_id=env.id, content_type=JSON)


class RabbitDelivery(Delivery):
    def __init__(self, bus: "RabbitBus", stage: str, m: AbstractIncomingMessage) -> None:
        self.bus, self.stage, self.m = bus, stage, m
        self.body, self.message_id, self.correlation_id = m.body, m.message_id, m.correlation_id
        self.headers = dict(m.headers or {})
        self.delivery_count = int(self.headers.get("x-delivery-count") or 0)
        self.settled = False

    async def ack(self) -> None:
        self.settled = True
        await self.m.ack()

    async def requeue(self) -> None:
        self.settled = True
        await self.m.nack(requeue=True)

    async def retry(self, delay_s: float, reason: str, count: bool = True) -> None:
        headers = {
            **self._clean(),
            ATTEMPT_HEADER: self.attempt + int(count),
            REASON_HEADER: reason[:500],
        }
        key = rt.retry_queue(self.stage, delay_s)
        await self.bus.send_raw(self.bus.default_exchange, key, self.body, headers, self.message_id)
        await self.ack()

    async def dead_letter(self, reason: str, stage: str) -> None:
        headers = {
            **self._clean(),
            REASON_HEADER: reason[:2000],
            STAGE_HEADER: stage,
            "x-grimreel-routing-key": self.m.routing_key or "",
        }
        await self.bus.send_raw(self.bus.dlx, "dead", self.body, headers, self.message_id)
        await self.ack()

    def _clean(self) -> dict[str, Any]:
        return {k: v for k, v in self.headers.items() if not k.startswith("x-death")}


class _Consumer:
    def __init__(self, queue: AbstractQueue, tag: str) -> None:
        self.queue, self.tag = queue, tag

    async def stop(self) -> None:
        await self.queue.cancel(self.tag)


class RabbitBus:
    def __init__(
        self,
        url: str,
        *,
        delivery_limit: int = 5,
        retry_delays_s: list[float] | None = None,
        publish_timeout_s: float = 10.0,
        name: str = "grimreel",
    ) -> None:
        self.url, self.name = url, name
        self.delivery_limit = delivery_limit
        self.delays = retry_delays_s or [1.0]
        self.publish_timeout_s = publish_timeout_s
        self.conn: AbstractRobustConnection | None = None
        self._pub: AbstractChannel | None = None
        self._stats: AbstractChannel | None = None
        self.exchange: AbstractExchange
        self.dlx: AbstractExchange
        self.default_exchange: AbstractExchange

    async def connect(self) -> None:
        self.conn = await aio_pika.connect_robust(
            self.url, client_properties={"connection_name": self.name}
        )
        self._pub = await self.conn.channel(publisher_confirms=True, on_return_raises=True)
        self.exchange, self.dlx = await rt.declare_core(self._pub)
        self.default_exchange = self._pub.default_exchange
        await rt.declare_outside(self._pub, self.exchange, self.delivery_limit)

    async def declare(self, stages: list[str]) -> None:
        assert self._pub is not None, "connect() first"
        for s in stages:
            await rt.declare_stage(self._pub, self.exchange, s, self.delivery_limit, self.delays)

    async def publish(self, env: Envelope) -> None:
        await self._confirm(self.exchange, env.kind, encode(env), _properties(env))

    async def publish_outside(self, env: Envelope) -> None:
        for queue in rt.EVENTS_QUEUES:  # through the default exchange: no stage's binding sees it
            await self._confirm(self.default_exchange, queue, encode(env), _properties(env))

    async def send_raw(
        self,
        exchange: AbstractExchange,
        key: str,
        body: bytes,
        headers: dict[str, Any],
        message_id: str | None,
    ) -> None:
        props = Basic.Properties(headers=headers, delivery_mode=PERSISTENT, message_id=message_id)
        await self._confirm(exchange, key, body, props)

    async def _confirm(
        self, ex: AbstractExchange, key: str, body: bytes, props: Basic.Properties
    ) -> None:
        # aio-pika's Exchange.publish builds the same frame from a Message object; built here
        # directly it costs a tenth of the CPU, which matters on every hop.
        assert self._pub is not None, "connect() first"
        ch = await self._pub.get_underlay_channel()
        try:
            res = await ch.basic_publish(
                body,
                exchange=ex.name,
                routing_key=key,
                properties=props,
                mandatory=True,
                timeout=self.publish_timeout_s,
            )
        except DeliveryError as e:
            raise Unroutable(f"no queue is bound for {key!r}: {e}") from None
        except TimeoutError:
            raise TimeoutError(
                f"broker did not confirm {key!r} in {self.publish_timeout_s}s"
            ) from None
        if not isinstance(res, Basic.Ack):
            raise RuntimeError(f"broker refused the message for {key!r}: {res!r}")

    async def consume(self, stage: str, callback: Callback, prefetch: int) -> _Consumer:
        assert self.conn is not None, "connect() first"
        ch = await self.conn.channel()
        await ch.set_qos(prefetch_count=prefetch)
        q = await ch.get_queue(topology.queue_name(stage), ensure=True)

        async def on_message(m: AbstractIncomingMessage) -> None:
            d = RabbitDelivery(self, stage, m)
            try:
                await callback(d)
            except asyncio.CancelledError:
                if not d.settled:
                    await d.requeue()
                raise
            except Exception:
                if not d.settled:
                    await asyncio.sleep(1.0)
                    await d.requeue()

        tag = await q.consume(on_message)
        return _Consumer(q, tag)

    async def depths(self, queues: list[str]) -> dict[str, int]:
        assert self.conn is not None, "connect() first"
        if self._stats is None or self._stats.is_closed:  # its own: a missing queue closes it
            self._stats = await self.conn.channel()
        # the raw channel: a robust one would also re-declare these after every reconnect
        ch = await self._stats.get_underlay_channel()
        counts = {}
        for name in queues:
            declared = await ch.queue_declare(name, passive=True)
            counts[name] = int(declared.message_count or 0)
        return counts

    async def ping(self) -> bool:
        return bool(
            self.conn is not None
            and not self.conn.is_closed
            and self._pub is not None
            and not self._pub.is_closed
        )

    async def close(self) -> None:
        if self.conn is not None:
            await self.conn.close()
            self.conn = None
