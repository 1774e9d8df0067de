"""The cast of one story: who tells it, where, the one threat, the friend and the clue.

Everything is chosen once per seed and kept for the whole story, so the third scene names the
same place, the same friend and the same thing on the stairs as the first. Things that must be
set up before they are used (the threat, the friend, the clue) are `Mention`s: the first use
says what they are ("my sister Dana", "an old brass key"), later uses the short form.
"""

import random
from dataclasses import dataclass

from services.story.engine.data import load
from services.story.engine.expand import Mention, Slots
from services.story.engine.premise import Premise

# Parts of a place where something can be: indoors and out. Each names a drawable subject.
INDOOR = ("the stairs", "the window", "the back door", "the hallway", "the cellar door",
          "the closet", "the attic hatch", "the fireplace", "the old mirror",
          "the bed")  # fmt: skip
OUTDOOR = ("the tree line", "the road", "the old well", "the dead oak", "the footpath",
           "the gate", "the broken fence", "the old barn")  # fmt: skip
# How a part is painted: the painter's vocabulary names (services/visual) lead the phrase.
PART_IMG = {
    "the stairs": "a dark staircase", "the window": "a window at night",
    "the back door": "a door standing ajar", "the hallway": "a long dark hallway",
    "the cellar door": "a cellar door", "the closet": "a closet door open a crack",
    "the attic hatch": "an attic with bare rafters", "the fireplace": "a cold fireplace",
    "the old mirror": "a mirror in a dark room", "the bed": "an unmade bed in a dark room",
    "the tree line": "dark woods at the edge of a field", "the road": "an empty road at night",
    "the old well": "a stone well", "the dead oak": "a dead tree",
    "the footpath": "a forest path", "the gate": "a road through an open gate",
    "the broken fence": "a field behind a broken fence", "the old barn": "a barn",
}  # fmt: skip
OUTDOOR_WORDS = {"woods", "forest", "road", "highway", "bridge", "field", "lake", "snow",
                 "desert", "trees", "sea", "ocean", "well", "cornfield", "trail", "farm",
                 "floor", "mexico", "town", "village"}  # fmt: skip
CLUES = (("brass", "key"), ("old", "photograph"), ("folded", "letter"), ("hand-drawn", "map"),
         ("water-stained", "notebook"), ("tarnished", "ring"), ("little", "music box"),
         ("cracked", "pocket mirror"), ("child's", "shoe"), ("yellowed", "newspaper"))  # fmt: skip
SOUND_IMGS = ("a door standing ajar in the dark", "a dark staircase", "a window at night")


@dataclass(frozen=True)
class Person:
    name: str
    pronouns: tuple[str, str, str]  # she, her, her


def _indefinite(words: str) -> str:
    return f"{'an' if words[:1] in 'aeiou' else 'a'} {words}"


def _person(rng: random.Random) -> Person:
    gender = rng.choice(["she", "he"])
    pronouns = ("she", "her", "her") if gender == "she" else ("he", "him", "his")
    return Person(rng.choice(load("common")["names"][gender]), pronouns)


def _agreement(kind: str, plural: bool, pronoun: str | None) -> dict[str, str]:
    subject = "they" if plural else (pronoun or "it")
    obj, owner, itself = {
        "he": ("him", "his", "himself"),
        "she": ("her", "her", "herself"),
        "it": ("it", "its", "itself"),
        "they": ("them", "their", "themselves"),
    }[subject]
    one = subject != "they"
    return {
        "it": subject,
        "it_obj": obj,
        "itself": itself,
        "its": owner,
        "was": "was" if one else "were",
        "is": "is" if one else "are",
        "s": "s" if one else "",
        "has": "has" if one else "have",
    }


def build(premise: Premise, tone: dict, rng: random.Random) -> Slots:
    common = load("common")
    friend, witness = _person(rng), _person(rng)
    while witness.name == friend.name:
        witness = _person(rng)
    relation = rng.choice(common["relations"][friend.pronouns[0]])
    outdoor = premise.place_words & OUTDOOR_WORDS and not premise.place_words & {"house", "cabin"}
    parts = rng.sample(OUTDOOR if outdoor else INDOOR, 2)
    clue_adj, clue_noun = rng.choice(CLUES)
    clock, clock2 = rng.sample(common["clocks"], 2)
    kind = premise.kind
    threat_img = premise.threat_img or (rng.choice(SOUND_IMGS) if kind == "sound" else "")
    values = {
        **load("grammar")["kinds"][kind],
        **_agreement(kind, premise.plural, premise.pronoun),
        "place_short": premise.place_later,
        "at_place": f"{premise.prep} {{place}}",
        "to_place": "to {place}",
        "part": parts[0], "part2": parts[1],
        "part_img": PART_IMG[parts[0]], "part2_img": PART_IMG[parts[1]],
        "threat_img": threat_img or PART_IMG[parts[0]],
        "place_img": premise.place_img,
        "clue_img": f"{_indefinite(clue_adj + ' ' + clue_noun)}",
        "it_clue": "it",
        "friend_img": "a woman" if friend.pronouns[0] == "she" else "a man",
        "fs": friend.pronouns[0], "fo": friend.pronouns[1], "fp": friend.pronouns[2],
        "wp": witness.pronouns[2], "witness": witness.name,
        "town": rng.choice(common["towns"]), "month": rng.choice(common["months"]),
        "year": rng.choice(common["years"]), "clock": clock, "clock2": clock2,
        "night": rng.choice(common["nights"]), "night_n": rng.choice(["Three", "Four", "Nine"]),
        "days": f"{rng.choice(common['counts'])} days",
        "sound2": rng.choice([s for s in tone["sounds"] if s != premise.threat_later]),
        "smell": rng.choice(tone["smells"]),
        "light": tone["light"],
        "role_a": premise.role_a,
        "echo": premise.echo,
        "deed": premise.deed,
        **dict(zip(("officer", "officers"),
                   rng.choice([("deputy", "deputies"), ("officer", "officers")]), strict=True)),
        "msg_word": rng.choice(["Message", "Voicemail"]),
        "case": f"{rng.randint(11, 97)}-{rng.randint(100, 989)}",
        "threat_head": premise.threat_later.split()[-1],
    }  # fmt: skip
    mentions = {
        "threat": Mention(premise.threat_first, premise.threat_later),
        "friend": Mention(f"{relation} {friend.name}", friend.name),
        "clue": Mention(_indefinite(f"{clue_adj} {clue_noun}"), f"the {clue_noun}"),
        "place": Mention(premise.place_first, premise.place_later),
    }
    for name, m in mentions.items():  # "{threat_later}" in a line that needs it set up already
        values[f"{name}_later"] = m.later
        values[name] = m.later
    return Slots(values=values, mentions=mentions)
