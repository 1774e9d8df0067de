"""Hosts stages on a bus: start consumers, track in-flight work, shut down gracefully."""

import asyncio
from collections.abc import Awaitable, Callable

import structlog

from shared.config import Settings
from shared.runtime import queue_watch
from shared.runtime.bus import Bus, Callback, Consumer, Delivery
from shared.runtime.closing import close_all
from shared.runtime.outage import Dependency, guard
from shared.runtime.runner import StageRunner
from shared.runtime.stage import Stage
from shared.state.base import StateStore

log = structlog.get_logger("runtime")


class Runtime:
    def __init__(
        self, bus: Bus, state: StateStore, settings: Settings, stages: list[Stage]
    ) -> None:
        self.bus, self.state, self.settings, self.stages = bus, state, settings, stages
        self._consumers: list[Consumer] = []
        self._inflight: set[asyncio.Task[None]] = set()
        self._watch: asyncio.Task[None] | None = None
        # state calls made while Redis is unreachable wait for it (see outage.py)
        self.state_dependency = Dependency("state", state.ping, state.outage_errors)
        guarded = guard(state, self.state_dependency)
        self.runners = {
            s.name: StageRunner(s, bus, guarded, settings, self.state_dependency) for s in stages
        }

    async def start(self) -> None:
        await self.bus.connect()
        await self.bus.declare([s.name for s in self.stages])
        for s in self.stages:
            cb = self._track(self.runners[s.name])
            self._consumers.append(await self.bus.consume(s.name, cb, s.concurrency))
        names = [s.name for s in self.stages]
        every = self.settings.queue_metrics_s
        self._watch = asyncio.create_task(queue_watch.watch(self.bus, names, every))
        log.info("runtime.started", stages=names)
        persistence = getattr(self.state, "persistence", None)
        if persistence is not None and (why := await persistence()):
            log.warning("state.not_durable", problem=why, fix="redis-server --appendonly yes")

    def _track(self, cb: Callable[[Delivery], Awaitable[None]]) -> Callback:
        async def tracked(d: Delivery) -> None:
            task = asyncio.current_task()
            assert task is not None
            self._inflight.add(task)
            try:
                await cb(d)
            finally:
                self._inflight.discard(task)

        return tracked

    @property
    def inflight(self) -> int:
        return len(self._inflight)

    async def stop(self, grace_s: float | None = None) -> None:
        """Stop taking messages, let in-flight ones finish within grace, hand back the rest."""
        grace = self.settings.shutdown_grace_s if grace_s is None else grace_s
        if self._watch is not None:
            self._watch.cancel()
            await asyncio.gather(self._watch, return_exceptions=True)
        for c in self._consumers:
            await c.stop()
        self._consumers.clear()
        pending = set(self._inflight)
        if pending:
            log.info("runtime.draining", inflight=len(pending), grace_s=grace)
            _, pending = await asyncio.wait(pending, timeout=grace)
        for t in pending:
            t.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
            log.warning("runtime.handed_back", messages=len(pending))
        try:
            await self.bus.close()
        finally:  # a bus that fails to close must not leave the stages' sessions open
            await close_all(r for s in self.stages for r in s.resources)
        log.info("runtime.stopped")
