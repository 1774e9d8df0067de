"""Does a passage point at someone who could be real?

The `real-person` category is harm aimed at a real, identifiable person. A passage that names
nobody and points at nobody ("a masked killer in the lake house", "now he comes from inside
the walls") cannot be that, however an embedding reads its menace; the offline judge reports
`real-person` only for a window that passes this test. It is deliberately wide — any
mid-sentence capitalised word, a listed name, a title, a handle, a role that real people hold,
a relation to the user, a claim of reality — because it only opens the door: the trained head
still decides.
"""

import re
from functools import cache
from pathlib import Path

from shared.safety import names
from shared.safety.matching import normalise

# A capitalised word after a lower-case word or a comma: a name, not a sentence's first word.
_MID_CAPITAL = re.compile(r"(?<=[a-z0-9,;:] )[\"'“(]?([A-Z][a-zA-Z'’.-]+)")
_TWO_CAPITALS = re.compile(r"\b[A-Z][a-z]+ (?:[A-Z]\.? )?[A-Z][a-z]+")
_TITLE = re.compile(r"\b(?:mr|mrs|ms|miss|dr|prof|sir|dame|lord|lady)\.?\s+\w", re.I)
_HANDLE = re.compile(r"(?<!\w)@\w{2,}")
_ROLES = (
    "president|prime minister|chancellor|pope|king|queen|prince|princess|senator|governor|"
    "mayor|minister|congressman|congresswoman|mp|ceo|founder|billionaire|youtuber|streamer|"
    "tiktoker|influencer|vlogger|rapper|singer|popstar|pop star|actor|actress|celebrity|celeb|"
    "politician|journalist|reporter|athlete|footballer|quarterback|president's|candidate|"
    "anchor|host|comedian|podcaster|priest|pastor|imam|rabbi|bishop"
)
_RELATIONS = (
    "ex|ex-wife|ex-husband|ex-girlfriend|ex-boyfriend|boss|manager|teacher|professor|coach|"
    "classmate|classmates|coworker|co-worker|colleague|roommate|flatmate|landlord|landlady|"
    "neighbour|neighbor|neighbours|neighbors|stepdad|stepmom|stepmum|stepfather|stepmother|"
    "crush|bully|principal|doctor|therapist|pastor|friend|bestie|cousin|aunt|uncle|sister|"
    "brother|mom|mum|dad|wife|husband|girlfriend|boyfriend|son|daughter"
)
_WORDS = re.compile(
    rf"\b(?:{_ROLES})\b|\b(?:my|our|your)\s+(?:\w+\s+)?(?:{_RELATIONS})\b"
    r"|\b(?:real name|real names|irl|in real life|real person|real people|actually did|"
    r"really did|based on real|true story about|leaked|leak|exposed?|expose)\b",
    re.I,
)
# Capitalised words that are not anyone: days, months, the supernatural, the first person.
_NOBODY_WORDS = (
    "I I'm I'd I've I'll God Lord Satan Devil Hell Heaven Christ Jesus Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Halloween Christmas Easter OK Ok"
)
_NOBODY = frozenset(_NOBODY_WORDS.split(" "))


@cache
def listed_people(names_file: Path | None = None) -> re.Pattern[str] | None:
    """The packaged living people's names and an operator's own, as one pattern."""
    return names.pattern(names.load(names_file))


def points_at_someone(text: str, names_file: Path | None = None) -> bool:
    if _WORDS.search(text) or _TITLE.search(text) or _HANDLE.search(text):
        return True
    if any(m.group(1).rstrip(".'’-") not in _NOBODY for m in _MID_CAPITAL.finditer(text)):
        return True
    if any(not set(m.group(0).split()) <= _NOBODY for m in _TWO_CAPITALS.finditer(text)):
        return True
    listed = listed_people(names_file)
    return bool(listed and listed.search(normalise(text)))
