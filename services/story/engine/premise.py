"""What a story is about, re-expressed from its topic: the threat, the place, the teller's role.

The topic is read into phrases (topic.py) and never quoted whole: "a lighthouse keeper hears
knocking from below" becomes a narrator who works as a lighthouse keeper, the lighthouse, and
"the knocking". When the topic names only a place ("the abandoned mall at 3am"), the threat
comes from the tone (a figure or a sound) and the topic's place is where it lives.
"""

import random
import re
from dataclasses import dataclass, replace
from functools import cache

from services.story.engine.data import load
from services.story.engine.topic import Phrase, Topic
from services.story.engine.words import is_place_word, place_prep

# Things that play or ring rather than move: "the voicemail came on again".
DEVICES = {"voicemail", "call", "signal", "tape", "speaker", "monitor", "radio", "broadcast",
           "message", "phone", "recording", "lullaby", "song", "bells"}  # fmt: skip
KEEP_WHOLE = {"floor", "room", "station", "hole"}  # "the ocean floor" is not "the floor"
ROLES_SKIPPED = {"family", "people", "twins", "man", "woman"}
_NAMED_PLACE = re.compile(r"\b(?:in|near|outside) ((?!the |a |an |my )[a-z]+(?: [a-z]+)?)$")
_RELATIVE = re.compile(r"^(.*?)\b(?:who|that|which)\s+(.+)$", re.IGNORECASE)
_PREPOSITION = re.compile(r"\s(?:on|in|at|with|by|of|near|behind)\s")


@dataclass(frozen=True)
class Premise:
    kind: str  # sound, device, object or creature: which verbs the threat takes
    threat_first: str  # "the knocking", "a girl in a white nightgown"
    threat_later: str  # "the knocking", "the girl"
    plural: bool
    pronoun: str | None  # "she"/"he" for a person, else None (it/they by number)
    threat_img: str  # a drawable phrase, or "" to paint the place's part instead
    place_first: str
    place_later: str
    prep: str
    place_img: str
    place_words: frozenset[str]
    role_a: str  # "a lighthouse keeper", or ""
    echo: str  # a second thing the topic names ("my dead brother"), or ""
    deed: str = ""  # what the topic says it does ("knocks on car windows"), told as a legend
    about_place: bool = False  # the topic is a place ("the abandoned mall"): title it by that


@cache
def _drawable() -> tuple[str, ...]:
    words: list[str] = load("drawable")["words"]
    return tuple(sorted(words, key=len, reverse=True))


def drawable_in(text: str) -> str | None:
    """The longest painter word in text ("music box" in "grandmother's music box")."""
    for word in _drawable():
        if re.search(rf"(?<![\w']){re.escape(word)}(?:s|es)?(?![\w'])", text):
            return word
    return None


def _indefinite(words: str) -> str:
    if words.endswith("s") and not words.endswith("ss"):
        return words
    return f"{'an' if words[:1] in 'aeiou' else 'a'} {words}"


def _img(words: tuple[str, ...]) -> str:
    """'a haunted doll' for ("haunted", "doll"): the drawable word with the adjectives before
    it, possessives dropped so the painter reads its subject first."""
    text = " ".join(w for w in words if not w.endswith(("'s", "’s")))
    found = drawable_in(text)
    if not found:
        return ""
    head = text[: text.index(found) + len(found)]
    return _indefinite(head)


def _short(first: str) -> str:
    """'the old house on Larch Street' → 'the house'; 'my house' stays 'my house'."""
    words = first.split()
    if len(words) <= 2 or words[-1] in KEEP_WHOLE:
        return first
    head = _PREPOSITION.split(f" {first} ")[0].split()
    owned = words[0] in ("my", "our") and not any(w.endswith(("'s", "'")) for w in words[1:])
    det = words[0] if owned else "the"  # "my parents' cabin" is "the cabin", not "my cabin"
    return f"{det} {head[-1].lower()}".replace("'s", "") if head else first


def _pronoun(text: str) -> str | None:
    words = set(re.findall(r"[a-z]+", text.lower()))
    if words & {"woman", "girl", "bride", "mother", "lady", "sister", "daughter", "wife"}:
        return "she"
    if words & {"man", "boy", "brother", "father", "son", "husband", "stranger", "killer"}:
        return "he"
    return None


def _kind(anchor: Phrase) -> str:
    if anchor.head in DEVICES or anchor.words[-1] in DEVICES:
        return "device"
    if anchor.kind == "sound":
        return "sound"
    if anchor.kind in ("creature", "person"):
        return "creature"
    return "object"


def _role(topic: Topic) -> str:
    for p in topic.phrases:
        if p is topic.anchor or p.after_verb or p.nested or p.plural or p.det not in ("the", ""):
            continue
        job = p.head.endswith(("er", "or")) and not drawable_in(p.head)  # a counselor, a keeper
        if (p.kind == "person" or job) and p.head not in ROLES_SKIPPED:
            return _indefinite(" ".join(p.words))
    return ""


def _echo(topic: Topic, place: str, role: str) -> str:
    for p in topic.phrases:
        if p is topic.anchor or p.full == place or p.head.isdigit():
            continue
        if role and " ".join(p.words) in role:
            continue
        if any(is_place_word(w) for w in p.words) or (p.nested and p.kind in ("other", "sound")):
            continue
        return p.full
    return ""


def disowned(p: Premise) -> Premise:
    """The same premise told by someone else (a police report): "my house" is "the house"."""

    def plain(text: str, first: bool) -> str:
        return re.sub(r"^(my|our) ", "the witness's " if first else "the ", text)

    return replace(p, threat_first=plain(p.threat_first, True),
                   threat_later=plain(p.threat_later, False),
                   place_first=plain(p.place_first, True), place_later=plain(p.place_later, False),
                   echo=plain(p.echo, True))  # fmt: skip


def _thing_at_place(topic: Topic) -> Phrase | None:
    if topic.anchor.kind != "place":
        return None
    return next(
        (p for p in topic.phrases[1:] if not p.nested and p.kind in ("object", "other")
         and not p.plural and drawable_in(" ".join(p.words))),
        None,
    )  # fmt: skip


def _deed(topic: Topic) -> str:
    """'moves' in 'a scarecrow that moves': the relative clause after the topic's anchor."""
    m = _RELATIVE.search(topic.text)
    if not m or topic.anchor.head not in m.group(1).lower().replace("’", "'"):
        return ""
    return m.group(2)


def read(topic: Topic, tone: dict, rng: random.Random) -> Premise:
    anchor = topic.anchor
    thing = _thing_at_place(topic)
    if thing is not None:
        # "a door on the ocean floor": the place is the anchor, the thing found there the threat
        anchor = thing
    if anchor.kind == "place" or topic.place == anchor.full:
        # The topic is a place: the tone supplies what haunts it. A place named by another
        # ("the well behind my grandfather's farm") keeps the whole phrase on first mention.
        beside = [
            p for p in topic.phrases if p is not anchor and p.kind == "place" and not p.nested
        ]
        at = topic.text.lower().find(" ".join(anchor.words))
        place = f"{anchor.det} {topic.text[at:]}" if beside and at >= 0 else anchor.full
        if rng.random() < 0.6:
            fig = rng.choice(tone["figures"])
            kind, first, later, img = "creature", fig["a"], fig["the"], fig["img"]
            plural, pronoun = False, _pronoun(fig["a"])
        else:
            kind, first = "sound", rng.choice(tone["sounds"])
            later, img, plural, pronoun = first, "", first.endswith("s"), None
    else:
        place = topic.place or (topic.anchor.full if thing else "")
        kind, first, later = _kind(anchor), anchor.full, anchor.short
        plural = anchor.plural
        pronoun = _pronoun(" ".join(anchor.words)) if kind == "creature" else None
        img = "" if kind == "sound" else _img(anchor.words)
    named = _NAMED_PLACE.search(topic.text)
    if not place and named:
        # "skinwalkers in new mexico": a proper name with no article is a region, said as one
        place = named.group(1).title()
    if place:
        place_first, prep = place, place_prep(place) if not named else "in"
        bare = " ".join(w for w in place.split() if w not in ("the", "a", "an", "my", "our"))
        place_img = _img(tuple(bare.split())) or rng.choice(tone["places"])["img"]
    else:
        chosen = rng.choice(tone["places"])
        place_first, prep, place_img = chosen["np"], chosen["prep"], chosen["img"]
    role = _role(topic)
    return Premise(
        kind=kind,
        threat_first=first,
        threat_later=later,
        plural=plural,
        pronoun=pronoun,
        threat_img=img,
        place_first=place_first,
        place_later=_short(place_first),
        prep=prep,
        place_img=place_img,
        place_words=frozenset(re.findall(r"[a-z]+", place_first.lower())),
        role_a=role,
        echo="" if thing else _echo(topic, place_first, role),
        about_place=topic.anchor.kind == "place",
        deed=_deed(topic) if not thing else "",
    )
