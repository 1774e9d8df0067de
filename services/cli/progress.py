"""A progress bar per stage, fed from the job's state (the same data SSE streams)."""

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from shared import timeline, topology
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

    def update(self, job: JobRecord, events: list[timeline.Event]) -> None:
        done: dict[str, int] = {}
        for e in events:
            if e.event == timeline.DONE:
                done[e.stage] = done.get(e.stage, 0) + 1
            if e.event == timeline.STARTED and e.stage in self.tasks:
                self.progress.start_task(self.tasks[e.stage])
        scenes = timeline.scene_count(events) or 0
        seen = {e.stage for e in events}
        for k, (stage, task) in enumerate(self.tasks.items()):
            n = done.get(stage, 0)
            if stage not in seen and seen & set(list(self.tasks)[k + 1 :]):
                # a later stage ran first: the job entered past this one (a redo's story)
                self.progress.update(task, completed=0.0, note="skipped")
            elif scenes and topology.per_scene(stage):
                self.progress.update(task, completed=n / scenes, note=f"{n}/{scenes} scenes")
            elif stage == job.stage and not n:
                lo, hi = topology.progress_band(stage)
                self.progress.update(task, completed=max(0.0, (job.progress - lo) / (hi - lo)))
            elif n:
                self.progress.update(task, completed=1.0, note="done")
