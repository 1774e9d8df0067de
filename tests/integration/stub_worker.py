"""A worker process hosting some stub stages on RabbitMQ + Redis, for crash/shutdown tests.

usage: python -m tests.integration.stub_worker STAGE[,STAGE] [SLEEP_S]
Prints "ready" once consuming. The handlers of the named stages sleep SLEEP_S first.
"""

import asyncio
import os
import sys
from typing import Any

from shared import logs
from shared.config import Settings
from shared.runtime import Context
from shared.runtime.stub_stages import build_stub_stages
from shared.service import serve


def main() -> None:
    names = sys.argv[1].split(",")
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0

    async def hook(name: str, msg: Any, ctx: Context) -> None:
        await asyncio.sleep(delay)

    settings = Settings(
        redis_url=os.environ.get("GRIMREEL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        retry_delays_s=[0.2, 0.4],
        shutdown_grace_s=float(os.environ.get("GRACE", "10")),
    )
    logs.configure("info", "json")

    def build(_: Settings) -> list:
        return [s for s in build_stub_stages(scenes=2, hook=hook) if s.name in names]

    asyncio.run(serve(build, settings, ready=lambda: print("ready", flush=True)))


if __name__ == "__main__":
    main()
