"""A progress bar per stage, fed from the job's state (the same data SSE streams)."""

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from shared import topology
from shared.state.base import JobRecord


class StageBars:
    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description:>8}"),
            BarColumn(),
            TextColumn("{task.fields[note]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.tasks: dict[str, TaskID] = {
            s: self.progress.add_task(s, total=1.0, note="", start=False) for s in topology.stages()
        }

    def update(self, job: JobRecord, timeline: list[dict[str, Any]]) -> None:
        done: dict[str, int] = {}
        for e in timeline:
            if e.get("event") == "done":
                done[e["stage"]] = done.get(e["stage"], 0) + 1
            if e.get("event") == "started":
                self.progress.start_task(self.tasks[e["stage"]])
        approved = [e for e in timeline if e.get("stage") == "filter" and e.get("event") == "done"]
        scenes = int(approved[-1].get("outputs", 0)) if approved else 0
        for stage, task in self.tasks.items():
            n = done.get(stage, 0)
            if stage in ("tts", "visual") and scenes:
                self.progress.update(task, completed=n / scenes, note=f"{n}/{scenes} scenes")
            elif stage == "render" and job.stage == "render" and not n:
                lo, hi = topology.PROGRESS_BAND["render"]
                self.progress.update(task, completed=max(0.0, (job.progress - lo) / (hi - lo)))
            elif n:
                self.progress.update(task, completed=1.0, note="done")
