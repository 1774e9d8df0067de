"""The image capability: a Painter makes one still per scene (PNG bytes)."""

from typing import Protocol, runtime_checkable


@runtime_checkable
class Painter(Protocol):
    name: str  # the provider
    model: str  # what else decides the picture (model, drawing version): part of the cache key
    # True when the prompt leaves the machine: the bootstrap then puts the rule screen in front.
    sends_prompts: bool

    async def paint(
        self, prompt: str, *, style: str, mood: str, seed: int, width: int, height: int
    ) -> bytes:
        """PNG bytes at width x height; the same arguments give the same image."""
