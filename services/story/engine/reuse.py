"""How much of a story's narration other stories also say: the writer's reuse rate.

A sentence is compared after normalising: lower case, words only, and every name the writer can
give a person or a town replaced by one token (two stories about "Dana" and "Eli" that say the
same thing have reused a sentence). The rate is the share of all narration sentences that occur,
so normalised, in at least one *other* story.
"""

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from services.story.engine.data import load
from shared.messages.story import Story

_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"”]?")
_WORD = re.compile(r"[a-z0-9']+")


@cache
def _names() -> frozenset[str]:
    common = load("common")
    names = [n for group in common["names"].values() for n in group] + common["towns"]
    return frozenset(w for n in names for w in _WORD.findall(n.lower()))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def normalised(sentence: str) -> str:
    words = _WORD.findall(sentence.lower())
    return " ".join("<name>" if w in _names() else w for w in words)


def reuse_rate(stories: Iterable[Story]) -> tuple[float, list[str]]:
    """The share of sentences found in another story too, and those sentences (normalised)."""
    per_story = [[normalised(s) for s in sentences(story.text)] for story in stories]
    holders = Counter(s for said in per_story for s in set(said))
    shared = [s for said in per_story for s in said if holders[s] > 1]
    total = sum(len(said) for said in per_story)
    return (len(shared) / total if total else 0.0), shared
