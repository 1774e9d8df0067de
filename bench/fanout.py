"""Scene fan-out on RabbitMQ + Redis: jobs/minute with 1, 2 and 4 tts and visual processes.

Each tts and visual worker is its own process (tests/integration/scene_worker.py) running the
real handler and runtime with a provider that sleeps DELAY seconds per call, one scene at a
time, like a rate-limited hosted provider or a CPU-bound offline one. Story, filter, render and
notify are instant stubs in this process. All rounds run in one invocation, so the ratios are
fair on a noisy machine. Then the offline providers' seconds per scene, measured here.

usage: python -m bench.fanout [JOBS] [SCENES] [DELAY_S]
"""

import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

from shared import logs
from shared.config import Settings
from shared.jobs import submit
from shared.messages import JobSpec
from shared.runtime.hosting import Runtime
from shared.runtime.rabbit_bus import RabbitBus
from shared.runtime.stub_stages import build_stub_stages
from shared.state.redis import RedisState
from tests.integration.conftest import purge_all
from tests.integration.scene_worker import AMQP_URL, RETRY_DELAYS

REDIS = "redis://127.0.0.1:6379/14"
NARRATION = (
    "The keeper climbed the iron stairs at midnight. Something knocked beneath the floor, "
    "three slow knocks, then nothing. He held the lamp and did not breathe."
)
PROMPT = "a lighthouse on a cliff above a black sea, one window lit"


def start_workers(n: int, delay_s: float, folder: str) -> list[subprocess.Popen[str]]:
    env = {
        **os.environ,
        "GRIMREEL_TEST_REDIS_URL": REDIS,
        "SCENE_STORAGE": folder,
        "SCENE_RUN": uuid.uuid4().hex[:8],
    }
    procs = []
    for stage in ("tts", "visual"):
        for _ in range(n):
            cmd = [sys.executable, "-m", "tests.integration.scene_worker", stage, str(delay_s)]
            procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env))
    for p in procs:  # started together, waited for together: imports overlap
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    return procs


def stop_workers(procs: list[subprocess.Popen[str]]) -> None:
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        p.wait(30)


async def one_round(workers: int, jobs: int, scenes: int, delay_s: float) -> float:
    await purge_all()
    state = RedisState(REDIS)
    await state.r.flushdb()
    with tempfile.TemporaryDirectory(prefix="grimreel-fanout-") as folder:
        procs = await asyncio.to_thread(start_workers, workers, delay_s, folder)
        stages = [s for s in build_stub_stages(scenes=scenes) if s.name not in ("tts", "visual")]
        settings = Settings(redis_url=REDIS, amqp_url=AMQP_URL, retry_delays_s=RETRY_DELAYS)
        rt = Runtime(RabbitBus(AMQP_URL, retry_delays_s=RETRY_DELAYS), state, settings, stages)
        await rt.start()
        try:
            t0 = time.perf_counter()
            ids = [
                (await submit(rt.bus, state, JobSpec(topic=f"fanout {i}"))).job_id
                for i in range(jobs)
            ]
            for job_id in ids:
                while not ((job := await state.get(job_id)) and job.final):
                    await asyncio.sleep(0.02)
                assert job.status == "completed", job
            took = time.perf_counter() - t0
        finally:
            await rt.stop(grace_s=1)
            await asyncio.to_thread(stop_workers, procs)
    await state.close()
    return jobs / took * 60


async def offline_seconds(runs: int = 3) -> dict[str, float]:
    from services.tts.providers.offline import OfflineVoice
    from services.tts.treatment import Treatment, treat
    from services.visual.providers.offline import OfflinePainter
    from shared.media.ffmpeg import ffmpeg_exe

    voice, painter, ffmpeg = OfflineVoice(), OfflinePainter(), ffmpeg_exe()
    await voice.speak("Warm up.", voice="default", language="en")  # model load is once a process
    times: dict[str, list[float]] = {"voice": [], "treatment": [], "image": []}
    for i in range(runs):
        t0 = time.perf_counter()
        speech = await voice.speak(f"{NARRATION} ({i})", voice="default", language="en")
        t1 = time.perf_counter()
        await treat(speech.wav, Treatment(), ffmpeg)
        t2 = time.perf_counter()
        await painter.paint(
            PROMPT, style="grainy 35mm film still", mood="dread", seed=i, width=1080, height=1920
        )
        t3 = time.perf_counter()
        times["voice"].append(t1 - t0)
        times["treatment"].append(t2 - t1)
        times["image"].append(t3 - t2)
    out = {f"{k}_s_per_scene": round(statistics.median(v), 2) for k, v in times.items()}
    out["audio_s_per_scene"] = round(speech.duration_s, 1)
    return out


async def main() -> None:
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    scenes = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
    logs.configure("error", "json")
    rates = {}
    for n in (1, 2, 4):
        rates[n] = await one_round(n, jobs, scenes, delay)
        print(
            f"{n} tts + {n} visual processes: {rates[n]:6.1f} jobs/min "
            f"({rates[n] / rates[1]:.2f}x one)",
            flush=True,
        )
    offline = await offline_seconds()
    print(
        json.dumps(
            {
                "jobs": jobs,
                "scenes": scenes,
                "delay_s": delay,
                "jobs_per_min": {n: round(r, 1) for n, r in rates.items()},
                "speedup_4": round(rates[4] / rates[1], 2),
                "offline": offline,
                "load_avg": [round(x, 2) for x in os.getloadavg()],
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
