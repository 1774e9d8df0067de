"""Scratch folders left by renders that died (worker killed, host rebooted): found and removed
when a render worker starts.

A render's folder holds its inputs and the video being written (~41 MB for 20 s of video).
The handler removes it in a ``finally``, which a SIGKILL or an OOM kill never reaches. Several
workers may share one host and one scratch root, so a folder is removed only when it is ours
(``render-<job>-<random>``, the owner file written at creation) and
- its owner is gone: same host, same boot and pid namespace, and that pid no longer runs the
  process that made the folder (pids are reused: the process's start time is compared too), or
- nothing has been written in it for ``idle_s``: a running render writes its video without
  pause, so only a dead or hung one goes quiet that long (also the rule for another host's
  folders on a shared volume, and for folders made before owner files existed).
In the system's temporary folder, shared with every other program, only folders carrying our
owner file are considered.
"""

import json
import os
import shutil
import socket
import tempfile
import time
from contextlib import suppress
from pathlib import Path

OWNER_FILE = ".owner"
PREFIX = "render-"


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def _start_ticks(pid: int) -> str:
    """When ``pid`` started, in clock ticks since boot; "" when it does not run (or no /proc)."""
    stat = _read(f"/proc/{pid}/stat")
    return stat[stat.rfind(")") + 2 :].split()[19] if stat else ""


def _machine() -> dict[str, str]:
    ns = ""
    with suppress(OSError):
        ns = os.readlink("/proc/self/ns/pid")
    return {"host": socket.gethostname(), "boot": _read("/proc/sys/kernel/random/boot_id"),
            "pidns": ns}  # fmt: skip


def owner_record(pid: int | None = None) -> str:
    """Who makes a folder: this process (or ``pid``) on this machine, as the owner file says."""
    pid = os.getpid() if pid is None else pid
    return json.dumps(_machine() | {"pid": pid, "start": _start_ticks(pid)})


def _owner_gone(owner: dict[str, object]) -> bool:
    """True only when the owner is certainly dead: same machine, and its pid runs no more or
    runs another process."""
    here = _machine()
    if not here["boot"] or any(owner.get(k) != v for k, v in here.items()):
        return False  # another host or boot: nobody here can tell
    pid = owner.get("pid")
    if not isinstance(pid, int):
        return False
    now = _start_ticks(pid)  # this machine has /proc (it has a boot id): "" means no process
    return not now or now != owner.get("start")


def _idle_s(folder: Path, now: float) -> float:
    """Seconds since anything in the folder was written."""
    newest = folder.stat().st_mtime
    for entry in folder.iterdir():
        with suppress(OSError):
            newest = max(newest, entry.stat().st_mtime)
    return now - newest


def is_stale(folder: Path, idle_s: float, *, marked_only: bool, now: float | None = None) -> bool:
    try:
        raw = (folder / OWNER_FILE).read_text()
    except FileNotFoundError:
        raw = None
    except OSError:
        return False
    if raw is None and marked_only:
        return False
    try:
        owner = json.loads(raw) if raw else {}
    except ValueError:
        owner = {}
    if isinstance(owner, dict) and _owner_gone(owner):
        return True
    try:
        return _idle_s(folder, time.time() if now is None else now) > idle_s
    except OSError:  # removed meanwhile
        return False


def _size(folder: Path) -> int:
    total = 0
    for f in folder.rglob("*"):
        with suppress(OSError):
            total += f.stat().st_size if f.is_file() else 0
    return total


def sweep(root: Path | None, idle_s: float) -> tuple[int, int]:
    """Remove stale render folders under ``root`` (None: the system's temporary folder).
    Returns how many folders and bytes were removed."""
    base = root if root is not None else Path(tempfile.gettempdir())
    if not base.is_dir():
        return 0, 0
    folders, size = 0, 0
    for folder in base.glob(f"{PREFIX}*-*"):
        if folder.is_symlink() or not folder.is_dir():
            continue
        if is_stale(folder, idle_s, marked_only=root is None):
            size += _size(folder)
            shutil.rmtree(folder, ignore_errors=True)
            folders += 1
    return folders, size
