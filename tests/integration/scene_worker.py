"""A tts or visual worker process: the real handler and runtime, a provider that only sleeps.

usage: python -m tests.integration.scene_worker tts|visual DELAY_S [CONCURRENCY]
Prints "ready" once consuming. Environment:
  SCENE_STORAGE  storage folder (required)
  SCENE_RUN      a name for this run's counters (required)
  DOUBLE=1       publish every outgoing message twice, so downstream sees duplicates
Counters in Redis (GRIMREEL_TEST_REDIS_URL), readable across processes:
  grimreel:test:<run>:calls               hash "<stage>:<pid>" -> provider calls made there
  grimreel:test:<run>:assets-ready:<job>  times a worker's join published assets.ready
The content cache is left out on purpose: it would make repeated scenes free.
Used by tests/integration/test_join_processes.py and bench/fanout.py.
"""

import asyncio
import io
import os
import sys
from functools import partial
from pathlib import Path

import numpy as np
import redis.asyncio as aioredis
from PIL import Image

from services.tts import wav
from services.tts.handler import TtsDeps, narrate
from services.tts.voice import Speech
from services.visual.handler import VisualDeps, illustrate
from shared import logs
from shared.config import Settings
from shared.messages import SceneRequested, WordTiming
from shared.messages.envelope import Envelope
from shared.runtime import Stage
from shared.runtime.hosting import Runtime
from shared.runtime.rabbit_bus import RabbitBus
from shared.runtime.signals import install_stop_signals
from shared.state.redis import RedisState
from shared.storage.local import LocalStorage

REDIS_URL = os.environ.get("GRIMREEL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
AMQP_URL = os.environ.get("GRIMREEL_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
RETRY_DELAYS = [0.2, 0.4]  # as tests/integration/conftest.py declares (and purges) them
RATE = 16000


class SleepyProvider:
    """A hosted provider's latency without its work: sleeps, counts the call, answers small."""

    def __init__(self, stage: str, delay_s: float, counters: aioredis.Redis, run: str) -> None:
        self.stage, self.delay_s, self.counters, self.run = stage, delay_s, counters, run
        self.name = self.model = f"sleepy-{stage}"
        buf = io.BytesIO()
        Image.new("RGB", (9, 16), (10, 10, 20)).save(buf, format="PNG")
        self.png = buf.getvalue()

    async def _call(self) -> None:
        await asyncio.sleep(self.delay_s)
        await self.counters.hincrby(
            f"grimreel:test:{self.run}:calls", f"{self.stage}:{os.getpid()}"
        )

    async def speak(self, text: str, *, voice: str, language: str) -> Speech:
        await self._call()
        words = text.split()
        audio = np.zeros(RATE * len(words) // 4 + RATE // 10, np.float32)
        timed = [WordTiming(word=w, start=i / 4, end=i / 4 + 0.2) for i, w in enumerate(words)]
        return Speech(wav=wav.write(audio, RATE), words=timed, duration_s=len(audio) / RATE)

    async def paint(
        self, prompt: str, *, style: str, mood: str, seed: int, width: int, height: int,
        job: object = None,
    ) -> bytes:  # fmt: skip
        await self._call()
        return self.png


class CountingBus(RabbitBus):
    """Counts each assets.ready the join publishes; with DOUBLE, sends every message twice."""

    def __init__(self, counters: aioredis.Redis, run: str, double: bool) -> None:
        super().__init__(AMQP_URL, retry_delays_s=RETRY_DELAYS)
        self.counters, self.run, self.double = counters, run, double

    async def publish(self, env: Envelope) -> None:
        if env.kind == "assets.ready":
            await self.counters.incr(f"grimreel:test:{self.run}:assets-ready:{env.correlationid}")
        await super().publish(env)
        if self.double:
            await super().publish(env)


async def serve(stage: str, delay_s: float, concurrency: int) -> None:
    run = os.environ["SCENE_RUN"]
    counters = aioredis.from_url(REDIS_URL)
    provider = SleepyProvider(stage, delay_s, counters, run)
    storage = LocalStorage(Path(os.environ["SCENE_STORAGE"]))
    if stage == "tts":
        handler = partial(narrate, deps=TtsDeps(voice=provider, storage=storage))
    else:
        handler = partial(illustrate, deps=VisualDeps(painter=provider, storage=storage))
    settings = Settings(redis_url=REDIS_URL, retry_delays_s=RETRY_DELAYS, shutdown_grace_s=5)
    bus = CountingBus(counters, run, os.environ.get("DOUBLE") == "1")
    state = RedisState(REDIS_URL)
    runtime = Runtime(bus, state, settings, [Stage(stage, {SceneRequested: handler}, concurrency)])
    stop = asyncio.Event()
    install_stop_signals(stop)
    await runtime.start()
    print("ready", flush=True)
    await stop.wait()
    await runtime.stop()
    await state.close()
    await counters.aclose()


def main() -> None:
    stage, delay = sys.argv[1], float(sys.argv[2])
    concurrency = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    logs.configure("warning", "json")
    asyncio.run(serve(stage, delay, concurrency))


if __name__ == "__main__":
    main()
