"""Preview render against the full render of the same assets, in one invocation.

The inputs are the render benchmark's (bench/render_inputs.py: 8 narrated scenes, 63.6 s of
video, 1080x1920 stills from the offline painter). Each contestant is the real render handler
in a child process (bench/render_variants.py) for a job whose spec asks for it:
  full      JobSpec.preview unset: 1080x1920, x264 veryfast, CRF 23 (the defaults)
  preview   JobSpec.preview true: 540x960, the draft encoder (ultrafast, CRF 30, the defaults)
  preview-P the draft at x264 preset P (and CRF C: ``P:C``) instead (``--presets``), to see
            what ultrafast buys
Rounds alternate the contestants; the medians of the handler's own wall and CPU seconds (its
threads and its ffmpeg children) are reported, and preview/full ratios per round.

usage: python -m bench.preview [--rounds N] [--scenes N] [--presets superfast,ultrafast:30]
"""

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

from bench.render_inputs import BenchScene, scenes
from bench.render_measure import run
from bench.render_variants import store_job
from shared.media.probe import probe

OUT = Path("bench/out/preview").resolve()
INPUTS = Path("bench/out/render/inputs").resolve()  # shared with bench.render: made once
FULL = {"preset": "veryfast", "crf": 23}


def contestant(
    job: list[BenchScene], name: str, preview: bool, renderer: dict[str, Any]
) -> dict[str, Any]:
    work = OUT / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    msg = asyncio.run(store_job(work / "store", f"bench-{name}", job))
    spec = {
        "msg": msg.model_dump_json(), "store": str(work / "store"), "scratch": str(work / "tmp"),
        "renderer": renderer, "video": str(work / "video.mp4"), "result": str(work / "result.json"),
        "job": {"topic": "bench", "preview": preview},
    }  # fmt: skip
    (work / "spec.json").write_text(json.dumps(spec))
    m = run([sys.executable, "-m", "bench.render_variants", str(work / "spec.json")])
    own = json.loads((work / "result.json").read_text())
    info = asyncio.run(probe(work / "video.mp4"))
    return {"wall_s": own["wall_s"], "cpu_s": own["cpu_s"], "process_wall_s": m.wall_s,
            "process_cpu_s": m.cpu_s, "size_mb": (work / "video.mp4").stat().st_size / 2**20,
            "frame": f"{info.width}x{info.height}"}  # fmt: skip


def median(rows: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(r[key] for r in rows), 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scenes", type=int, default=8, help="8: 63.6 s of video")
    ap.add_argument("--presets", default="", help="the draft at these x264 presets[:CRF] too")
    opts = ap.parse_args()
    job = scenes(INPUTS, opts.scenes)
    contestants: dict[str, tuple[bool, dict[str, Any]]] = {
        "full": (False, FULL), "preview": (True, FULL),
    }  # fmt: skip
    for choice in filter(None, opts.presets.split(",")):
        preset, _, crf = choice.partition(":")
        draft = {"preview_preset": preset} | ({"preview_crf": int(crf)} if crf else {})
        contestants[f"preview-{preset}{'-crf' + crf if crf else ''}"] = (True, FULL | draft)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in contestants}
    for r in range(opts.rounds):
        for name, (preview, renderer) in contestants.items():
            rows[name].append(contestant(job, name, preview, renderer))
        print(f"round {r + 1}: " + "  ".join(f"{n} {rows[n][-1]['wall_s']:.1f} s" for n in rows),
              file=sys.stderr, flush=True)  # fmt: skip
    summary: dict[str, Any] = {
        "video_s": round(sum(s.duration_s for s in job) + len(job) * 0.45, 2),
        "scenes": len(job), "rounds": opts.rounds, "cpus": os.cpu_count(),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }  # fmt: skip
    for name, got in rows.items():
        summary[name] = {
            "frame": got[0]["frame"],
            "wall_s": median(got, "wall_s"),
            "cpu_s": median(got, "cpu_s"),
            "process_wall_s": median(got, "process_wall_s"),
            "size_mb": round(got[0]["size_mb"], 2),
            "runs_wall_s": [round(g["wall_s"], 2) for g in got],
        }
        if name != "full":
            pairs = list(zip(got, rows["full"], strict=True))
            summary[name]["over_full"] = {
                "wall": round(statistics.median(p["wall_s"] / f["wall_s"] for p, f in pairs), 3),
                "cpu": round(statistics.median(p["cpu_s"] / f["cpu_s"] for p, f in pairs), 3),
            }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
