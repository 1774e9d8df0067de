"""The scheduler loop: each poll, every enabled schedule's due ticks are worked out from where
the last poll (of any scheduler) left off; each tick to fire is claimed in the store first,
so two schedulers on one Redis fire it once. The clock is a parameter: tests move it."""

import asyncio
import time
from collections.abc import Callable, Sequence
from contextlib import suppress

import structlog

from services.scheduler.firing import Unfit, fire
from services.scheduler.inventor import TopicInventor
from shared.providers.options import Offer
from shared.runtime.bus import Bus
from shared.schedules.model import Schedule
from shared.schedules.store import ScheduleStore, schedules_for
from shared.schedules.timing import ticks, to_fire
from shared.state.base import JobRecord, StateStore

log = structlog.get_logger("scheduler")
Clock = Callable[[], float]
KEEP = 1000  # due ticks looked at per poll; "all" fires at most missed_cap ≤ 100 of them


class Scheduler:
    def __init__(
        self,
        bus: Bus,
        state: StateStore,
        *,
        grace_s: float = 60.0,
        clock: Clock = time.time,
        offered: Sequence[Offer] = (),
        store: ScheduleStore | None = None,
        inventor: TopicInventor | None = None,
    ) -> None:
        self.bus, self.state, self.grace_s, self.clock = bus, state, grace_s, clock
        self.offered, self.store = offered, store or schedules_for(state)
        self.inventor = inventor

    async def sync_file(self, schedules: list[Schedule]) -> None:
        """The file's schedules replace the file schedules stored before (API ones stay)."""
        keep = {s.id for s in schedules}
        for stored in await self.store.all():
            if stored.source == "file" and stored.id not in keep:
                await self.store.delete(stored.id)
        for s in schedules:
            old = await self.store.get(s.id)
            if old is not None and old.source == "api":
                log.warning("schedule.file_clash", schedule=s.id, reason="an API schedule has it")
                continue
            since = old.created_at if old is not None else self.clock()
            await self.store.add(s.model_copy(update={"created_at": since}), replace=True)

    async def poll(self) -> list[JobRecord]:
        now, fired = self.clock(), []
        for s in await self.store.all():
            if s.enabled:
                fired += await self._due(s, now)
        return fired

    async def _due(self, s: Schedule, now: float) -> list[JobRecord]:
        checked = await self.store.begin(s.id, s.created_at)
        due, count = ticks(s.cron, s.timezone, checked, now, KEEP)
        if not due:
            return []
        chosen = to_fire(due, now, self.grace_s, s.missed, s.missed_cap)
        if count > len(chosen):
            log.info("schedule.missed", schedule=s.id, missed=count - len(chosen), policy=s.missed)
        fired, held = [], None
        for tick in chosen:
            claim = await self.store.claim(s.id, tick)
            if claim != "ok":
                # another scheduler fires it: `checked` stays before it until it is done, so
                # if that scheduler dies, a later poll finds the tick again once its claim lapses
                held = tick if claim == "firing" and held is None else held
                continue
            if (job := await self._fire(s, tick)) is not None:
                fired.append(job)
        await self.store.checked_up_to(s.id, due[-1] if held is None else _before(due, held))
        return fired

    async def _fire(self, s: Schedule, tick: float) -> JobRecord | None:
        try:
            job = await fire(s, tick, bus=self.bus, state=self.state, store=self.store,
                             offered=self.offered, inventor=self.inventor)  # fmt: skip
        except Unfit as e:
            log.warning("schedule.unfit", schedule=s.id, tick=tick, reason=str(e))
            await self.store.fired(s.id, tick)
            await self.store.note(s.id, last_tick=tick, last_error=str(e), last_job_id="")
            return None
        except Exception:
            # bus or state down: give the tick back and leave `checked` where it was, so
            # a later poll (of this or another scheduler) tries it again
            await self.store.release(s.id, tick)
            raise
        await self.store.fired(s.id, tick)
        await self.store.note(s.id, last_tick=tick, last_job_id=job.job_id, last_error="")
        log.info("schedule.fired", schedule=s.id, tick=tick, job_id=job.job_id)
        return job

    async def run(self, stop: asyncio.Event, poll_s: float) -> None:
        while not stop.is_set():
            try:
                await self.poll()
            except Exception:  # Redis or the bus away: log, keep polling
                log.exception("scheduler.poll_failed")
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), poll_s)


def _before(due: list[float], tick: float) -> float:
    """Where `checked` may rise to without passing ``tick``: the due tick before it, or no
    further than it was (every due tick is after `checked`, so checked_up_to is then a no-op)."""
    earlier = [t for t in due if t < tick]
    return earlier[-1] if earlier else 0.0
