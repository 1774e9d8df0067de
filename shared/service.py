"""Running stages as a process: settings, logs, bus, state, signals, graceful stop."""

import asyncio
import sys
from collections.abc import Callable

import structlog
from prometheus_client import start_http_server

from shared import logs, loop
from shared.config import ConfigError, Settings, load_settings
from shared.runtime.hosting import Runtime
from shared.runtime.signals import install_stop_signals
from shared.runtime.stage import Stage
from shared.wiring import make_bus, make_state

log = structlog.get_logger("service")

StageBuilder = Callable[[Settings], list[Stage]]


async def serve(
    build: StageBuilder, settings: Settings, ready: Callable[[], None] | None = None
) -> None:
    if settings.metrics_port is not None:  # scraped per process: see docs/operations.md
        start_http_server(settings.metrics_port, addr=settings.metrics_host)
    bus, state = make_bus(settings), make_state(settings)
    runtime = Runtime(bus, state, settings, build(settings))
    stop = asyncio.Event()
    install_stop_signals(stop)
    await runtime.start()
    if ready is not None:
        ready()
    await stop.wait()
    await runtime.stop()
    await state.close()


def main(build: StageBuilder) -> None:
    """Entry point of ``python -m services.<stage>``."""
    try:
        settings = load_settings()
    except ConfigError as e:
        print(e, file=sys.stderr)
        raise SystemExit(2) from None
    logs.configure(settings.log_level, settings.log_format)
    try:
        loop.run(serve(build, settings))
    except ConfigError as e:  # the stage's or a provider's own settings, read when it is built
        print(e, file=sys.stderr)
        raise SystemExit(2) from None
