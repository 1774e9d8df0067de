"""`grimreel run --preview` then `grimreel redo`, each in one process of its own as a person
runs them: a scene's new narration is spoken again and the rest copied; a redo of no scene
renders the full video from the draft's files."""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from shared.media.probe import probe

pytestmark = pytest.mark.slow


def grimreel(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.cli.commands", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "GRIMREEL_NOTIFY_KEEP_WORK": "all"},
    )


def summary(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.returncode == 0, proc.stderr[-2000:]
    done = json.loads(proc.stdout)
    assert done["status"] == "completed"
    return done


def size(video: str) -> tuple[int | None, int | None]:
    info = asyncio.run(probe(Path(video)))
    return info.width, info.height


def test_preview_then_redo_a_scene_then_the_full_video(tmp_path: Path) -> None:
    out = str(tmp_path)
    asked = ["--duration", "20", "--scenes", "3", "--seed", "5", "--preview"]
    first = summary(
        grimreel("run", "a scarecrow that turns its head", *asked, "--out", out, "--json")
    )
    parent = first["job_id"]
    assert size(first["files"]["video.mp4"]) == (540, 960)

    # about as long as the scene it replaces: the edit is judged for length like any story
    words = (
        "The scarecrow faced the house again when the farmer woke, its head turned to the glass."
    )
    proc = grimreel("redo", parent, "--scene", "2", "--narration", words, "--out", out, "--json")
    voiced = summary(proc)
    child = voiced["job_id"]
    assert size(voiced["files"]["video.mp4"]) == (540, 960)  # a preview's redo is a preview
    work, again = tmp_path / parent / "work", tmp_path / child / "work"

    def same(name: str) -> bool:
        return (work / name).read_bytes() == (again / name).read_bytes()

    assert all(same(f"scene-{i:02d}.png") for i in range(3))
    assert [same(f"scene-{i:02d}.wav") for i in range(3)] == [True, True, False]
    story = json.loads((tmp_path / child / "story.json").read_text())
    assert story["scenes"][2]["narration"] == words
    spec = json.loads((tmp_path / child / "job.json").read_text())
    assert spec["parent_id"] == parent and spec["reuse"]["audio"] == [0, 1]

    full = summary(grimreel("redo", child, "--out", out, "--json"))
    assert size(full["files"]["video.mp4"]) == (1080, 1920)
    meta = json.loads(Path(full["files"]["metadata.json"]).read_text())
    assert meta["preview"] is False
    wav = (tmp_path / full["job_id"] / "work" / "scene-02.wav").read_bytes()
    assert wav == (again / "scene-02.wav").read_bytes()  # the redone voice, not the first one


def test_a_redo_of_an_unknown_job_or_scene_is_refused(tmp_path: Path) -> None:
    proc = grimreel("redo", "nosuchjob", "--scene", "1", "--out", str(tmp_path))
    assert proc.returncode == 2 and "no job nosuchjob" in proc.stderr
    proc = grimreel("redo", "nosuchjob", "--voice", "--out", str(tmp_path))
    assert proc.returncode == 2 and "need a scene" in proc.stderr
