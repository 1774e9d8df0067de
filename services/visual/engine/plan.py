"""What to draw, read from the prompt's words: one setting, maybe a figure, a few extras.

The setting is the earliest-mentioned place word ("the basement door" is a basement; "a house
with an open door" is a house), because image prompts lead with their subject. A prompt with no
place word still gets a setting, picked by the seed, so every prompt paints something.
"""

import re
from dataclasses import dataclass

import numpy as np


def _words(table: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {k: re.compile(rf"\b(?:{'|'.join(v.split())})\b") for k, v in table.items()}


SETTINGS = _words({
    "corridor": "hallway hallways corridor corridors hall hotel hospital asylum ward motel",
    "door": "door doors doorway closet knock knocking",
    "window": "window windows bedroom curtain curtains glass bed nursery",
    "stairs": "stairs staircase stairway basement cellar steps attic",
    "house": "house farmhouse cabin home mansion manor cottage porch barn shack",
    "forest": "forest woods wood trees tree pines clearing campfire camp tent trail",
    "sea": "lighthouse sea ocean shore beach coast waves harbor harbour pier boat lake cliff",
    "church": "church chapel cemetery graveyard grave graves tomb tombstone funeral steeple crypt",
    "road": "road car highway drive driving truck headlights street hitchhiker crossroads",
    "field": "field fields farm corn cornfield scarecrow meadow wheat crops pasture prairie",
})  # fmt: skip
OUTDOOR = ("house", "forest", "sea", "church", "road", "field")
FIGURES = _words({
    "child": "child children kid girl boy daughter son twins",
    "woman": "woman lady mother wife bride nun witch widow sister",
    "man": "man father husband stranger priest hunter brother farmer hitchhiker driver",
    "figure": "figure someone somebody person shadow silhouette creature ghost apparition "
              "entity presence thing intruder visitor face faces",
})  # fmt: skip
EXTRAS = _words({
    "rain": "rain raining storm stormy thunder downpour",
    "snow": "snow snowing blizzard winter frozen",
    "birds": "crow crows raven ravens birds bird",
    "eyes": "eyes watching staring stare glowing",
    "lit": "light lit lamp lantern candle glow flicker flickering",
    "moon": "moon moonlight moonlit",
})  # fmt: skip


@dataclass(frozen=True)
class Plan:
    setting: str
    figure: str | None
    extras: frozenset[str]
    mentions: frozenset[str] = frozenset()  # every setting named; scenes borrow props from them

    @property
    def indoor(self) -> bool:
        return self.setting not in OUTDOOR


def _first(text: str, table: dict[str, re.Pattern[str]]) -> str | None:
    hits = [(m.start(), key) for key, rx in table.items() if (m := rx.search(text))]
    return min(hits)[1] if hits else None


def read(prompt: str, rng: np.random.Generator) -> Plan:
    text = prompt.lower()
    setting = _first(text, SETTINGS) or OUTDOOR[int(rng.integers(len(OUTDOOR)))]
    return Plan(
        setting=setting,
        figure=_first(text, FIGURES),
        extras=frozenset(k for k, rx in EXTRAS.items() if rx.search(text)),
        mentions=frozenset(k for k, rx in SETTINGS.items() if rx.search(text)),
    )
