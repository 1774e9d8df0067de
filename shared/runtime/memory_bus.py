"""An in-memory bus with the RabbitMQ bus's semantics: routing, retry tiers, dead letters.

Its size (~150 lines) is the RabbitMQ semantics it has to imitate; the parts depend on each other.
"""

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from shared import topology
from shared.codec import encode
from shared.messages.envelope import Envelope
from shared.runtime.bus import ATTEMPT_HEADER, REASON_HEADER, STAGE_HEADER, Callback, Delivery
from shared.runtime.errors import Unroutable


@dataclass
class DeadLetter:
    body: bytes
    headers: dict[str, Any]


@dataclass
class _Msg:
    body: bytes
    headers: dict[str, Any]
    message_id: str | None
    delivery_count: int = 0


class MemoryDelivery(Delivery):
    def __init__(self, bus: "MemoryBus", queue: str, m: _Msg) -> None:
        self.bus, self.queue, self.m = bus, queue, m
        self.body, self.headers, self.message_id = m.body, dict(m.headers), m.message_id
        self.delivery_count = m.delivery_count
        self.settled = False

    def _settle(self) -> None:
        if self.settled:
            raise RuntimeError("delivery settled twice")
        self.settled = True

    async def ack(self) -> None:
        self._settle()

    async def requeue(self) -> None:
        self._settle()
        self.m.delivery_count += 1
        self.bus._put(self.queue, self.m)

    async def retry(self, delay_s: float, reason: str, count: bool = True) -> None:
        self._settle()
        headers = {
            **self.m.headers,
            ATTEMPT_HEADER: self.attempt + int(count),
            REASON_HEADER: reason,
        }
        m = _Msg(self.m.body, headers, self.m.message_id)
        self.bus._later(delay_s, self.queue, m)

    async def dead_letter(self, reason: str, stage: str) -> None:
        self._settle()
        headers = {**self.m.headers, REASON_HEADER: reason, STAGE_HEADER: stage}
        self.bus.dead.append(DeadLetter(self.m.body, headers))


@dataclass
class _Consumer:
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    stopping: asyncio.Event = field(default_factory=asyncio.Event)

    async def stop(self) -> None:
        self.stopping.set()


class MemoryBus:
    """Queues per stage inside one process. ``time_scale`` shrinks retry delays for tests."""

    def __init__(self, time_scale: float = 1.0) -> None:
        self.time_scale = time_scale
        self.queues: dict[str, asyncio.Queue[_Msg]] = {}
        self.dead: list[DeadLetter] = []
        self.outside: dict[str, list[Envelope]] = {k: [] for k in topology.OUTSIDE_KINDS}
        self._timers: set[asyncio.TimerHandle] = set()
        self.published = 0

    async def connect(self) -> None:
        return None

    async def declare(self, stages: list[str]) -> None:
        for s in stages:
            self.queues.setdefault(topology.queue_name(s), asyncio.Queue())

    async def publish(self, env: Envelope) -> None:
        route = topology.ROUTES.get(env.kind)
        targets = route.stages if route else ()
        queues = [topology.queue_name(s) for s in targets if topology.queue_name(s) in self.queues]
        if env.kind in self.outside:
            self.outside[env.kind].append(env)
        elif not queues:
            raise Unroutable(f"no queue is bound for {env.kind!r}")
        body = encode(env)
        for q in queues:
            self._put(q, _Msg(body, {}, env.id))
        self.published += 1

    async def publish_outside(self, env: Envelope) -> None:
        self.outside[env.kind].append(env)

    def inject(self, stage: str, body: bytes, headers: dict[str, Any] | None = None) -> None:
        """Put raw bytes on a stage's queue, as an outside publisher would."""
        self._put(topology.queue_name(stage), _Msg(body, headers or {}, None))

    def _put(self, queue: str, m: _Msg) -> None:
        self.queues[queue].put_nowait(m)

    def _later(self, delay_s: float, queue: str, m: _Msg) -> None:
        loop = asyncio.get_running_loop()
        handle = loop.call_later(delay_s * self.time_scale, self._put, queue, m)
        self._timers.add(handle)

    async def consume(self, stage: str, callback: Callback, prefetch: int) -> _Consumer:
        queue = topology.queue_name(stage)
        await self.declare([stage])
        c = _Consumer()
        for _ in range(prefetch):
            c.tasks.append(asyncio.create_task(self._worker(queue, callback, c)))
        return c

    async def _worker(self, queue: str, callback: Callback, c: _Consumer) -> None:
        q = self.queues[queue]
        while not c.stopping.is_set():
            get = asyncio.ensure_future(q.get())
            stop = asyncio.ensure_future(c.stopping.wait())
            done, _ = await asyncio.wait({get, stop}, return_when=asyncio.FIRST_COMPLETED)
            stop.cancel()
            if get not in done:
                get.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await get
                return
            d = MemoryDelivery(self, queue, get.result())
            try:
                await callback(d)
            except asyncio.CancelledError:
                if not d.settled:
                    await d.requeue()
                raise
            except Exception:
                if not d.settled:
                    await d.requeue()

    async def depths(self, queues: list[str]) -> dict[str, int]:
        waiting = {name: q.qsize() for name, q in self.queues.items()}
        waiting[topology.DEAD_LETTER_QUEUE] = len(self.dead)
        return {name: waiting[name] for name in queues if name in waiting}

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        for t in self._timers:
            t.cancel()
