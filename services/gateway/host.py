"""Running the gateway as a process, alone or with stages (`grimreel serve`)."""

import asyncio

import structlog
from aiohttp import web

from services.gateway.app import build_app
from services.gateway.config import GatewaySettings
from shared import topology
from shared.runtime.hosting import Runtime
from shared.runtime.signals import install_stop_signals
from shared.runtime.stage import Stage
from shared.wiring import make_bus, make_state, make_storage

log = structlog.get_logger("gateway")


async def serve(
    settings: GatewaySettings, stages: list[Stage] | None = None, *, memory: bool = False
) -> None:
    """The HTTP API and the ingress consumer, plus any stages, on one bus and one state.

    The Runtime connects the bus and declares the stages' queues (none for a bare gateway);
    on SIGTERM the HTTP side stops first, so no new job arrives while stages drain.
    """
    bus, state = make_bus(settings, memory=memory), make_state(settings, memory=memory)
    storage = make_storage(settings, wait_out_outages=False)  # a request answers 503 at once
    app = build_app(settings, bus, state, storage)  # bad keys fail here, before connecting
    stop = asyncio.Event()
    install_stop_signals(stop)  # first: a TERM during start-up still shuts down in order
    runtime = Runtime(bus, state, settings, stages or [])
    await runtime.start()
    # Every stage queue exists before the first job: jobs wait there for stages that start
    # later instead of being unroutable.
    await bus.declare(topology.stages())
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.gateway_host, settings.gateway_port)
    await site.start()
    log.info("gateway.listening", host=settings.gateway_host, port=settings.gateway_port)
    await stop.wait()
    await runner.cleanup()
    await runtime.stop()
    await storage.close()
    await state.close()
