"""The story capability: a Writer turns a job spec (plus feedback) into a Story."""

from typing import Protocol, runtime_checkable

from shared.messages.job import JobSpec
from shared.messages.story import Story


@runtime_checkable  # so the provider registry can check what a factory built
class Writer(Protocol):
    name: str

    async def write(self, spec: JobSpec, *, feedback: list[str], round_: int) -> Story:
        """A story for spec; feedback lists what was wrong with the previous draft."""
