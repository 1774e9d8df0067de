"""Where schedules live (beside the job state: Redis, or memory for one process) and the
per-tick lease that makes a tick fire once however many schedulers run.

Over ~150 lines: one contract, two implementations (Redis, memory) side by side.

Status per schedule is a small hash: `checked` (ticks up to here are dealt with; it only
rises), `turn` (the topic rotation), `fired`, and the last tick's job or error.
"""

import weakref
from typing import Any, Protocol

from redis.asyncio import Redis

from shared.schedules.model import STORED, Schedule
from shared.state.base import StateStore
from shared.state.redis import RedisState

P = "grimreel:schedule"
LEASE_S = 8 * 24 * 3600  # longer than timing.LOOKBACK_S: a claimed tick is never seen free
_RAISE = """
local cur = tonumber(redis.call('HGET', KEYS[1], 'checked'))
if not cur or cur < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'checked', ARGV[1]) end
"""


class ScheduleStore(Protocol):
    async def add(self, s: Schedule, *, replace: bool = False) -> bool:
        """Store s; False when its id exists and replace is off."""

    async def get(self, schedule_id: str) -> Schedule | None: ...
    async def all(self) -> list[Schedule]: ...
    async def delete(self, schedule_id: str) -> bool: ...
    async def claim(self, schedule_id: str, tick: float) -> bool:
        """True for exactly one caller per (schedule, tick)."""

    async def release(self, schedule_id: str, tick: float) -> None:
        """Give a claimed tick back (its job could not be submitted)."""

    async def begin(self, schedule_id: str, at: float) -> float:
        """`checked` of the schedule, set to `at` if it has none yet (a new schedule)."""

    async def checked_up_to(self, schedule_id: str, tick: float) -> None: ...
    async def turn(self, schedule_id: str) -> int:
        """0, 1, 2, … : one per call, across processes."""

    async def note(self, schedule_id: str, **fields: str | float) -> None: ...
    async def status(self, schedule_id: str) -> dict[str, str]: ...


class RedisSchedules:
    def __init__(self, r: Redis, prefix: str = P) -> None:
        self.r, self.p, self._raise = r, prefix, r.register_script(_RAISE)

    async def add(self, s: Schedule, *, replace: bool = False) -> bool:
        doc = s.model_dump_json()
        if replace:
            await self.r.hset(self.p + "s", s.id, doc)
            return True
        return bool(await self.r.hsetnx(self.p + "s", s.id, doc))

    async def get(self, schedule_id: str) -> Schedule | None:
        doc = await self.r.hget(self.p + "s", schedule_id)
        return None if doc is None else Schedule.model_validate_json(doc, context=STORED)

    async def all(self) -> list[Schedule]:
        docs = await self.r.hvals(self.p + "s")
        return sorted(
            (Schedule.model_validate_json(d, context=STORED) for d in docs), key=lambda s: s.id
        )

    async def delete(self, schedule_id: str) -> bool:
        gone = bool(await self.r.hdel(self.p + "s", schedule_id))
        await self.r.delete(f"{self.p}:{schedule_id}:status")
        return gone

    async def claim(self, schedule_id: str, tick: float) -> bool:
        key = f"{self.p}:{schedule_id}:tick:{tick:.0f}"
        return bool(await self.r.set(key, "1", nx=True, ex=LEASE_S))

    async def release(self, schedule_id: str, tick: float) -> None:
        await self.r.delete(f"{self.p}:{schedule_id}:tick:{tick:.0f}")

    async def begin(self, schedule_id: str, at: float) -> float:
        key = f"{self.p}:{schedule_id}:status"
        await self.r.hsetnx(key, "checked", repr(at))
        return float(await self.r.hget(key, "checked") or at)

    async def checked_up_to(self, schedule_id: str, tick: float) -> None:
        await self._raise(keys=[f"{self.p}:{schedule_id}:status"], args=[repr(tick)])

    async def turn(self, schedule_id: str) -> int:
        return int(await self.r.hincrby(f"{self.p}:{schedule_id}:status", "turn", 1)) - 1

    async def note(self, schedule_id: str, **fields: str | float) -> None:
        for name, value in fields.items():  # a few fields: a round trip each is fine
            await self.r.hset(f"{self.p}:{schedule_id}:status", name, value)

    async def status(self, schedule_id: str) -> dict[str, str]:
        found = await self.r.hgetall(f"{self.p}:{schedule_id}:status")
        return {str(k): str(v) for k, v in found.items()}


class MemorySchedules:
    """The same contract in one process (tests, `grimreel serve` on the memory state)."""

    def __init__(self) -> None:
        self.defs: dict[str, Schedule] = {}
        self.leases: set[tuple[str, float]] = set()
        self.states: dict[str, dict[str, Any]] = {}

    async def add(self, s: Schedule, *, replace: bool = False) -> bool:
        if s.id in self.defs and not replace:
            return False
        self.defs[s.id] = s
        return True

    async def get(self, schedule_id: str) -> Schedule | None:
        return self.defs.get(schedule_id)

    async def all(self) -> list[Schedule]:
        return sorted(self.defs.values(), key=lambda s: s.id)

    async def delete(self, schedule_id: str) -> bool:
        self.states.pop(schedule_id, None)
        return self.defs.pop(schedule_id, None) is not None

    async def claim(self, schedule_id: str, tick: float) -> bool:
        fresh = (schedule_id, tick) not in self.leases
        self.leases.add((schedule_id, tick))
        return fresh

    async def release(self, schedule_id: str, tick: float) -> None:
        self.leases.discard((schedule_id, tick))

    async def begin(self, schedule_id: str, at: float) -> float:
        return float(self.states.setdefault(schedule_id, {}).setdefault("checked", at))

    async def checked_up_to(self, schedule_id: str, tick: float) -> None:
        st = self.states.setdefault(schedule_id, {})
        st["checked"] = max(float(st.get("checked", tick)), tick)

    async def turn(self, schedule_id: str) -> int:
        st = self.states.setdefault(schedule_id, {})
        st["turn"] = int(st.get("turn", 0)) + 1
        return int(st["turn"]) - 1

    async def note(self, schedule_id: str, **fields: str | float) -> None:
        self.states.setdefault(schedule_id, {}).update(fields)

    async def status(self, schedule_id: str) -> dict[str, str]:
        return {k: str(v) for k, v in self.states.get(schedule_id, {}).items()}


_MEMORY: "weakref.WeakKeyDictionary[Any, MemorySchedules]" = weakref.WeakKeyDictionary()


def schedules_for(state: StateStore) -> ScheduleStore:
    """Schedules live where the job state lives: shared by every process on Redis; on the
    memory state, one store per state object (so a gateway and a scheduler in one process
    see the same schedules)."""
    if isinstance(state, RedisState):
        return RedisSchedules(state.r)
    if state not in _MEMORY:
        _MEMORY[state] = MemorySchedules()
    return _MEMORY[state]
