"""A schedule's next topic: its list or its file's lines, taken in turn."""

from pathlib import Path

from shared.schedules.model import Schedule


class NoTopic(Exception):
    """The schedule has no topic to give this tick; the message says why."""


def topic_lines(path: Path) -> list[str]:
    """Non-blank lines that are not comments (#)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise NoTopic(f"cannot read topics_file {path}: {e.strerror}") from None
    return [t.strip() for t in text.splitlines() if t.strip() and not t.lstrip().startswith("#")]


def pick(s: Schedule, turn: int) -> str:
    """The topic for the schedule's `turn`-th firing (0, 1, 2, … across all schedulers)."""
    if s.topics:
        choices = s.topics
    elif s.topics_file is not None:
        # read each time: the file may be edited while the scheduler runs
        choices = topic_lines(Path(s.topics_file))
    else:  # TODO: topic_prompt → ask the story provider (refused at validation until built)
        raise NoTopic("topic_prompt is not supported yet")
    if not choices:
        raise NoTopic(f"topics_file {s.topics_file} has no topics")
    return choices[turn % len(choices)]
