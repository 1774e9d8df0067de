"""The transport contract both buses implement."""

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from shared.messages.envelope import Envelope

ATTEMPT_HEADER = "x-grimreel-attempt"
REASON_HEADER = "x-grimreel-reason"
STAGE_HEADER = "x-grimreel-stage"


class Delivery(ABC):
    """One received message and the ways to settle it. Exactly one settle call per delivery."""

    body: bytes
    headers: dict[str, Any]
    message_id: str | None
    correlation_id: str | None = None  # the AMQP property an outside sender may set
    delivery_count: int  # earlier deliveries that ended without a settle (crashes)

    @property
    def attempt(self) -> int:
        """Retries already spent by the runtime (0 on first handling)."""
        try:
            return int(self.headers.get(ATTEMPT_HEADER, 0))
        except (TypeError, ValueError):
            return 0

    @abstractmethod
    async def ack(self) -> None: ...

    @abstractmethod
    async def requeue(self) -> None:
        """Hand the message back unhandled (shutdown)."""

    @abstractmethod
    async def retry(self, delay_s: float, reason: str, count: bool = True) -> None:
        """Come back to this stage only, after delay_s; count raises the attempt counter."""

    @abstractmethod
    async def dead_letter(self, reason: str, stage: str) -> None: ...


Callback = Callable[[Delivery], Awaitable[None]]


class Consumer(Protocol):
    async def stop(self) -> None:
        """Stop taking new messages; in-flight ones keep running."""


class Bus(Protocol):
    async def connect(self) -> None: ...

    async def declare(self, stages: list[str]) -> None: ...

    async def publish(self, env: Envelope) -> None:
        """Route by the envelope's kind; raises Unroutable when no queue would receive it."""

    async def publish_outside(self, env: Envelope) -> None:
        """To outside consumers' queues only, never to a stage: a repeated request is answered
        with its job's outcome again, which notify must not announce a second time."""

    async def consume(self, stage: str, callback: Callback, prefetch: int) -> Consumer: ...

    async def depths(self, queues: list[str]) -> dict[str, int]:
        """Messages waiting (not yet delivered) in each of these queues, for the metrics."""

    async def ping(self) -> bool:
        """True while connected and able to publish (readiness probes)."""

    async def close(self) -> None: ...
