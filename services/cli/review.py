"""The approval gate in a terminal: `grimreel run --review` shows the story that passed the
filter scene by scene and asks to approve it, edit a scene (judged again) or reject it."""

from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape

from shared.messages import Story
from shared.review import SceneEdit, StoryEdit

HELP = "a = approve · e N = edit scene N · r = reject"


@dataclass(frozen=True)
class Decision:
    action: str  # approve, edit, reject
    edit: StoryEdit | None = None
    reason: str | None = None


class TerminalReviewer:
    """Reads answers line by line (a pipe works as well as a person); the end of input rejects,
    so a run with nobody to answer ends instead of waiting for the expiry."""

    def __init__(self, console: Console, ask: Callable[[str], str] | None = None) -> None:
        self.console, self.ask = console, ask or self._read

    def _read(self, prompt: str) -> str:
        # the prompt goes where the story went (stderr): stdout stays the result (--json)
        self.console.print(prompt, end="")
        return input()

    def __call__(self, story: Story, refused: list[str] | None) -> Decision:
        self.show(story, refused)
        while True:
            try:
                answer = self.ask(f"{HELP}: ").strip().lower()
            except EOFError:
                return Decision("reject", reason="no answer (end of input)")
            if answer in ("a", "approve"):
                return Decision("approve")
            if answer in ("r", "reject"):
                return Decision("reject", reason=self._line("why (optional): ") or None)
            if decision := self._edit(answer, story):
                return decision
            self.console.print(f"[yellow]not understood: {escape(answer)!r}[/yellow]")

    def show(self, story: Story, refused: list[str] | None) -> None:
        c = self.console
        c.print(f"\n[bold]{escape(story.title)}[/bold] — review before voices and pictures")
        if refused:
            c.print("[red]your last edit was refused; the story below is unchanged:[/red]")
            for reason in refused:
                c.print(f"[red]  {escape(reason)}[/red]")
        for s in story.scenes:
            c.print(f"\n[bold]scene {s.index}[/bold]  {escape(s.narration)}")
            c.print(f"[dim]  picture: {escape(s.image_prompt)}[/dim]")

    def _edit(self, answer: str, story: Story) -> Decision | None:
        parts = answer.split()
        if len(parts) != 2 or parts[0] not in ("e", "edit") or not parts[1].isdigit():
            return None
        index = int(parts[1])
        if index not in {s.index for s in story.scenes}:
            self.console.print(f"[yellow]no scene {index}[/yellow]")
            return None
        narration = self._line("new narration (empty keeps it): ")
        prompt = self._line("new picture prompt (empty keeps it): ")
        if not narration and not prompt:
            return None
        change = SceneEdit(index=index, narration=narration or None, image_prompt=prompt or None)
        return Decision("edit", edit=StoryEdit(scenes=[change]))

    def _line(self, prompt: str) -> str:
        try:
            return self.ask(prompt).strip()
        except EOFError:
            return ""
