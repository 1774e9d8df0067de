"""Render stage benchmark: grimreel against the encoder floor, MoviePy and plain stills.

All contestants run in one invocation on the same inputs (8 narrated scenes, 60 s of speech,
1080x1920 stills; made once into bench/out/render/inputs), veryfast / CRF 23:
  (a) floor     grimreel's finished frames from raw YUV, encoded again with the same settings
  (b) grimreel  the real render handler, from the scene assets in local storage
  (c) moviepy   the same video written with MoviePy 2 (bench/render_moviepy.py)
  (d) stills    the pictures with no effects at all: hard cuts over the narration
(a), (b) and (d) run ``--rounds`` times, interleaved, and the medians are reported: the machine
is shared, so compare the ratios of one run, not absolute seconds across runs. (b) also runs on
a 3x longer video (12 scenes of two sentences, 180 s of speech) for its memory.

usage: python -m bench.render [--quick] [--rounds N] [--no-moviepy]
"""

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bench.render_inputs import BenchScene, scenes
from bench.render_measure import Measured, run
from bench.render_variants import (
    decode_for_floor,
    floor_command,
    stills_command,
    store_job,
)
from services.render.engine.graph import Encoding

OUT = Path("bench/out/render").resolve()
PRESET, CRF = "veryfast", 23


def _grimreel(
    job: list[BenchScene], name: str, before_fix: bool = False
) -> tuple[Measured, dict[str, float], Path]:
    """(b) as a child process; the handler's own costs come back in a result file.
    ``before_fix``: the held pictures timed as before issue #18's fix."""
    work = OUT / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    msg = asyncio.run(store_job(work / "store", f"bench-{name}", job))
    spec = {
        "msg": msg.model_dump_json(), "store": str(work / "store"), "scratch": str(work / "tmp"),
        "preset": PRESET, "crf": CRF, "video": str(work / "video.mp4"),
        "result": str(work / "result.json"), "before_fix": before_fix,
    }  # fmt: skip
    (work / "spec.json").write_text(json.dumps(spec))
    m = run([sys.executable, "-m", "bench.render_variants", str(work / "spec.json")])
    return m, json.loads((work / "result.json").read_text()), work / "video.mp4"


def _row(
    m: list[Measured], video_s: float, out: Path, extra: dict[str, float] | None = None
) -> dict[str, object]:
    wall = statistics.median(x.wall_s for x in m)
    row: dict[str, object] = {
        "wall_s": round(wall, 2),
        "cpu_s": round(statistics.median(x.cpu_s for x in m), 2),
        "x_realtime": round(video_s / wall, 2),
        "peak_rss_mb": round(max(x.tree_rss_mb for x in m)),
        "largest_process_rss_mb": round(max(x.max_rss_mb for x in m)),
        "size_mb": round(out.stat().st_size / 2**20, 2),
        "runs": [round(x.wall_s, 2) for x in m],
    }
    return row | (extra or {})


def _median(values: Iterable[float]) -> float:
    return round(statistics.median(values), 3)


def fix_cost(rounds: int, count: int, per_scene: int) -> dict[str, object]:
    """Issue #18's fix against the code before it, alternated: (b)'s CPU and wall seconds."""
    job = scenes(OUT / "inputs", count, per_scene)
    seen: dict[str, list[dict[str, float]]] = {"fix": [], "before": []}
    for r in range(rounds):
        order = ["fix", "before"] if r % 2 == 0 else ["before", "fix"]
        for name in order:
            m, handler, _ = _grimreel(job, f"cost-{name}", before_fix=name == "before")
            seen[name].append({"cpu_s": m.cpu_s, "wall_s": m.wall_s,
                               "handler_cpu_s": handler["cpu_s"]})  # fmt: skip
            print(f"round {r + 1} {name}: {m.cpu_s:.1f} CPU s, {m.wall_s:.1f} s", file=sys.stderr,
                  flush=True)  # fmt: skip
    med = {n: {k: _median(x[k] for x in v) for k in v[0]} for n, v in seen.items()}
    return {
        "scenes": count, "per_scene": per_scene, "rounds": rounds, "medians": med, "runs": seen,
        "cpu_fix_over_before": round(med["fix"]["cpu_s"] / med["before"]["cpu_s"], 4),
        "handler_cpu_fix_over_before": round(
            med["fix"]["handler_cpu_s"] / med["before"]["handler_cpu_s"], 4),
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="3 scenes (22.5 s), one round")
    ap.add_argument("--rounds", type=int, default=None, help="rounds of (a), (b), (d); default 3")
    ap.add_argument("--no-moviepy", action="store_true")
    ap.add_argument("--fix-cost", type=int, metavar="ROUNDS",
                    help="only (b), issue #18's fix against the code before it, alternated; "
                         "with --long the 185-s video")  # fmt: skip
    ap.add_argument("--long", action="store_true")
    opts = ap.parse_args()
    if opts.fix_cost:
        count, per = (12, 2) if opts.long else (8, 1)
        got = fix_cost(opts.fix_cost, count, per)
        (OUT / f"fix-cost-{'185' if opts.long else '64'}.json").write_text(
            json.dumps(got, indent=2)
        )
        print(json.dumps({k: v for k, v in got.items() if k != "runs"}, indent=2))
        return
    count = 3 if opts.quick else 8
    rounds = opts.rounds or (1 if opts.quick else 3)
    job = scenes(OUT / "inputs", count)
    video_s = sum(s.duration_s for s in job) + len(job) * 0.45
    enc = Encoding(preset=PRESET, crf=CRF)
    floor_dir = Path(tempfile.mkdtemp(prefix="grimreel-floor-", dir="/dev/shm"))
    results: dict[str, list[Measured]] = {"a": [], "b": [], "d": []}
    own: list[dict[str, float]] = []
    try:
        for r in range(rounds):
            m, handler, video = _grimreel(job, "b")
            results["b"].append(m)
            own.append(handler)
            if r == 0:  # (a)'s input: outside every timing
                yuv, wav = decode_for_floor(video, floor_dir)
            results["a"].append(run(floor_command(yuv, wav, OUT / "floor.mp4", enc)))
            results["d"].append(run(stills_command(job, OUT / "stills.mp4", enc)))
            print(f"round {r + 1}: (b) {m.wall_s:.1f} s  (a) {results['a'][-1].wall_s:.1f} s  "
                  f"(d) {results['d'][-1].wall_s:.1f} s", file=sys.stderr, flush=True)  # fmt: skip
    finally:
        shutil.rmtree(floor_dir, ignore_errors=True)
    summary = {
        "video_s": round(video_s, 2), "scenes": count, "preset": PRESET, "crf": CRF,
        "cpus": os.cpu_count(), "rounds": rounds,
        "a_floor": _row(results["a"], video_s, OUT / "floor.mp4"),
        "b_grimreel": _row(results["b"], video_s, OUT / "b" / "video.mp4", {
            "handler_wall_s": round(statistics.median(h["wall_s"] for h in own), 2),
            "handler_cpu_s": round(statistics.median(h["cpu_s"] for h in own), 2),
            "ffmpeg_rss_mb": round(max(h["ffmpeg_max_rss_mb"] for h in own)),
        }),
        "d_stills": _row(results["d"], video_s, OUT / "stills.mp4"),
    }  # fmt: skip
    b, a = results["b"], results["a"]
    pairs = list(zip(own, b, a, strict=True))
    summary["ratio_b_over_a"] = {  # the handler's own time, as a running worker spends it
        "wall": _median(h["wall_s"] / y.wall_s for h, _, y in pairs),
        "cpu": _median(h["cpu_s"] / y.cpu_s for h, _, y in pairs),
        # the whole child process: a fresh interpreter importing the stage first (~0.5 s)
        "wall_with_python_start": _median(x.wall_s / y.wall_s for _, x, y in pairs),
        "cpu_with_python_start": _median(x.cpu_s / y.cpu_s for _, x, y in pairs),
    }
    # 3x as long, as a real job would be: 12 scenes (jobs have at most 15) of two sentences each
    long_job = scenes(OUT / "inputs", count * 3 // 2, per_scene=2)
    m, handler, video = _grimreel(long_job, "b_long")
    long_s = sum(s.duration_s for s in long_job) + len(long_job) * 0.45
    summary["b_long"] = _row([m], long_s, video, {
        "video_s": round(long_s, 2), "ffmpeg_rss_mb": round(handler["ffmpeg_max_rss_mb"]),
    })  # fmt: skip
    if not opts.no_moviepy:
        out = OUT / "moviepy.mp4"
        cmd = [sys.executable, "-m", "bench.render_moviepy", str(OUT / "inputs"), str(count),
               str(out)]  # fmt: skip
        mp = run(cmd)
        summary["c_moviepy"] = _row([mp], video_s, out)
        summary["ratio_c_over_b"] = {  # MoviePy's whole process against grimreel's
            "wall": round(mp.wall_s / statistics.median(x.wall_s for x in b), 2),
            "cpu": round(mp.cpu_s / statistics.median(x.cpu_s for x in b), 2),
        }
    (OUT / ("summary-quick.json" if opts.quick else "summary.json")).write_text(
        json.dumps(summary, indent=2)
    )
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
