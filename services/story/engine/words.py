"""Word classes from the lexicon (data/lexicon.json): what kind of thing a noun names,
whether a word is a verb, which preposition a place takes."""

from functools import cache

from services.story.engine.data import load

_IRREGULAR_PLURALS = ("people", "men", "women", "children", "teeth", "geese", "mice", "sheep")
# Suffixes stripped to find a verb's base form: "hears", "buried", "stopping", "moved".
_SUFFIXES = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("d", ""),
)


@cache
def _kinds() -> dict[str, str]:
    table: dict[str, str] = {}
    for kind, entry in load("lexicon")["kinds"].items():
        groups = entry.values() if isinstance(entry, dict) else [entry]
        for group in groups:
            for word in group:
                table.setdefault(word, kind)
    return table


@cache
def _preps() -> dict[str, str]:
    places = load("lexicon")["kinds"]["place"]
    return {word: prep for prep, words in places.items() for word in words}


def kind_of(word: str) -> str | None:
    """person, place, object, creature, sound or time; None for words the lexicon lacks."""
    return _kinds().get(word.removesuffix("'s"))


def is_place_word(word: str) -> bool:
    return word.removesuffix("'s") in _preps()


def _head_words(place: str) -> list[str]:
    """The place's own words, before what locates it: "the gas station" of "... in the desert"."""
    words = [w.removesuffix("'s").lower() for w in place.split()]
    for stop in ("on", "in", "at", "near", "behind", "off", "outside", "with", "where", "by",
                 "under", "over"):  # fmt: skip
        if stop in words[1:]:
            words = words[: words.index(stop, 1)]
    return words


def place_prep(place: str) -> str:
    """The preposition a place takes ("in the woods", "at the mall", "on the last train")."""
    words = _head_words(place)
    return _preps().get(" ".join(words[-2:])) or _preps().get(words[-1], "at")


PARTS_OF_A_PLACE = {"hallway", "corridor", "room", "elevator", "lift", "stairwell", "basement",
                    "cellar", "attic", "kitchen", "bathroom", "closet"}  # fmt: skip


@cache
def _settings() -> dict[str, str]:
    return {w: name for name, words in load("lexicon")["settings"].items() for w in words}


def setting_word(place: str) -> str | None:
    """The place's own noun among the known settings: "lodge" of "the ski lodge on the
    mountain", "hotel" of "the hotel hallway"; None for a place the lexicon does not know."""
    words = _head_words(place)
    known = [w for w in words if w in _settings()]
    if len(known) > 1 and known[-1] in PARTS_OF_A_PLACE:
        known.pop()  # "the hotel hallway" is a hotel's, "the motel room" a motel's
    return known[-1] if known else None


def setting_of(place: str) -> str:
    """home, building, outdoor, vessel, vehicle, underground or seabed: the kind of place the
    phrase's own noun names ("the ski lodge on the mountain" is a building, by "lodge")."""
    word = setting_word(place)
    return _settings()[word] if word else "building"


def is_verb(word: str) -> bool:
    lex = load("lexicon")
    if word in lex["irregular_verbs"]:
        return True
    stems = {word}
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + repl
            stems.update({stem, stem[:-1]})  # doubled consonants: "stopped" -> "stopp" -> "stop"
    return bool(stems & set(lex["verbs"])) and word not in lex["adjectives"]


def is_plural(word: str) -> bool:
    if word in _IRREGULAR_PLURALS:
        return True
    return (
        word.endswith("s")
        and not word.endswith(("ss", "us", "'s", "’s"))
        and word not in load("lexicon")["singular_s"]
    )
