"""Where a whole offline `grimreel run` spends its time, by stage, against its own render.

    python -m bench.run_split [--duration 60] [--seed 7] [--topic TEXT]

Runs the job in this process (as `grimreel run` does, in-memory bus and state, offline
providers), then reads the job's timeline: each stage's handler seconds (summed over its
messages; tts and visual run side by side, so stage sums exceed the wall time), the process's
own CPU and its children's (ffmpeg), and the ratio the issue asks about: the whole run's wall
time over the render handler's. One JSON line; both numbers come from the same run, so the
ratio holds on a noisy machine.
"""

import argparse
import asyncio
import json
import resource
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from services.cli.run import run_job
from shared import logs, timeline
from shared.config import load_settings
from shared.messages import JobRequest
from shared.state.memory import MemoryState

TOPIC = "a lighthouse keeper hears knocking from below"


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


async def main(topic: str, duration: int, seed: int) -> dict[str, object]:
    logs.configure("error", "console")
    with tempfile.TemporaryDirectory(prefix="run-split-") as out:
        settings = load_settings(storage="local", storage_dir=Path(out))
        spec = JobRequest(topic=topic, duration_s=duration, seed=seed).spec()
        state = MemoryState()
        cpu0, wall0 = _cpu(), time.perf_counter()
        job = await run_job(spec, settings, None, state)
        wall, cpu1 = time.perf_counter() - wall0, _cpu()
    assert job.status == "completed", job.error
    per_stage: dict[str, float] = defaultdict(float)
    for e in timeline.read(await state.timeline(job.job_id)):
        if e.event == timeline.DONE and e.seconds is not None:
            per_stage[e.stage] += e.seconds
    render_s = per_stage.get("render", 0.0)
    return {
        "duration_s": duration,
        "wall_s": round(wall, 1),
        "python_cpu_s": round(cpu1[0] - cpu0[0], 1),
        "children_cpu_s": round(cpu1[1] - cpu0[1], 1),
        "handler_s": {k: round(v, 1) for k, v in sorted(per_stage.items())},
        "run_over_render": round(wall / render_s, 2) if render_s else None,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default=TOPIC)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    opts = parser.parse_args()
    print(json.dumps(asyncio.run(main(opts.topic, opts.duration, opts.seed))))
