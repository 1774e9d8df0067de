"""What a stage is: a name and a map from message type to a plain async handler."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from structlog.typing import FilteringBoundLogger

from shared import lifecycle, timeline, topology
from shared.messages.base import BusMessage
from shared.state.base import Approval, JobRecord, StateStore

Output = BusMessage | Sequence[BusMessage] | None
M = TypeVar("M", bound=BusMessage)
D = TypeVar("D")
# The runtime calls a handler with the message type it is registered for; a dict of handlers
# keyed by type cannot say that per entry, so a stage's map is typed by this erased form and
# ``Stage.on`` checks each pair where it is made.
Handler = Callable[[Any, "Context"], Awaitable[Output]]


@dataclass
class Context:
    """What the runtime lends a handler: identity, progress reporting, cancellation."""

    job_id: str
    stage: str
    message_id: str
    attempt: int
    log: FilteringBoundLogger
    _state: StateStore = field(repr=False)

    async def progress(self, fraction: float) -> None:
        """Report this stage's progress (0..1); mapped into the job's overall percentage."""
        lo, hi = topology.progress_band(self.stage)
        pct = lo + (hi - lo) * min(max(fraction, 0.0), 1.0)
        await self._state.set_progress(self.job_id, round(pct, 2))

    async def cancelled(self) -> bool:
        job = await self._state.get(self.job_id)
        return job is not None and job.status == "cancelled"

    async def job(self) -> JobRecord | None:
        return await self._state.get(self.job_id)

    async def complete(self, outputs: dict[str, str]) -> bool:
        """Mark the job completed; True only for the first caller (duplicates get False)."""
        return await lifecycle.complete(self._state, self.job_id, self.stage, outputs)

    async def pause(self, approval: Approval) -> bool:
        """Hold the job for review (the approval gate) until a person resumes it; the handler
        then returns nothing, so no message stays in flight."""
        return await lifecycle.pause(self._state, self.job_id, approval)

    async def timeline(self) -> list[timeline.Event]:
        """The job's timeline so far (stage events, deliveries already made), oldest first."""
        return timeline.read(await self._state.timeline(self.job_id))

    async def note(self, event: str, **fields: Any) -> None:
        """Add a timeline event for this stage (e.g. webhook delivery status)."""
        await self._state.record(self.job_id, timeline.event(self.stage, event, **fields))


@dataclass
class Stage:
    name: str
    handlers: dict[type[BusMessage], Handler]
    concurrency: int = 1
    # what its dependencies hold open (storage, a provider's HTTP session): closed at stop
    resources: tuple[object, ...] = ()

    def __post_init__(self) -> None:
        wanted = set(topology.consumes(self.name))
        have = {m.kind for m in self.handlers}
        if missing := wanted - have:
            raise ValueError(f"stage {self.name!r} has no handler for {sorted(missing)}")
        if extra := have - wanted:
            raise ValueError(f"topology routes {sorted(extra)} elsewhere, not to {self.name!r}")

    @classmethod
    def of(
        cls, name: str, *entries: "Entry", concurrency: int = 1, resources: tuple[object, ...] = ()
    ) -> "Stage":
        """A stage from ``on(...)`` entries, each checked by mypy for its message type."""
        return cls(name, {e.message: e.handler for e in entries}, concurrency, resources)

    def handler_for(self, msg: BusMessage) -> Handler:
        return self.handlers[type(msg)]


@dataclass(frozen=True)
class Entry:
    """A message type and its bound handler; made by ``on``."""

    message: type[BusMessage]
    handler: Handler


class Bound(Generic[M, D]):
    """A handler with its dependencies; ``deps`` stays readable (tests look at what was wired)."""

    def __init__(self, handler: Callable[[M, Context, D], Awaitable[Output]], deps: D) -> None:
        self.handler, self.deps = handler, deps

    async def __call__(self, msg: M, ctx: Context) -> Output:
        return await self.handler(msg, ctx, self.deps)


def on(message: type[M], handler: Callable[[M, Context, D], Awaitable[Output]], deps: D) -> Entry:
    """One entry of a stage's handler map, with its dependencies bound: mypy checks that the
    handler takes ``message`` and ``deps`` (a functools.partial would not be checked)."""
    return Entry(message, Bound(handler, deps))
