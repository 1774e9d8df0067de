"""A job's timeline, typed. Stores keep each event as a JSON object (the wire form, streamed to
SSE as it is); everything that reads a timeline goes through ``read``, and everything that
writes one builds an ``Event`` first, so a field has one name and one type everywhere."""

from collections.abc import Iterable, Mapping
from typing import Any

import structlog
from pydantic import BaseModel, ConfigDict, ValidationError

log = structlog.get_logger("timeline")

# The runtime's own events; stages add theirs (a channel's delivery, "approved").
STARTED, DONE, RETRY, FAILED = "started", "done", "retry", "failed"
COMPLETED, CANCELLED, ACCEPTED = "completed", "cancelled", "accepted"


class Event(BaseModel):
    """One line of a job's timeline. Fields a channel adds (a webhook's target, a TikTok publish
    id) ride along as extras and are read with ``get``."""

    model_config = ConfigDict(extra="allow", frozen=True)

    stage: str
    event: str
    at: float = 0.0  # set by the store when it appends the event
    attempt: int | None = None  # the delivery attempt that started
    seconds: float | None = None  # handler time of a "done"
    outputs: int | None = None  # messages a "done" emitted
    reason: str | None = None  # why a retry or a failure happened
    delay_s: float | None = None  # a retry's wait
    scenes: int | None = None  # how many scenes the job will have, once a stage knows
    by: str | None = None  # who cancelled
    type: str | None = None  # a delivery's outcome kind (job.completed / job.failed)
    status: str | None = None  # a delivery's result (delivered, failed, skipped, ...)
    side: bool | None = None  # the run of an announcement that never moved the job

    def get(self, name: str, default: Any = None) -> Any:
        """A declared field or an extra, by name."""
        value = getattr(self, name, None)
        if value is None and self.model_extra:
            value = self.model_extra.get(name)
        return default if value is None else value

    def wire(self) -> dict[str, Any]:
        """The stored form, without the time (the store stamps it) and without empty fields."""
        return self.model_dump(exclude_none=True, exclude={"at"})


def event(stage: str, name: str, **fields: Any) -> dict[str, Any]:
    """A validated event in its stored form."""
    return Event(stage=stage, event=name, **fields).wire()


def read(raw: Iterable[Mapping[str, Any]]) -> list[Event]:
    """The one way to read a timeline. A line that is not an event (written by something
    older or foreign) is logged and skipped rather than breaking every reader."""
    events = []
    for line in raw:
        try:
            events.append(Event.model_validate(line))
        except ValidationError as e:
            log.warning("timeline.unreadable_event", line=dict(line), error=str(e)[:200])
    return events


def scene_count(events: Iterable[Event]) -> int | None:
    """How many scenes the job has, once the stage that decides it has said so."""
    known = [e.scenes for e in events if e.scenes]
    return known[-1] if known else None
