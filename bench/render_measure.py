"""Running one benchmarked command as a child: wall and CPU seconds, peak memory of its tree.

CPU seconds and ``ru_maxrss`` come from ``wait4`` on the child, so they count the child and the
descendants it waited for (a Python worker's ffmpeg) and nothing else on this shared machine.
``ru_maxrss`` is the largest single process; the tree's sum is sampled from /proc.
"""

import contextlib
import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_S = 0.2


@dataclass(frozen=True)
class Measured:
    wall_s: float
    cpu_s: float
    max_rss_mb: float  # the largest single process (wait4's ru_maxrss)
    tree_rss_mb: float  # the child and its descendants together, sampled
    code: int


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants now."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        p = todo.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * PAGE
        todo += tree.get(p, [])
    return total


def run(cmd: Sequence[str], *, cwd: Path | None = None, quiet: bool = True) -> Measured:
    """Run ``cmd`` to the end; RuntimeError with its stderr if it fails."""
    out = subprocess.DEVNULL if quiet else None
    t0 = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_S):
            peak[0] = max(peak[0], tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()  # drained while it runs: a full pipe would stall the child
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = err.decode("utf-8", "replace")[-3000:]
        raise RuntimeError(f"{' '.join(cmd[:3])} ... exited {proc.returncode}:\n{tail}")
    return Measured(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,
        tree_rss_mb=peak[0] / 2**20,
        code=proc.returncode,
    )
