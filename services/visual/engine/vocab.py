"""The painter's vocabulary: every subject it can draw, the words that name it, where it lives.

A subject module decorates its drawing functions with `subject(...)`; `catalog.SUBJECTS`
imports them all. `where` says which backdrop fits ("in" a room, "out" under the sky, or
"any"); `kind` groups the vocabulary (object, place, figure, creature, weather, light).
`scene=True` marks a subject that paints the whole frame itself (a corridor, a forest).
"""

from collections.abc import Callable
from dataclasses import dataclass

from services.visual.engine.pen import Pen

Draw = Callable[[Pen], None]
KINDS = ("object", "place", "figure", "creature", "weather", "light")


@dataclass(frozen=True)
class Subject:
    name: str
    words: tuple[str, ...]  # phrases that name it, longest matched first ("child's shoe")
    kind: str
    where: str  # "in", "out" or "any"
    draw: Draw
    light: str = "lamp"  # how it is best lit: "lamp", "moon" or "back" (a silhouette)
    person: bool = False  # a generic person word: loses to any other subject in the prompt
    scene: str | None = None  # a whole-frame place painter (plan.SETTINGS name) instead of a pen


REGISTRY: dict[str, Subject] = {}


def subject(
    name: str, words: str, kind: str, where: str = "any", light: str = "lamp",
    person: bool = False, scene: str | None = None,
) -> Callable[[Draw], Draw]:  # fmt: skip
    """Register a drawing; `words` is "|"-separated phrases (the name is always one)."""
    assert kind in KINDS and where in ("in", "out", "any"), (kind, where)

    def register(draw: Draw) -> Draw:
        phrases = {name.replace("_", " "), *(w.strip() for w in words.split("|") if w.strip())}
        REGISTRY[name] = Subject(name, tuple(sorted(phrases, key=len, reverse=True)), kind,
                                 where, draw, light, person, scene)  # fmt: skip
        return draw

    return register
