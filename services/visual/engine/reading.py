"""Reading an image prompt: which subject to draw, against which backdrop, with what weather.

Image prompts lead with their subject ("a child's shoe under lifted floorboards, a lighthouse,
cold moonlight ..."): the subject is the earliest vocabulary phrase in the first clause, a
generic person word ("a person in bed") losing to any thing named beside it. Only when the first
clause names nothing known is the rest of the prompt read. The backdrop is a place word from
the rest of the prompt, used only when it fits the subject (a crib is not put in a forest).
"""

import re
from dataclasses import dataclass

from services.visual.engine.catalog import SUBJECTS
from services.visual.engine.vocab import Subject

BACKDROPS: dict[str, tuple[str, str]] = {  # name: (in/out, words)
    "room": ("in", "room|bedroom|nursery|parlor|parlour|kitchen|living room|apartment|house"),
    "stone": ("in", "cellar|basement|crypt|tunnel|vault|bunker|dungeon|chapel|rectory"),
    "wood": ("in", "attic|cabin|barn|shed|loft|farmhouse"),
    "ward": ("in", "hospital|ward|asylum|clinic|morgue|mall|office|hotel|motel|school"),
    "woods": ("out", "forest|woods|trees|pines|trail|campsite|clearing"),
    "graves": ("out", "churchyard|graveyard|cemetery|graves"),
    "shore": ("out", "sea|shore|beach|coast|lighthouse|harbor|harbour|lake|pier|cliff"),
    "field": ("out", "field|farm|road|highway|meadow|cornfield|prairie|hill|desert"),
    "town": ("out", "street|town|village|city|parking lot|alley|suburb|neighborhood"),
}
WEATHER = {
    "rain": "rain|raining|storm|stormy|downpour|wet",
    "snow": "snow|snowing|blizzard|winter|frozen|frost",
    "fog": "fog|foggy|mist|misty|haze",
    "figure": "person|someone|figure|man|woman|child|stranger",  # only in the first clause
}


def _rx(words: str | tuple[str, ...]) -> re.Pattern[str]:
    alts = words.split("|") if isinstance(words, str) else list(words)
    body = "|".join(re.escape(w) for w in sorted(alts, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{body})(?:s|es)?(?![\w'])")


_SUBJECT_RX = {name: _rx(s.words) for name, s in SUBJECTS.items()}
_BACKDROP_RX = {name: _rx(words) for name, (_, words) in BACKDROPS.items()}
_WEATHER_RX = {name: _rx(words) for name, words in WEATHER.items()}


@dataclass(frozen=True)
class Reading:
    subject: Subject
    named: bool  # the prompt's first clause named it; False: read from later words, or a guess
    backdrop: str
    extras: frozenset[str]


def normal(prompt: str) -> str:
    return re.sub(r"[\u2018\u2019`]", "'", prompt.lower())


def _earliest(text: str) -> Subject | None:
    hits = []
    for name, rx in _SUBJECT_RX.items():
        if m := rx.search(text):
            s = SUBJECTS[name]
            hits.append((s.person, m.start(), -(m.end() - m.start()), name))
    return SUBJECTS[min(hits)[3]] if hits else None


def _first_clause(text: str) -> str:
    return re.split(r"[,;:.]\s|\s[-\u2014]\s", text, maxsplit=1)[0]


def subject_of(prompt: str) -> tuple[Subject | None, bool]:
    """The subject, and whether the prompt's own first clause named it (else it came from
    the words around it: a style phrase, a setting)."""
    text = normal(prompt)
    first = _earliest(_first_clause(text))
    return (first, True) if first else (_earliest(text), False)


def backdrop_of(text: str, subject: Subject) -> str:
    """A place named with the subject wins; a place named later in the prompt only if the
    subject belongs there (a shoe is not put on a beach because the story has a lighthouse)."""
    first = _first_clause(text)
    hits = []
    for name, rx in _BACKDROP_RX.items():
        where = BACKDROPS[name][0]
        if (m := rx.search(first)) and subject.where in ("any", where):
            hits.append((0, m.start(), name))
        elif (m := rx.search(text)) and subject.where == where:
            hits.append((1, m.start(), name))
    return min(hits)[2] if hits else {"out": "field"}.get(subject.where, "room")


def read(prompt: str, fallback: Subject) -> Reading:
    text = normal(prompt)
    found, named = subject_of(prompt)
    subject = found or fallback
    first = _first_clause(text)
    extras = frozenset(
        k for k, rx in _WEATHER_RX.items() if rx.search(first if k == "figure" else text)
    )
    return Reading(subject, named, backdrop_of(text, subject), extras)
