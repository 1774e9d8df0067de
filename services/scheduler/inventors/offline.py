"""Topics offline: a seeded grammar (who, what happens, where) drawn from the themes a
schedule's prompt mentions ("folk horror in a snowed-in village" → folk and winter).

No key, no network. The same (prompt, seed) gives the same topic, and the scheduler's seed is
one per tick, so a schedule's ticks walk through many combinations of its themes' parts.
"""

import json
import random
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings

from shared.providers import Kit, Provider

_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _themes() -> dict[str, dict[str, Any]]:
    doc = json.loads((Path(__file__).with_name("grammar.json")).read_text(encoding="utf-8"))
    themes: dict[str, dict[str, Any]] = doc["themes"]
    return themes


def themes_of(prompt: str) -> list[str]:
    """The themes whose words the prompt uses; every theme when it names none."""
    words = set(_WORD.findall(prompt.lower()))
    chosen = [name for name, t in _themes().items() if words & set(t["words"])]
    return chosen or sorted(_themes())


class OfflineInventor:
    name = "offline"

    async def invent(self, prompt: str, seed: int) -> str:
        rng = random.Random(seed)
        themes = themes_of(prompt)
        # the person and their trouble come from one theme so they belong together; the place
        # may come from another of the prompt's themes ("folk" people in "winter" places)
        main = _themes()[rng.choice(themes)]
        place = _themes()[rng.choice(themes)]
        return f"{rng.choice(main['who'])} {rng.choice(main['what'])} {rng.choice(place['where'])}"


class OfflineInventorSettings(BaseSettings):
    pass


def build(_: OfflineInventorSettings, __: Kit) -> OfflineInventor:
    return OfflineInventor()


PROVIDER = Provider(
    kind="topic",
    name="offline",
    settings=OfflineInventorSettings,
    factory=build,
    summary="a seeded who/what/where grammar over the themes the prompt mentions",
)
