"""Encoder crashes under load (issue #18): rounds of concurrent long renders, crashes counted.

Each round starts three renders at once: two of the 185-s video and one of the 64-s video
(bench/render_inputs.py, as in bench.render's (b) and its long run). Each render is a child
process running the real render handler (LocalStorage, MemoryState) with no crash retries, so
a crashing ffmpeg shows as a crash and is not hidden by the retry. A variant changes only the
video's ffmpeg run (the one with libx264): extra arguments, another ffmpeg build.

Per render it records the exit (0, or the signal ffmpeg died of), wall and CPU seconds (the
child's wait4: the worker and its ffmpeg children), and the kernel's segfault lines of the
round when dmesg is readable. Rounds are appended to bench/out/encoder_crash/rounds.jsonl, so
an interrupted run resumes by running more rounds; the summary counts every round in the file.

Run it under ``nice -n 10`` on the shared machine.

usage: python -m bench.encoder_crash --rounds N [--variant NAME] [--concurrent 185,185,64]
       python -m bench.encoder_crash --summary
"""

import argparse
import asyncio
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

from bench.render_inputs import scenes
from bench.render_variants import store_job

OUT = Path("bench/out/encoder_crash").resolve()
INPUTS = Path("bench/out/render/inputs").resolve()
ROUNDS = OUT / "rounds.jsonl"
LENGTHS = {64: (8, 1), 185: (12, 2)}  # video seconds → (scenes, sentences per scene)


def _edit(
    extra_out: list[str], extra_in: list[str] | None = None
) -> Callable[[list[str]], list[str]]:
    """A change to the video's ffmpeg arguments: ``extra_out`` before the output options
    (after the inputs and graph), ``extra_in`` before everything (global options)."""

    def edit(args: list[str]) -> list[str]:
        at = args.index("-c:v")
        return [*(extra_in or []), *args[:at], *extra_out, *args[at:]]

    return edit


def _graph(old: str, new: str) -> Callable[[list[str]], list[str]]:
    """A change to the video's filter graph: ``old`` replaced by ``new`` (it must be there)."""

    def edit(args: list[str]) -> list[str]:
        at = args.index("-filter_complex") + 1
        if old not in args[at]:
            raise ValueError(f"{old!r} is not in the video's filter graph")
        return [*args[:at], args[at].replace(old, new), *args[at + 1 :]]

    return edit


# name → (ffmpeg to use or None for grimreel's own, change to the libx264 run's arguments)
VARIANTS: dict[str, tuple[str | None, Callable[[list[str]], list[str]] | None]] = {
    "current": (None, None),
    # the held pictures timed as before the fix (issue #18): N/FRAME_RATE/TB in microseconds
    "before-fix": (None, _graph("settb=1/30,setpts=N[", "setpts=N/FRAME_RATE/TB[")),
    # x264's own CPU detection, narrowed: everything up to AVX2, no AVX-512
    "x264-asm-avx2": (None, _edit(["-x264-params", "asm=AVX2,LZCNT,BMI1"])),
    # ffmpeg's own SIMD (filters, swscale, AAC) without AVX-512; x264 detects for itself
    "cpuflags-no-avx512": (None, _edit([], ["-cpuflags", "-avx512"])),
    "x264-threads-1": (None, _edit(["-threads:v", "1"])),
    "x264-threads-2": (None, _edit(["-threads:v", "2"])),
    "x264-no-asm": (None, _edit(["-x264-params", "asm=0"])),
    "debian-ffmpeg": ("/usr/bin/ffmpeg", None),
    # the current command under gdb: registers, code and memory map at the fault (OUT/gdb/)
    "current-gdb": ("gdb", None),
}
GDB_WRAPPER = """#!/bin/sh
# bench.encoder_crash: the libx264 run under gdb; a crash ends as SIGSEGV like the real one
REAL={real}
case "$*" in *libx264*) ;; *) exec "$REAL" "$@";; esac
LOG={out}/gdb/$(date +%s)-$$.txt
gdb -q -batch -nx -ex 'set pagination off' -ex 'set print thread-events off' \\
  -ex 'handle SIGPIPE nostop noprint pass' -ex "set logging file $LOG" \\
  -ex 'set logging redirect on' -ex 'set logging enabled on' -ex run \\
  -ex 'info registers' -ex 'x/6i $pc' -ex 'bt 12' -ex 'info threads' \\
  -ex 'info proc mappings' -ex kill --args "$REAL" "$@"
grep -q SIGSEGV "$LOG" && kill -s SEGV $$
grep -q "exited normally" "$LOG" || exit 1
"""


def _gdb_wrapper() -> str:
    from shared.media.ffmpeg import ffmpeg_exe

    (OUT / "gdb").mkdir(parents=True, exist_ok=True)
    path = OUT / "gdb-ffmpeg.sh"
    path.write_text(GDB_WRAPPER.format(real=ffmpeg_exe(), out=OUT))
    path.chmod(0o755)
    return str(path)


def _job_id(seconds: int, slot: int) -> str:
    return f"crash-{seconds}-{slot}"


def _prepare(seconds: int, slot: int) -> Path:
    """The job's assets in local storage (made once) and the child's spec file."""
    job_id = _job_id(seconds, slot)
    work = OUT / "jobs" / str(os.getpid()) / job_id  # its own: runs side by side write outputs
    spec_file = work / "spec.json"
    if not spec_file.exists():
        count, per_scene = LENGTHS[seconds]
        work.mkdir(parents=True, exist_ok=True)
        msg = asyncio.run(store_job(work / "store", job_id, scenes(INPUTS, count, per_scene)))
        spec_file.write_text(
            json.dumps({"msg": msg.model_dump_json(), "store": str(work / "store")})
        )
    return spec_file


@dataclass
class Render:
    seconds: int
    slot: int
    exit: int  # the child's: 0, or 3 when its ffmpeg crashed, or another failure
    signal: int  # the signal the video's ffmpeg died of; 0 when it did not
    wall_s: float
    cpu_s: float
    tail: list[str]


def _run_child(spec_file: Path, variant: str, seconds: int, slot: int, out: list[Render]) -> None:
    result = spec_file.parent / f"result-{os.getpid()}.json"
    result.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "bench.encoder_crash", "--child", str(spec_file),
           "--variant", variant, "--result", str(result)]  # fmt: skip
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    got = json.loads(result.read_text()) if result.exists() else {}
    tail = got.get("tail") or err.decode("utf-8", "replace").splitlines()[-8:]
    out.append(Render(seconds, slot, code, int(got.get("signal", 0)), round(wall, 2),
                      round(usage.ru_utime + usage.ru_stime, 2), tail if code else []))  # fmt: skip


def _segfault_lines() -> list[str] | None:
    """The kernel log's segfault lines, or None when it cannot be read."""
    try:
        text = subprocess.run(["dmesg"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [line for line in text.splitlines() if "segfault" in line or "trap" in line]


def run_round(variant: str, lengths: list[int]) -> dict[str, object]:
    specs = [(s, i, _prepare(s, i)) for i, s in enumerate(lengths)]
    before, commit = _segfault_lines(), _commit()
    renders: list[Render] = []
    t0 = time.time()
    threads = [threading.Thread(target=_run_child, args=(f, variant, s, i, renders))
               for s, i, f in specs]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    after = _segfault_lines()
    new = after[len(before) :] if before is not None and after is not None else None
    renders.sort(key=lambda r: r.slot)
    return {
        "variant": variant, "lengths": lengths, "started": time.strftime(
            "%Y-%m-%dT%H:%M:%S", time.localtime(t0)), "wall_s": round(time.time() - t0, 1),
        "loadavg_1m": os.getloadavg()[0], "renders": [asdict(r) for r in renders],
        "kernel": new, "commit": commit,
    }  # fmt: skip


@dataclass
class Tally:
    rounds: int = 0
    renders: int = 0
    crashed: int = 0
    rounds_with_crash: int = 0
    other_failures: int = 0
    cpu_s_185: list[float] = field(default_factory=list)  # the 185-s renders that finished
    wall_s_185: list[float] = field(default_factory=list)

    def add(self, renders: list[dict[str, Any]]) -> None:
        crashed = sum(1 for r in renders if r["signal"])
        self.rounds += 1
        self.renders += len(renders)
        self.crashed += crashed
        self.rounds_with_crash += crashed > 0
        self.other_failures += sum(1 for r in renders if r["exit"] and not r["signal"])
        done = [r for r in renders if r["seconds"] == 185 and not r["exit"]]
        self.cpu_s_185 += [r["cpu_s"] for r in done]
        self.wall_s_185 += [r["wall_s"] for r in done]

    def row(self) -> dict[str, object]:
        def median(v: list[float]) -> float | None:
            return round(statistics.median(v), 1) if v else None

        counts = {k: v for k, v in asdict(self).items() if isinstance(v, int)}
        return counts | {"cpu_s_median_185": median(self.cpu_s_185),
                         "wall_s_median_185": median(self.wall_s_185)}  # fmt: skip


def _commit() -> str:
    """The code the round ran (``+`` when the worktree had changes)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()  # fmt: skip
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    return head + ("+" if dirty else "")


def summary() -> dict[str, Tally]:
    """Every round in the file, by variant and the lengths it ran together."""
    by: dict[str, Tally] = {}
    for line in ROUNDS.read_text().splitlines():
        row = json.loads(line) if line.strip() else {}
        if row and not row.get("excluded"):
            key = f"{row['variant']} {'+'.join(map(str, row['lengths']))}"
            by.setdefault(key, Tally()).add(row["renders"])
    return by


def _write_summary() -> None:
    rows = {key: t.row() for key, t in summary().items()}
    (OUT / "summary.json").write_text(json.dumps(rows, indent=2))
    with (OUT / "summary.csv").open("w", newline="") as f:
        w = csv.writer(f)
        fields = list(Tally().row())
        w.writerow(["variant", *fields])
        for key, row in rows.items():
            w.writerow([key, *(row[k] for k in fields)])
    for key, row in rows.items():
        print(f"{key:32s} rounds {row['rounds']:3d}  renders {row['renders']:3d}  crashed "
              f"{row['crashed']:3d} (rounds with a crash {row['rounds_with_crash']}, other "
              f"failures {row['other_failures']})")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rounds", type=int, default=0)
    ap.add_argument("--variant", default="current", choices=sorted(VARIANTS))
    ap.add_argument("--concurrent", default="185,185,64", help="video lengths started together")
    ap.add_argument("--summary", action="store_true", help="only print the summary")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    opts = ap.parse_args()
    if opts.child:
        from bench.encoder_crash_child import render_once

        ffmpeg, edit = VARIANTS[opts.variant]
        render_once(opts.child, opts.result, _gdb_wrapper() if ffmpeg == "gdb" else ffmpeg, edit)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    lengths = [int(x) for x in opts.concurrent.split(",")]
    try:
        _rounds(opts.variant, lengths, opts.rounds)
    finally:
        shutil.rmtree(OUT / "jobs" / str(os.getpid()), ignore_errors=True)
    if ROUNDS.exists():
        _write_summary()


def _rounds(variant: str, lengths: list[int], count: int) -> None:
    for n in range(count):
        row = run_round(variant, lengths)
        with ROUNDS.open("a") as f:
            f.write(json.dumps(row) + "\n")
        renders = cast(list[dict[str, Any]], row["renders"])
        crashed = [f"{r['seconds']}s:sig{r['signal']}" for r in renders if r["signal"]]
        failed = [
            f"{r['seconds']}s:exit{r['exit']}" for r in renders if r["exit"] and not r["signal"]
        ]
        print(
            f"{variant} round {n + 1}/{count}: {row['wall_s']} s, crashed "
            f"{crashed or 'none'}{', failed ' + str(failed) if failed else ''}",
            flush=True,
        )


if __name__ == "__main__":
    main()
