"""One real stage as its own process, the way `python -m services.<stage>` runs it, with a
window for the kill test: `python -m tests.faults.stage_worker <stage>`.

With FAULT_HOLD_S set, the first message whose handler returns is held that long before its
outputs are published and it is acknowledged. The test SIGKILLs the process inside that
window: the costliest moment for a crash (the work and its side effects are done, nothing
downstream heard of it, the broker will deliver the message again). Prints "ready" once it
consumes and "holding <job_id>" when the window opens.
"""

import asyncio
import os
import sys
from importlib import import_module
from typing import Any

from shared import logs, loop
from shared.config import Settings, load_settings
from shared.runtime.stage import Context, Handler, Output, Stage
from shared.service import serve


def say(line: str) -> None:
    print(line, flush=True)


def holding_first(handler: Handler, hold_s: float, held: list[bool]) -> Handler:
    async def wrapped(msg: Any, ctx: Context) -> Output:
        out = await handler(msg, ctx)
        if hold_s > 0 and not held:
            held.append(True)
            say(f"holding {ctx.job_id}")
            await asyncio.sleep(hold_s)
        return out

    return wrapped


def builder(stage: str, hold_s: float) -> Any:
    held: list[bool] = []  # one window per process: a restarted worker runs at full speed

    def build(settings: Settings) -> list[Stage]:
        stages: list[Stage] = import_module(f"services.{stage}.bootstrap").build(settings)
        for s in stages:
            s.handlers = {k: holding_first(h, hold_s, held) for k, h in s.handlers.items()}
        return stages

    return build


if __name__ == "__main__":
    settings = load_settings()
    logs.configure(settings.log_level, settings.log_format)
    hold = float(os.environ.get("FAULT_HOLD_S", "0"))
    loop.run(serve(builder(sys.argv[1], hold), settings, ready=lambda: say("ready")))
