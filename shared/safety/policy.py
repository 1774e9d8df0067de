"""The moderation capability: a Policy reads a story and reports what must not be published."""

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from shared.messages.story import Story
from shared.safety.sections import Section


@dataclass(frozen=True)
class Finding:
    category: str  # one of shared.safety.taxonomy.CATEGORIES, or "gore" / "quality"
    scene: int | None  # None: the title/hook/topic
    phrase: str  # the passage, quoted as judged
    policy: str
    score: float | None = None  # the judge's confidence, where it has one

    def __str__(self) -> str:
        where = "title/hook" if self.scene is None else f"scene {self.scene}"
        return f"{self.category} in {where}: {self.phrase!r} ({self.policy})"


@runtime_checkable
class Policy(Protocol):
    """A judge: reads a story, or any sections of text (a topic, a line of an eval file)."""

    name: str

    async def check(self, story: Story) -> list[Finding]: ...

    async def judge_sections(self, sections: list[Section]) -> list[Finding]: ...
