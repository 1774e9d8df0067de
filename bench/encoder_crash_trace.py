"""Issue #18's cause, measured without waiting for a crash: where the camera's crop cuts.

The real render handler prepares the 64-s and the 185-s job (bench/render_inputs.py) up to the
video's ffmpeg run, whose scratch folder and arguments are kept. That run's filter graph then
goes to ``-f null`` with ffmpeg's trace log, a ``showinfo`` (sizes only) put between the resize
and the last crop, once as the code builds it and once with the held pictures timed as before
the fix. Per frame it compares:
  - the frame's time with its number (``sendcmd`` keys the camera's settings to frame times)
  - the last crop's window with the size of the resized picture it cuts from.
A window past the picture's edge makes the encoder (or a filter's memcpy) read past the end of
its buffer: garbage rows, or a segfault when the page after it is unmapped.

usage: python -m bench.encoder_crash_trace [--seconds 64,185]
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.encoder_crash import OUT, VARIANTS, _prepare
from bench.encoder_crash_child import render_once
from services.render.engine import encode
from shared.media.ffmpeg import ffmpeg_exe, run_ffmpeg

TRACE = OUT / "trace"
SHOWN = re.compile(r"showinfo@si @ \S+ \[info\] n:\s*(\d+) .* s:(\d+)x(\d+)")
CUT = re.compile(r"crop@cam_out @ \S+ \[trace\] n:(\d+) t:(\S+) x:\d+ y:\d+ x\+w:(\d+) y\+h:(\d+)")


class _Captured(Exception):
    pass


def capture(seconds: int) -> Path:
    """The video run's scratch folder (with ``args.json``), as the handler prepares it."""
    dest = TRACE / f"job-{seconds}"
    shutil.rmtree(dest, ignore_errors=True)

    async def keep(args: list[str], **kw: Any) -> dict[str, str]:
        if "libx264" not in args:
            return await run_ffmpeg(args, **kw)
        shutil.copytree(kw["cwd"], dest)
        (dest / "args.json").write_text(json.dumps(args))
        raise _Captured

    encode.run_ffmpeg = keep  # type: ignore[attr-defined]
    spec = _prepare(seconds, 9)
    try:
        render_once(spec, spec.parent / "capture.json", None, None)
    except _Captured:
        pass
    finally:
        shutil.rmtree(spec.parent.parent, ignore_errors=True)
    return dest


def trace(job: Path, variant: str) -> dict[str, object]:
    """Run the job's video graph with the variant's change and count what went wrong."""
    _, edit = VARIANTS[variant]
    args = json.loads((job / "args.json").read_text())
    args = edit(args) if edit else args
    at = args.index("-filter_complex") + 1
    args[at] = args[at].replace(
        "format=yuv420p,crop@cam_out", "format=yuv420p,showinfo@si=checksum=0,crop@cam_out"
    )
    log = TRACE / f"{job.name}-{variant}.log"
    with log.open("w") as err:
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "level+trace",
               *args[: args.index("-c:v")], "-f", "null", "-"]  # fmt: skip
        code = subprocess.run(cmd, cwd=job, stderr=err, check=False).returncode
    shown: dict[int, tuple[int, int]] = {}
    cuts: dict[int, tuple[float, int, int]] = {}
    with log.open(errors="replace") as f:
        for line in f:
            if m := SHOWN.search(line):
                shown[int(m[1])] = (int(m[2]), int(m[3]))
            elif m := CUT.search(line):
                cuts[int(m[1])] = (float(m[2]), int(m[3]), int(m[4]))
    fps = 30
    off_time = [n for n, (t, _, _) in cuts.items() if abs(t * fps - n) > 1e-3]
    past = [n for n, (_, right, bottom) in cuts.items()
            if n in shown and (right > shown[n][0] or bottom > shown[n][1])]  # fmt: skip
    deepest = max((cuts[n][2] - shown[n][1] for n in past), default=0)
    log.unlink()  # ~30 MB of trace for a 185-s video
    return {
        "job_s": int(job.name.split("-")[1]), "variant": variant, "exit": code,
        "frames": len(cuts), "frames_off_their_time": len(off_time),
        "first_off": sorted(off_time)[:6], "crops_past_the_picture": len(past),
        "rows_past_at_most": deepest,
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seconds", default="64,185")
    opts = ap.parse_args()
    TRACE.mkdir(parents=True, exist_ok=True)
    rows = []
    for seconds in (int(s) for s in opts.seconds.split(",")):
        job = capture(seconds)
        for variant in ("before-fix", "current"):
            rows.append(trace(job, variant))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        shutil.rmtree(job, ignore_errors=True)
    (TRACE / "summary.json").write_text(json.dumps(rows, indent=2))
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
