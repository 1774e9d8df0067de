"""A schedule's invented topic: ``topic_prompt`` ("folk horror in a snowed-in village") asks a
topic inventor for one headline per tick.

The inventor follows the story provider (GRIMREEL_STORY_PROVIDER) unless
GRIMREEL_TOPIC_PROVIDER names another: offline composes one from a seeded grammar, openai and
anthropic ask the hosted model. Each is one module in ``services/scheduler/inventors``
exposing ``PROVIDER`` (kind ``topic``), or a ``grimreel.providers`` entry point ``topic.<name>``.
"""

import hashlib
from typing import Protocol, runtime_checkable

from shared.providers import CallPolicy, Kit, create

INVENTORS = "services.scheduler.inventors"
MAX_TOPIC = 200  # a JobRequest topic's limit is 300; headlines are far shorter


@runtime_checkable
class TopicInventor(Protocol):
    name: str

    async def invent(self, prompt: str, seed: int) -> str: ...


def seed_for(schedule_id: str, tick: float) -> int:
    """One seed per (schedule, tick): a tick tried again invents the same topic offline."""
    digest = hashlib.sha256(f"{schedule_id}:{tick:.0f}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def headline(answer: str) -> str:
    """The first line of a model's answer as a topic: no quotes, label or closing period."""
    line = next((s.strip() for s in answer.splitlines() if s.strip()), "")
    if ":" in line[:12]:  # "Topic: ..."
        line = line.split(":", 1)[1].strip()
    return line.strip("\"'“”‘’* ").rstrip(".")[:MAX_TOPIC].strip()


def make_inventor(name: str, timeout_s: float = 30.0) -> TopicInventor:
    kit = Kit(policy=CallPolicy("topic", timeout_s=timeout_s, attempts=3))
    return create("topic", name, INVENTORS, kit, TopicInventor)
