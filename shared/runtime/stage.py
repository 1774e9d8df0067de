"""What a stage is: a name and a map from message type to a plain async handler."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from shared import topology
from shared.messages.base import BusMessage
from shared.state.base import JobRecord, StateStore

Output = BusMessage | Sequence[BusMessage] | None
Handler = Callable[[Any, "Context"], Awaitable[Output]]


@dataclass
class Context:
    """What the runtime lends a handler: identity, progress reporting, cancellation."""

    job_id: str
    stage: str
    message_id: str
    attempt: int
    log: Any
    _state: StateStore = field(repr=False)

    async def progress(self, fraction: float) -> None:
        """Report this stage's progress (0..1); mapped into the job's overall percentage."""
        lo, hi = topology.PROGRESS_BAND[self.stage]
        pct = lo + (hi - lo) * min(max(fraction, 0.0), 1.0)
        await self._state.set_progress(self.job_id, round(pct, 2))

    async def cancelled(self) -> bool:
        job = await self._state.get(self.job_id)
        return job is not None and job.status == "cancelled"

    async def job(self) -> JobRecord | None:
        return await self._state.get(self.job_id)

    async def complete(self, outputs: dict[str, str]) -> bool:
        """Mark the job completed; True only for the first caller (duplicates get False)."""
        ok = await self._state.finish(self.job_id, "completed", outputs=outputs)
        if ok:
            await self._state.record(self.job_id, {"stage": self.stage, "event": "completed"})
        return ok

    async def timeline(self) -> list[dict[str, Any]]:
        """The job's timeline so far (stage events, deliveries already made), oldest first."""
        return await self._state.timeline(self.job_id)

    async def note(self, **fields: object) -> None:
        """Add a timeline event for this stage (e.g. webhook delivery status)."""
        await self._state.record(self.job_id, {"stage": self.stage, **fields})


@dataclass
class Stage:
    name: str
    handlers: dict[type[BusMessage], Handler]
    concurrency: int = 1

    def __post_init__(self) -> None:
        wanted = set(topology.consumes(self.name))
        have = {m.kind for m in self.handlers}
        if missing := wanted - have:
            raise ValueError(f"stage {self.name!r} has no handler for {sorted(missing)}")
        if extra := have - wanted:
            raise ValueError(f"topology routes {sorted(extra)} elsewhere, not to {self.name!r}")

    def handler_for(self, msg: BusMessage) -> Handler:
        return self.handlers[type(msg)]
