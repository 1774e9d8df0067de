"""Where schedules live (beside the job state: Redis, or memory for one process) and the
per-tick lease that makes a tick fire once however many schedulers run.

Over ~150 lines: one contract, two implementations (Redis, memory) side by side.

Status per schedule is a small hash: `checked` (ticks up to here are dealt with; it only
rises), `turn` (the topic rotation), `fired`, and the last tick's job or error.
"""

import time
import weakref
from typing import Any, Literal, Protocol

from redis.asyncio import Redis

from shared.schedules.model import STORED, Schedule
from shared.state.base import StateStore
from shared.state.redis import RedisState

P = "grimreel:schedule"
LEASE_S = 8 * 24 * 3600  # longer than timing.LOOKBACK_S: a fired tick is never seen free
# A tick being fired is held this long: a scheduler killed between its claim and its job's
# submit lets the tick go to the next poll instead of holding it for LEASE_S, when it was lost.
# Shorter than the default grace (60 s), so the re-fire is on time and fires under every
# missed-tick policy. A live scheduler slower than this (a hosted topic inventor) is safe too:
# the job id is the tick's, so whichever submit comes second finds the first one's job.
FIRING_S = 45
Claim = Literal["ok", "firing", "done"]
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
    async def claim(self, schedule_id: str, tick: float) -> Claim:
        """ "ok" for exactly one caller per (schedule, tick) at a time; "firing" while another
        holds it (for FIRING_S at most, unless it calls fired), "done" once it was fired."""

    async def fired(self, schedule_id: str, tick: float) -> None:
        """The claimed tick is dealt with (its job submitted, or noted unfit): never again."""

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
    def __init__(self, r: Redis, prefix: str = P, *, firing_s: int = FIRING_S) -> None:
        self.r, self.p, self._raise = r, prefix, r.register_script(_RAISE)
        self.firing_s = firing_s

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

    async def claim(self, schedule_id: str, tick: float) -> Claim:
        key = f"{self.p}:{schedule_id}:tick:{tick:.0f}"
        if await self.r.set(key, "firing", nx=True, ex=self.firing_s):
            return "ok"
        # "1": a tick claimed before claims lapsed, fired then
        return "firing" if await self.r.get(key) in ("firing", None) else "done"

    async def fired(self, schedule_id: str, tick: float) -> None:
        await self.r.set(f"{self.p}:{schedule_id}:tick:{tick:.0f}", "done", ex=LEASE_S)

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

    def __init__(self, *, firing_s: float = FIRING_S) -> None:
        self.firing_s = firing_s
        self.defs: dict[str, Schedule] = {}
        self.leases: dict[tuple[str, float], float] = {}  # → until when; inf once fired
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

    async def claim(self, schedule_id: str, tick: float) -> Claim:
        until = self.leases.get((schedule_id, tick))
        if until == float("inf"):
            return "done"
        if until is not None and until > time.monotonic():
            return "firing"
        self.leases[(schedule_id, tick)] = time.monotonic() + self.firing_s
        return "ok"

    async def fired(self, schedule_id: str, tick: float) -> None:
        self.leases[(schedule_id, tick)] = float("inf")

    async def release(self, schedule_id: str, tick: float) -> None:
        self.leases.pop((schedule_id, tick), None)

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
