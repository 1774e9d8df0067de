"""A dependency outage is a wait, not a failure.

When a call to Redis (job state) or to storage fails with one of that adapter's outage errors,
the dependency is marked down: every call to it — the runner's state steps, a handler's
progress report or storage write — waits, one prober pings with backoff, and all of them carry
on when it answers. The delivery being handled is held meanwhile (not acked, not requeued), so
no delivery attempt is spent and no job fails because Redis restarted; and since every
delivery's first step is a state call, a worker takes no new work while its state is down (the
broker sends no more than prefetch).

A call retried after an outage may run twice when the first one reached the server but its
answer was lost; every state step is written to be idempotent or compare-and-set for that.
"""

import asyncio
import inspect
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

import structlog
from prometheus_client import Gauge

T = TypeVar("T")
log = structlog.get_logger("runtime")
UP = Gauge("grimreel_dependency_up", "1 while a dependency answers, 0 during an outage", ["name"])
Sleep = Callable[[float], Awaitable[None]]
UNGUARDED = frozenset({"ping", "close"})  # a probe must see the outage; closing must not wait


class Dependency:
    def __init__(
        self,
        name: str,
        ping: Callable[[], Awaitable[bool]],
        errors: tuple[type[BaseException], ...],
        *,
        first_wait_s: float = 0.25,
        max_wait_s: float = 5.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.name, self._ping, self.errors = name, ping, errors
        self.first_wait_s, self.max_wait_s, self._sleep = first_wait_s, max_wait_s, sleep
        self._up = asyncio.Event()
        self._up.set()
        self._prober: asyncio.Task[None] | None = None
        self.outages = 0
        UP.labels(name).set(1)

    @property
    def up(self) -> bool:
        return self._up.is_set()

    async def call(self, fn: Callable[[], Awaitable[T]]) -> T:
        """Run fn; while the dependency is down, wait for it and run fn again."""
        while True:
            if not self._up.is_set():  # the common case costs no extra await
                await self._up.wait()
            try:
                return await fn()
            except self.errors as e:
                self.down(e)

    def down(self, error: BaseException) -> None:
        if not self.up:
            return
        self._up.clear()
        self.outages += 1
        UP.labels(self.name).set(0)
        log.error("dependency.down", dependency=self.name, error=f"{type(error).__name__}: {error}",
                  consumption="paused")  # fmt: skip
        self._prober = asyncio.create_task(self._probe(time.monotonic()))

    async def _probe(self, since: float) -> None:
        wait = self.first_wait_s
        while True:
            await self._sleep(wait * random.uniform(0.8, 1.2))
            try:
                if await self._ping():
                    break
            except Exception as e:  # the outage goes on; say so now and then, not every probe
                if wait >= self.max_wait_s:
                    log.warning("dependency.still_down", dependency=self.name, error=str(e)[:200])
            wait = min(wait * 2, self.max_wait_s)
        UP.labels(self.name).set(1)
        log.warning("dependency.up", dependency=self.name, consumption="resumed",
                    down_s=round(time.monotonic() - since, 2))  # fmt: skip
        self._up.set()


class _Guarded:
    """Every coroutine method of the wrapped adapter goes through Dependency.call."""

    def __init__(self, inner: Any, dependency: Dependency) -> None:
        self._inner, self._dependency = inner, dependency

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name in UNGUARDED or not inspect.iscoroutinefunction(attr):
            return attr

        async def guarded(*args: Any, **kwargs: Any) -> Any:
            return await self._dependency.call(lambda: attr(*args, **kwargs))

        setattr(self, name, guarded)  # found directly from now on: the hot path skips this
        return guarded


def guard(adapter: T, dependency: Dependency) -> T:
    """The adapter, with its calls waiting out outages of ``dependency``."""
    if not dependency.errors:  # an in-memory fake never has an outage
        return adapter
    return cast(T, _Guarded(adapter, dependency))
