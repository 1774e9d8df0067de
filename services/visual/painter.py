"""The image capability: a Painter makes one still per scene (PNG bytes)."""

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Job:
    """Where a still sits in its job. Painters that shoot a film rather than single pictures
    (the offline painter) plan every scene's shot from this, so parallel workers agree on who
    draws what without talking; hosted painters ignore it."""

    index: int = 0
    prompts: tuple[str, ...] = ()  # the job's image prompts in scene order; () when unknown
    seed: int = 0  # the job's seed, the same in every scene


SINGLE = Job()


@runtime_checkable
class Painter(Protocol):
    name: str  # the provider
    model: str  # what else decides the picture (model, drawing version): part of the cache key
    # True when the prompt leaves the machine: the bootstrap then puts the rule screen in front.
    sends_prompts: bool

    async def paint(
        self, prompt: str, *, style: str, mood: str, seed: int, width: int, height: int,
        job: Job = SINGLE,
    ) -> bytes:  # fmt: skip
        """PNG bytes at width x height; the same arguments give the same image."""
