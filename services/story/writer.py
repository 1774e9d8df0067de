"""The story capability: a Writer turns a job spec (plus feedback) into a Story."""

from typing import Protocol

from shared.messages.job import JobSpec
from shared.messages.story import Story


class Writer(Protocol):
    name: str

    async def write(self, spec: JobSpec, *, feedback: list[str], round_: int) -> Story:
        """A story for spec; feedback lists what was wrong with the previous draft."""
