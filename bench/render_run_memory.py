"""Peak memory of a whole `grimreel run`, as a user starts it: the process tree, sampled.

    python -m bench.render_run_memory [--label NAME] [-- grimreel-run-arguments...]

Defaults to ``run "a lighthouse keeper hears knocking from below" --duration 60 --seed 7``.
Runs the CLI of this checkout (``python -m services.cli.commands``) in a fresh output folder,
samples every 0.2 s the resident memory of the Python process and of its children (ffmpeg)
from /proc, and prints one JSON line: the tree's peak, the Python process's peak, the largest
child's peak, wall seconds, and the Python RSS at the moment of the tree's peak. The samples go
to ``bench/out/run_memory/<label>.csv`` so the peak can be placed in the run's phases.
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.render_measure import PAGE, _children

TOPIC = "a lighthouse keeper hears knocking from below"
DEFAULT = ["run", TOPIC, "--duration", "60", "--seed", "7"]
OUT = Path("bench/out/run_memory")
SAMPLE_S = 0.2


def _rss(pid: int) -> int:
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    return 0


def _descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        p = todo.pop()
        kids = tree.get(p, [])
        found += kids
        todo += kids
    return found


def measure(args: list[str], label: str) -> dict[str, object]:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="grimreel-run-") as out:
        cmd = [sys.executable, "-m", "services.cli.commands", *args, "--out", out, "--json"]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        samples: list[tuple[float, int, int]] = []  # seconds, python bytes, children bytes
        done = threading.Event()

        def sample() -> None:
            while not done.wait(SAMPLE_S):
                own = _rss(proc.pid)
                kids = [_rss(p) for p in _descendants(proc.pid)]
                samples.append((time.perf_counter() - t0, own, sum(kids)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, stderr = proc.communicate()
        done.set()
        sampler.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"exited {proc.returncode}:\n{stderr.decode()[-3000:]}")
    (OUT / f"{label}.csv").write_text(
        "s,python_mb,children_mb\n"
        + "".join(f"{t:.1f},{p / 2**20:.0f},{c / 2**20:.0f}\n" for t, p, c in samples)
    )
    at_peak = max(samples, key=lambda s: s[1] + s[2])
    mb = 2**20
    return {
        "label": label,
        "command": "grimreel " + " ".join(args),
        "status": json.loads(stdout)["status"],
        "wall_s": round(wall, 1),
        "tree_peak_mb": round((at_peak[1] + at_peak[2]) / mb),
        "tree_peak_at_s": round(at_peak[0], 1),
        "python_at_tree_peak_mb": round(at_peak[1] / mb),
        "python_peak_mb": round(max(s[1] for s in samples) / mb),
        "children_peak_mb": round(max(s[2] for s in samples) / mb),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="run")
    parser.add_argument("rest", nargs="*")
    ns = parser.parse_args()
    os.environ.setdefault("GRIMREEL_LOG_LEVEL", "warning")
    print(json.dumps(measure(ns.rest or DEFAULT, ns.label)))


if __name__ == "__main__":
    main()
