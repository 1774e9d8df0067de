"""A schedule's next topic: its list or its file's lines taken in turn, or one invented for
the tick from its topic_prompt."""

from pathlib import Path

from services.scheduler.inventor import TopicInventor, seed_for
from shared.providers import ProviderRefused
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
    else:
        raise NoTopic("the schedule invents its topics (topic_prompt): use invent()")
    if not choices:
        raise NoTopic(f"topics_file {s.topics_file} has no topics")
    return choices[turn % len(choices)]


async def invent(s: Schedule, tick: float, inventor: TopicInventor) -> str:
    """This tick's topic from the schedule's prompt. A refusal (bad key, unusable answer) is
    NoTopic; the provider being away (ProviderUnavailable) propagates, so the tick is tried
    again by a later poll."""
    assert s.topic_prompt is not None
    try:
        return await inventor.invent(s.topic_prompt, seed_for(s.id, tick))
    except ProviderRefused as e:
        raise NoTopic(f"the {inventor.name} topic provider: {e}") from None
