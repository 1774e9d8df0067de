"""A clock the test moves, a bus that keeps what the scheduler submits, fresh schedule ids."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from shared import topology
from shared.runtime.memory_bus import MemoryBus
from shared.schedules.model import Schedule

T0 = datetime(2030, 1, 7, 8, 59, 30, tzinfo=UTC).timestamp()  # a Monday, 30 s before 09:00


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def bus() -> AsyncIterator[MemoryBus]:
    b = MemoryBus()
    await b.declare(topology.stages())  # job.requested has its story queue
    yield b


def requested(bus: MemoryBus) -> int:
    return bus.queues[topology.queue_name("story")].qsize()


def schedule(**fields: Any) -> Schedule:
    base: dict[str, Any] = {
        "id": f"s-{uuid.uuid4().hex[:10]}",
        "cron": "*/5 * * * *",
        "topics": ["the lighthouse knocks", "a door in the cornfield"],
        "owner": "alice",
        "created_at": T0,
    }
    return Schedule.model_validate({**base, **fields})
