"""A worker starting up removes dead renders' scratch folders and never a running one's."""

import json
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.render.bootstrap import build
from services.render.scratch import make_scratch
from services.render.settings import RenderSettings
from services.render.stale_scratch import OWNER_FILE, owner_record, sweep
from shared.config import Settings

HOUR = 3600.0


@pytest.fixture
def live_pid() -> Iterator[int]:
    """Another process that is running (as a concurrent render worker would be)."""
    proc = subprocess.Popen(["sleep", "60"])
    yield proc.pid
    proc.kill()
    proc.wait()


def _dead_owner() -> str:
    """The owner file of a render whose worker was killed since."""
    proc = subprocess.Popen(["sleep", "60"])
    record = owner_record(proc.pid)
    proc.kill()
    proc.wait()
    return record


def _folder(root: Path, name: str, owner: str | None, idle_s: float = 0.0) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "video.mp4").write_bytes(b"\0" * 1000)
    if owner is not None:
        (folder / OWNER_FILE).write_text(owner)
    then = time.time() - idle_s
    for path in [*folder.iterdir(), folder]:
        os.utime(path, (then, then))
    return folder


def test_dead_owners_folders_go_and_running_ones_stay(tmp_path: Path, live_pid: int) -> None:
    running = _folder(tmp_path, "render-a-1", owner_record(live_pid), idle_s=60)
    mine = make_scratch(tmp_path, "b")  # this process: alive
    dead = _folder(tmp_path, "render-c-1", _dead_owner())
    reused = json.loads(owner_record(live_pid)) | {"start": "1"}  # same pid, another process
    recycled = _folder(tmp_path, "render-d-1", json.dumps(reused))
    assert sweep(tmp_path, HOUR)[0] == 2
    assert running.exists() and mine.exists()
    assert not dead.exists() and not recycled.exists()


def test_a_running_render_is_judged_by_its_last_write_not_its_age(
    tmp_path: Path, live_pid: int
) -> None:
    long_render = _folder(tmp_path, "render-a-1", owner_record(live_pid), idle_s=3 * HOUR)
    (long_render / "video.mp4").write_bytes(b"\0" * 2000)  # ffmpeg still writing
    hung = _folder(tmp_path, "render-b-1", owner_record(live_pid), idle_s=2 * HOUR)
    assert sweep(tmp_path, HOUR)[0] == 1
    assert long_render.exists() and not hung.exists()


def test_another_hosts_folders_go_only_when_idle(tmp_path: Path) -> None:
    elsewhere = json.loads(_dead_owner()) | {"host": "render-7"}
    busy = _folder(tmp_path, "render-a-1", json.dumps(elsewhere), idle_s=60)
    quiet = _folder(tmp_path, "render-b-1", json.dumps(elsewhere), idle_s=2 * HOUR)
    sweep(tmp_path, HOUR)
    assert busy.exists() and not quiet.exists()


def test_unmarked_folders_are_ours_only_in_our_own_scratch_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _folder(tmp_path, "render-job-x1", None, idle_s=2 * HOUR)  # made before owner files
    fresh = _folder(tmp_path, "render-job-x2", None, idle_s=60)
    foreign = _folder(tmp_path, "renders", None, idle_s=2 * HOUR)
    assert sweep(tmp_path, HOUR) == (1, 1000)
    assert not old.exists() and fresh.exists() and foreign.exists()
    # the system's temporary folder is everyone's: there an owner file is required
    shared_tmp = tmp_path / "tmp"
    monkeypatch.setattr(tempfile, "tempdir", str(shared_tmp))
    someone_elses = _folder(shared_tmp, "render-cache-1", None, idle_s=2 * HOUR)
    ours = _folder(shared_tmp, "render-job-1", _dead_owner())
    assert sweep(None, HOUR)[0] == 1
    assert someone_elses.exists() and not ours.exists()


def test_a_render_worker_sweeps_its_scratch_root_when_it_starts(tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    dead = _folder(scratch, "render-job-1", _dead_owner())
    build(Settings(storage_dir=tmp_path, scratch_dir=scratch), RenderSettings())
    assert not dead.exists()
