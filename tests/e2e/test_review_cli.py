"""`grimreel run --review`: the story is shown before voices and pictures, and the answers
typed (here piped) approve it, edit a scene — judged again — or reject it."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

EDIT = "The keeper counted the knocks until dawn, and every count came out one too many."


def run(tmp_path: Path, answers: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "services.cli.commands",
            "run",
            "a lighthouse keeper hears knocking from below",
            "--duration",
            "20",
            "--scenes",
            "3",
            "--seed",
            "11",
            "--review",
            "--out",
            str(tmp_path / "out"),
            "--json",
        ],
        input=answers,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "COLUMNS": "200"},
    )
    return proc, json.loads(proc.stdout)


def test_an_edited_scene_is_judged_then_approved_and_rendered(tmp_path: Path) -> None:
    proc, summary = run(tmp_path, f"e 1\n{EDIT}\n\na\n")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "review before voices and pictures" in proc.stderr and "scene 2" in proc.stderr
    story = json.loads((Path(summary["files"]["video.mp4"]).parent / "story.json").read_text())
    assert story["scenes"][1]["narration"] == EDIT
    assert proc.stderr.count("review before voices and pictures") == 2  # shown again after it


def test_a_rejected_story_ends_the_run_before_any_voice(tmp_path: Path) -> None:
    proc, summary = run(tmp_path, "r\nnot scary enough\n")
    assert proc.returncode == 1
    assert summary["status"] == "cancelled"
    assert summary["error"] == "rejected at review: not scary enough"
    assert not list((tmp_path / "out").rglob("*.wav"))


def test_nobody_answering_rejects_instead_of_waiting(tmp_path: Path) -> None:
    proc, summary = run(tmp_path, "")
    assert proc.returncode == 1 and summary["status"] == "cancelled"
    assert "no answer" in summary["error"]
