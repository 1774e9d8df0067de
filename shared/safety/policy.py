"""The moderation capability: a Policy reads a story and reports what must not be published."""

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from shared.messages.story import Story


@dataclass(frozen=True)
class Finding:
    category: str  # e.g. "minors", "self-harm-instructions", "hate", "real-person", "quality"
    scene: int | None  # None: the title/hook/topic
    phrase: str
    policy: str

    def __str__(self) -> str:
        where = "title/hook" if self.scene is None else f"scene {self.scene}"
        return f"{self.category} in {where}: {self.phrase!r} ({self.policy})"


@runtime_checkable
class Policy(Protocol):
    name: str

    async def check(self, story: Story) -> list[Finding]: ...
