"""SIGTERM/SIGINT: the first drains gracefully, a second exits at once."""

import asyncio
import os
import signal

import structlog

log = structlog.get_logger("runtime")


def install_stop_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()

    def on_signal(sig: signal.Signals) -> None:
        if stop.is_set():
            log.warning("runtime.forced_exit", signal=sig.name)
            os._exit(130)
        log.info("runtime.stopping", signal=sig.name)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)
