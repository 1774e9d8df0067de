"""Stage worker processes the fault suite starts, kills with SIGKILL and starts again."""

import asyncio
import os
import signal
import sys
from pathlib import Path

READY_S = 120.0  # six interpreters importing numpy, ffmpeg wrappers and MiniLM on 2 busy cores


class StageProcess:
    def __init__(self, stage: str, env: dict[str, str], logs: Path) -> None:
        self.stage, self.env, self.logs = stage, env, logs
        self.proc: asyncio.subprocess.Process | None = None
        self.starts = 0

    async def start(self, hold_s: float = 0.0) -> None:
        self.starts += 1
        log = (self.logs / f"{self.stage}-{self.starts}.log").open("wb")
        env = {**os.environ, **self.env, "FAULT_HOLD_S": str(hold_s)}
        cmd = [sys.executable, "-m", "tests.faults.stage_worker", self.stage]
        self.proc = await asyncio.create_subprocess_exec(
            *cmd, stdout=asyncio.subprocess.PIPE, stderr=log, env=env
        )
        log.close()  # the child holds its own descriptor
        async with asyncio.timeout(READY_S):
            while (line := await self.readline()) != "ready":
                if not line:
                    raise RuntimeError(
                        f"{self.stage} exited before it was ready: {self.log_tail()}"
                    )

    async def readline(self) -> str:
        assert self.proc is not None and self.proc.stdout is not None
        return (await self.proc.stdout.readline()).decode().strip()

    async def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()

    def log_tail(self) -> str:
        return (self.logs / f"{self.stage}-{self.starts}.log").read_text()[-2000:]
