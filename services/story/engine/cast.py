"""The cast of one story: every slot value a template can ask for, chosen once per seed.

Fixing the setting, the friend, the sound and the hour up front is what keeps a story
coherent: the third scene mentions the same street and the same name as the first.
"""

import random
from dataclasses import dataclass, field

from services.story.engine.data import load
from services.story.engine.topic import Topic
from services.story.engine.words import agreement, is_place_word, place_prep

# Details a story uses several times each get a fresh value per use, never a repeat.
POOLED = ("sight", "smell", "feeling", "object")


@dataclass
class Cast:
    slots: dict[str, str]
    pools: dict[str, list[str]] = field(default_factory=dict)
    # Characters already introduced and plot threads already opened ("camera" -> footage).
    known: set[str] = field(default_factory=set)
    place_uses: tuple[str, ...] = ("stay", "work", "visit")  # what a setup line may say
    second_person: bool = False

    def peek(self, name: str) -> str:
        pool = self.pools.get(name) or []
        return pool[-1] if pool else ""

    def commit(self, names: set[str]) -> None:
        """Use up the pooled details a chosen line mentioned so the next line gets new ones."""
        for name in names:
            pool = self.pools.get(name)
            if pool and len(pool) > 1:
                pool.pop()


def _premise(topic: Topic) -> str:
    if topic.clause or topic.personal:
        return topic.text
    first = topic.text.split()[0].lower()
    # "voicemail from my dead brother" reads as a fragment; give it the article it lacks.
    if first in ("a", "an", "the", "this", "that") or first in load("lexicon")["possessives"]:
        return topic.text
    return f"the {topic.text}"


def _first_mention(topic: Topic) -> str:
    """A noun-phrase topic is named whole the first time: "the abandoned mall at 3am"."""
    if topic.clause or topic.anchor != topic.phrases[0]:
        return topic.anchor.full
    words = _premise(topic).split()
    if words[0].lower() in ("a", "an"):
        words[0] = "the"
    return " ".join(words)


def _indefinite(words: str) -> str:
    if words.endswith("s") and not words.endswith("ss"):
        return words
    return f"{'an' if words[:1] in 'aeiou' else 'a'} {words}"


def _topic_place(place: str) -> dict[str, str]:
    words = place.split()
    bare = " ".join(words[1:]) if words[0] in ("the", "a", "an", "my", "your", "our") else place
    return {"np": place, "prep": place_prep(place), "img": _indefinite(bare)}


def build(topic: Topic, tone: dict, rng: random.Random, *, second_person: bool = False) -> Cast:
    common = load("common")
    gender = rng.choice(["she", "he"])
    place = _topic_place(topic.place) if topic.place else rng.choice(tone["places"])
    figure = rng.choice(tone["figures"])
    sound = next((p.full for p in topic.phrases if p.kind == "sound"), None)
    person = next((p.full for p in topic.phrases if p.kind == "person"), None)
    anchor = topic.anchor
    # A second thing the topic names ("a straw man") gets woven in too, when there is one.
    echo = next(
        (
            p
            for p in topic.phrases
            if p != anchor
            and (not p.nested or len(p.words) > 1 or p.kind in ("object", "creature"))
            and p.kind in ("object", "creature", "other", "person")
            and not p.head.isdigit()
            and not any(is_place_word(w) for w in p.words)
        ),
        None,
    )
    thing = " ".join(anchor.words)
    slots = {
        "anchor": _first_mention(topic),
        "short": anchor.short,
        "thing": thing,
        "thing_img": place["img"] if anchor.kind == "sound" else _indefinite(thing),
        "premise": _premise(topic),
        "kind": anchor.kind,
        "place": place["np"],
        "at_place": f"{place['prep']} {place['np']}",
        "place_img": place["img"],
        "sound": sound or rng.choice(tone["sounds"]),
        "figure": figure["a"],
        "the_figure": figure["the"],
        "figure_img": figure["img"],
        "person": person or rng.choice(tone["persons"]),
        "name": rng.choice(common["names"][gender]),
        "rel": rng.choice(common["relations"][gender]),
        "town": rng.choice(common["towns"]),
        "month": rng.choice(common["months"]),
        "year": rng.choice(common["years"]),
        "clock": rng.choice(common["clocks"]),
        "night": rng.choice(common["nights"]),
        "time": rng.choice(common["times"]),
        "days": f"{rng.choice(common['counts'])} days",
        "light": tone["light"],
        "echo": echo.full if echo else "",
        "echo_img": _indefinite(" ".join(echo.words)) if echo else "",
        **agreement(anchor.kind, anchor.head, anchor.plural, rng),
    }
    pools: dict[str, list[str]] = {}
    for name in POOLED:
        values = list(tone[f"{name}s"])
        rng.shuffle(values)
        pools[name] = values
    uses = tuple(place.get("uses", ("stay", "work", "visit")))
    return Cast(
        slots=slots,
        pools=pools,
        known={"echo"} if echo else set(),
        place_uses=uses,
        second_person=second_person,
    )
