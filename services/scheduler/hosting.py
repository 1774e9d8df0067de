"""Running the scheduler: alone (`python -m services.scheduler`) or beside the gateway and
stages in `grimreel serve` (``alongside``), on its own bus and state connections."""

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import structlog

from services.scheduler import schedules_file
from services.scheduler.inventor import make_inventor
from services.scheduler.scheduler import Scheduler
from services.scheduler.settings import SchedulerSettings
from shared import profiles
from shared.config import load_as
from shared.providers.options import offers
from shared.runtime.signals import install_stop_signals
from shared.wiring import make_bus, make_state

log = structlog.get_logger("scheduler")


@asynccontextmanager
async def hosted(settings: SchedulerSettings) -> AsyncIterator[Scheduler]:
    """A scheduler polling in the background until the block ends. Bad schedules or
    profiles files fail here, before anything connects."""
    declared = schedules_file.load(settings.schedules_file) if settings.schedules_file else []
    profiles.configured()
    inventor = make_inventor(settings.topic_provider)  # a missing key fails here, at start
    bus, state = make_bus(settings), make_state(settings)
    await bus.connect()
    scheduler = Scheduler(bus, state, grace_s=settings.scheduler_grace_s, offered=offers(),
                          inventor=inventor)  # fmt: skip
    await scheduler.sync_file(declared)
    stop = asyncio.Event()
    task = asyncio.create_task(scheduler.run(stop, settings.scheduler_poll_s))
    log.info("scheduler.started", from_file=len(declared), poll_s=settings.scheduler_poll_s)
    try:
        yield scheduler
    finally:
        stop.set()
        await task
        await bus.close()
        await state.close()


async def alongside(main: Coroutine[Any, Any, None]) -> None:
    """Run main (the gateway, the stages) with a scheduler beside it (`grimreel serve`)."""
    try:
        async with hosted(load_as(SchedulerSettings)):
            await main
    finally:
        main.close()  # never started (a bad schedules file): no "never awaited" warning


async def serve(settings: SchedulerSettings) -> None:
    stop = asyncio.Event()
    install_stop_signals(stop)
    async with hosted(settings):
        await stop.wait()


async def without(main: Coroutine[Any, Any, None]) -> None:
    """`grimreel serve --no-scheduler`: main alone."""
    await main
