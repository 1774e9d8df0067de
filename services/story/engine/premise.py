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
from services.story.engine.words import is_place_word, is_verb, place_prep, setting_of

# Things that play or ring rather than move: "the voicemail came on again".
DEVICES = {"voicemail", "call", "signal", "tape", "speaker", "monitor", "radio", "broadcast",
           "message", "phone", "recording", "lullaby", "song", "bells"}  # fmt: skip
KEEP_WHOLE = {"floor", "room", "station", "hole"}  # "the ocean floor" is not "the floor"
ADVERBS = {"never", "only", "still", "always", "just", "really", "sometimes", "often", "also"}
NOT_JOBS = {"stranger", "killer", "stalker", "caller", "visitor", "hitchhiker", "watcher",
            "hunter", "neighbor", "neighbour", "passenger", "other"}  # fmt: skip
ROLES_SKIPPED = {"family", "people", "twins", "man", "woman"}
_NAMED_PLACE = re.compile(r"\b(?:in|near|outside) ((?!the |a |an |my )[a-z]+(?: [a-z]+)?)$")
_RELATIVE = re.compile(r"^(.*?)\b(?:who|that|which)\s+(.+)$", re.IGNORECASE)
_PREPOSITION = re.compile(
    # a relative clause ends the head too: "the tent that is still warm" is "the tent"
    r"\s(?:on|in|at|with|by|of|near|behind|off|outside|where|along|under|over|that|which|who)\s"
)


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
    deed_of_place: bool = False  # "a house that breathes": the place does it, not the threat
    setting: str = "building"  # home, building, outdoor, vessel, vehicle, underground, seabed


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


# What the painter can draw for a place it has no picture of, by the kind of place, so a
# hospital ward is not drawn as a tone's farmhouse (every phrase names a drawable subject).
KIND_IMAGES: dict[str, tuple[str, ...]] = {
    "building": ("a long dark corridor", "a dim stairwell", "an empty hallway at night"),
    "outdoor": ("a forest path at night", "a dark field under the moon", "a trail into the pines"),
    "vessel": ("a mast against the night sky", "black sea waves at night", "a rusted bulkhead"),
    "vehicle": ("a dark road in the headlights", "an empty train carriage", "a lonely highway"),
    "underground": ("a tunnel into the dark", "a mine shaft", "a narrow passage under stone"),
    "seabed": ("black sea waves at night", "a lighthouse beam over the sea"),
}


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
    if any(w[:1].isupper() for w in head):
        # "Camp Whispering Pines" is "the camp", "the Starlight Motel" "the motel"
        kind = next((w.lower() for w in reversed(head) if is_place_word(w.lower())), None)
        if kind:
            return f"the {kind}"
    owned = words[0] in ("my", "our") and not any(w.endswith(("'s", "'")) for w in words[1:])
    det = words[0] if owned else "the"  # "my parents' cabin" is "the cabin", not "my cabin"
    if len(head) > 2 and is_place_word(" ".join(head[-2:])):
        return f"{det} {' '.join(head[-2:])}"  # "the rest stop", not "the stop"
    return f"{det} {head[-1].lower()}".replace("'s", "") if head else first


def _pronoun(text: str, rng: random.Random | None = None) -> str | None:
    """'she' for "a girl in a white nightgown"; a person the words leave open ("the driver")
    is given one by the seed, never "it"."""
    words = re.findall(r"[a-z]+", text.lower())
    people = load("lexicon")["kinds"]["person"]
    for word in reversed(words):  # the head: "the man in the raincoat" is "man"
        if word in people["she"] or word in ("woman", "girl", "lady"):
            return "she"
        if word in people["he"] or word in ("stranger", "killer"):
            return "he"
        if word in people["they"] and rng is not None:
            return rng.choice(["he", "she"])
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
        job = job and not is_place_word(p.head)  # "the frozen river" is no one's job
        if (p.kind == "person" or job) and p.head not in ROLES_SKIPPED:
            return _indefinite(" ".join(p.words))
    return ""


def _echo(topic: Topic, place: str, role: str) -> str:
    for p in topic.phrases:
        if p is topic.anchor or p.full == place or " ".join(p.words) in place.lower():
            continue
        if role and " ".join(p.words) in role:
            continue
        if any(is_place_word(w) for w in p.words) or (p.nested and p.kind in ("other", "sound")):
            continue
        return p.full
    return ""


def disowned(p: Premise) -> Premise:
    """The same premise framed by a report: "my house" is "her house" (the witness's, `{wp}`)
    where the report introduces it, "the house" after. The witness's statement keeps "my"
    for the topic's second thing, which only the statement tells."""

    def plain(text: str, first: bool) -> str:
        return re.sub(r"^(my|our) ", "{wp} " if first else "the ", text)

    return replace(p, threat_first=plain(p.threat_first, True),
                   threat_later=plain(p.threat_later, False),
                   place_first=plain(p.place_first, True),
                   place_later=plain(p.place_later, False))  # fmt: skip


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
    deed = m.group(2)
    first = next((w for w in deed.lower().split() if w not in ADVERBS), "")
    # "the hole that something breathes through" has its own subject: not a deed of the hole
    return deed if is_verb(first.replace("’", "'")) else ""


def _role_only(topic: Topic) -> bool:
    """ "a night porter at the hospital morgue": someone the teller is, not what haunts them."""
    head = topic.anchor.head
    job = head.endswith(("er", "or", "ist", "ian", "ant")) or head in ("nurse", "guard", "nanny")
    return (
        not topic.clause
        and topic.anchor is topic.phrases[0]
        and topic.anchor.kind == "person"
        and job
        and head not in NOT_JOBS
        and _RELATIVE.search(topic.text) is None
        and re.match(r"an? ", topic.text, re.IGNORECASE) is not None
    )


def _haunting(tone: dict, rng: random.Random) -> tuple[str, str, str, str, bool, str | None]:
    """What haunts a topic that names only a place (or a role): a figure or a sound."""
    if rng.random() < 0.6:
        fig = rng.choice(tone["figures"])
        return "creature", fig["a"], fig["the"], fig["img"], False, _pronoun(fig["a"])
    first = rng.choice(tone["sounds"])
    return "sound", first, first, "", first.endswith("s"), None


def read(topic: Topic, tone: dict, rng: random.Random) -> Premise:
    anchor = topic.anchor
    thing = _thing_at_place(topic)
    if thing is not None:
        # "a door on the ocean floor": the place is the anchor, the thing found there the threat
        anchor = thing
    role_only = _role_only(topic)
    if role_only:
        place = topic.place or ""
        kind, first, later, img, plural, pronoun = _haunting(tone, rng)
    elif anchor.kind == "place" or topic.place == anchor.full:
        # The topic is a place: the tone supplies what haunts it. A place named by another
        # ("the well behind my grandfather's farm") keeps the whole phrase on first mention.
        beside = [
            p for p in topic.phrases if p is not anchor and p.kind == "place" and not p.nested
        ]
        at = topic.text.lower().find(" ".join(anchor.words))
        place = f"{anchor.det} {topic.text[at:]}" if beside and at >= 0 else anchor.full
        kind, first, later, img, plural, pronoun = _haunting(tone, rng)
    else:
        place = topic.place or (topic.anchor.full if thing else "")
        kind, first, later = _kind(anchor), anchor.full, anchor.short
        plural = anchor.plural
        person = anchor.kind == "person" and not plural
        pronoun = _pronoun(anchor.head, rng) if person else None
        if not anchor.det:  # "pages", "twins": the story names them as "the pages"
            first, later = f"the {first}", f"the {later}"
        img = "" if kind == "sound" else _img(anchor.words)
    named = _NAMED_PLACE.search(topic.text)
    if not place and named:
        # "skinwalkers in new mexico": a proper name with no article is a region, said as one
        place = named.group(1).title()
    if place:
        place_first, prep = place, place_prep(place) if not named else "in"
        bare = " ".join(w for w in place.split() if w not in ("the", "a", "an", "my", "our"))
        setting = "outdoor" if named and place == named.group(1).title() else setting_of(place)
        unknown = KIND_IMAGES.get(setting) or tuple(p["img"] for p in tone["places"])
        place_img = _img(tuple(bare.split())) or rng.choice(unknown)
    else:
        chosen = rng.choice(tone["places"])
        place_first, prep, place_img = chosen["np"], chosen["prep"], chosen["img"]
        setting = setting_of(chosen["np"])
    role = _indefinite(" ".join(topic.anchor.words)) if role_only else _role(topic)
    deed = _deed(topic) if not thing else ""
    if deed and deed.lower() in place_first.lower():
        deed = ""  # "the tent on the mountain that was left in 1986" already says it
    echo = "" if thing else _echo(topic, place_first, role)
    if echo and echo.split()[-1] in deed.lower().split():
        echo = ""  # "the village that burns a straw man": the legend tells the straw man
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
        echo=echo,
        about_place=topic.anchor.kind == "place",
        deed=deed,
        deed_of_place=anchor.kind == "place" or topic.place == anchor.full,
        setting=setting,
    )
