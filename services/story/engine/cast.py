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
from services.story.engine.words import kind_of, setting_word

# Parts of a place where something can be, by the kind of place (words.setting_of): a ship
# has no fireplace and a forest no attic hatch. Each is painted with a phrase that leads with
# a word from the painter's vocabulary (services/visual).
PARTS: dict[str, dict[str, str]] = {
    "home": {
        "the stairs": "a dark staircase", "the window": "a window at night",
        "the back door": "a door standing ajar", "the hallway": "a long dark hallway",
        "the cellar door": "a cellar door", "the closet": "a closet door open a crack",
        "the attic hatch": "an attic with bare rafters", "the fireplace": "a cold fireplace",
        "the old mirror": "a mirror in a dark room", "the bed": "an unmade bed in a dark room",
    },
    "building": {
        "the stairwell": "a stairwell lit by one bulb", "the back door": "a door standing ajar",
        "the hallway": "a long dark hallway", "the service elevator": "elevator doors half open",
        "the security desk": "a security desk under a flickering light",
        "the window": "a window at night", "the basement door": "a basement door",
    },
    "outdoor": {
        "the tree line": "dark woods at the edge of a field", "the road": "an empty road at night",
        "the old well": "a stone well", "the dead oak": "a dead tree",
        "the footpath": "a forest path", "the gate": "a road through an open gate",
        "the broken fence": "a field behind a broken fence", "the old barn": "a barn",
    },
    "vessel": {
        "the hatch": "a hatch in a steel deck", "the bulkhead door": "a bulkhead door",
        "the narrow corridor": "a narrow corridor with pipes", "the stairs": "a dark staircase",
        "the mast": "a mast against the night sky",
    },
    "vehicle": {
        "the window": "a window at night", "the back row": "an empty chair in a dark carriage",
        "the door at the back": "a door standing ajar", "the aisle": "a corridor of empty seats",
    },
    "underground": {
        "the tunnel mouth": "a tunnel entrance", "the ladder": "a mine shaft",
        "the old tracks": "tracks in a tunnel", "the side passage": "a narrow passage",
    },
    "seabed": {
        "the wreck": "a mast of a sunken ship", "the trench": "a dark ocean trench",
        "the anchor line": "a rope rising through the dark sea",
    },
}  # fmt: skip
# Some buildings have parts of their own: a lighthouse has a lamp room and no security desk,
# and a story set in one should not find its clue by one. Keyed by the place's own noun
# (words.setting_word); other buildings keep PARTS["building"].
_OWN_PARTS: list[tuple[tuple[str, ...], dict[str, str]]] = [
    (("lighthouse",), {
        "the lamp room": "an oil lamp in a dark round room", "the stairs": "a dark staircase",
        "the window": "a window at night", "the door at the bottom": "a door standing ajar",
        "the old radio": "a radio in a dark room",
    }),
    (("hospital", "ward", "clinic", "sanatorium", "asylum"), {
        "the gurney": "a gurney in a dark corridor", "the hallway": "a long dark hallway",
        "the operating table": "an operating table under one lamp",
        "the stairwell": "a stairwell lit by one bulb", "the last bed": "a bed in a dark ward",
        "the service elevator": "elevator doors half open",
    }),
    (("morgue",), {
        "the stretcher": "a stretcher under a white sheet", "the hallway": "a long dark hallway",
        "the operating table": "an operating table under one lamp",
        "the service elevator": "elevator doors half open",
        "the cold room door": "a door standing ajar",
    }),
    (("church", "chapel"), {
        "the bell tower": "a bell tower against the night sky", "the stairs": "a dark staircase",
        "the candles": "candles guttering in the dark", "the window": "a window at night",
        "the church door": "a church door left open",
    }),
    (("school", "daycare", "orphanage"), {
        "the stairwell": "a stairwell lit by one bulb", "the hallway": "a long dark hallway",
        "the playground": "a playground at night", "the window": "a window at night",
        "the back door": "a door standing ajar",
    }),
    (("hotel", "motel", "inn", "lodge"), {
        "the guest book": "a guest book open on a counter", "the hallway": "a motel hallway",
        "the elevator": "elevator doors half open", "the pay phone": "a pay phone in the lobby",
        "the room at the end": "a door standing ajar",
    }),
    (("mall", "store", "shop", "supermarket"), {
        "the escalator": "an escalator in the dark", "the back door": "a door standing ajar",
        "the mannequins": "mannequins behind a shop window",
        "the security desk": "a security desk under a flickering light",
        "the service elevator": "elevator doors half open",
    }),
    (("library", "museum"), {
        "the stacks": "books on shelves in the dark",
        "the stairwell": "a stairwell lit by one bulb",
        "the security desk": "a security desk under a flickering light",
        "the back door": "a door standing ajar", "the window": "a window at night",
    }),
]  # fmt: skip
OWN_PARTS = {noun: parts for nouns, parts in _OWN_PARTS for noun in nouns}
CAMERA_IMG = "a video camera on a tripod in the dark"
PHOTO_IMG = "an old photograph on a table"
PLURAL_PARTS = {"the stairs", "the old tracks", "the candles", "the mannequins", "the stacks"}
# How the teller comes to a place and leaves it, and why; where prints are found.
GOING: dict[str, tuple[str, str, str, str]] = {
    "home": ("(moved into|rented) {place}", "(moved out of|left) {place}",
             "(the rent was cheap|I needed the quiet|it was all I could afford)",
             "(in the dust|on the floor)"),
    "building": ("(started work|took the night shift) {at_place}", "(quit|walked out of) {place}",
                 "(the pay was good|nobody else would take the job|I needed the money)",
                 "(in the dust|on the floor)"),
    "outdoor": ("(went out to|made my way out to) {place}", "(left|got away from) {place}",
                "(I needed the quiet|I wanted to be alone|nobody else would go)",
                "(in the mud|in the dirt)"),
    "vessel": ("(went aboard|signed on to) {place}", "(got off|left) {place}",
               "(the pay was good|nobody else would take the job|I needed the money)",
               "(on the deck|on the floor)"),
    "vehicle": ("(took the late shift|started working nights) on {place}",
                "(got off|gave up) {place}",
                "(the pay was good|nobody else would take the job|I needed the money)",
                "(on the floor|in the grime on the floor)"),
    "underground": ("(went down into|started work in) {place}", "(climbed out of|left) {place}",
                    "(the pay was good|nobody else would take the job|I needed the money)",
                    "(in the dust|in the mud)"),
    "seabed": ("(went down to|dived to) {place}", "(surfaced from|gave up) {place}",
               "(the pay was good|nobody else would take the job|I needed the money)",
               "(in the silt|in the sand)"),
}  # fmt: skip
CLUES = (("brass", "key"), ("old", "photograph"), ("folded", "letter"), ("hand-drawn", "map"),
         ("water-stained", "notebook"), ("tarnished", "ring"), ("little", "music box"),
         ("cracked", "pocket mirror"), ("child's", "shoe"), ("yellowed", "newspaper"))  # fmt: skip


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
        "wasnt": "wasn't" if one else "weren't",
        "does": "does" if one else "do",
        "head": "head" if one else "heads",
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
    threat = premise.threat_later.split()[-1]  # a mirror that haunts is not also the part
    own = OWN_PARTS.get(setting_word(premise.place_first) or "")
    pool = own or PARTS[premise.setting]
    # whole words: a threat read as "he" must not rule out every part that contains "the"
    fits = [p for p in pool if threat not in p.split()]
    fits = fits if len(fits) >= 2 else list(pool)
    parts = rng.sample(sorted(fits), 2)
    if own and fits[0] not in parts:
        # a place of its own shows its first part (the lighthouse's lamp room, the morgue's
        # stretcher): without it a morgue was told in hallways and doors
        parts[rng.randrange(2)] = fits[0]
    going, leaving, why, ground = GOING[premise.setting]
    said = f"{premise.threat_first} {premise.place_first} {premise.deed} {premise.echo}".lower()
    # a clue is something new: not "a hand-drawn map" in a story about a cabin off the map
    clue_adj, clue_noun = rng.choice([c for c in CLUES if c[1] not in said])
    clock, clock2 = rng.sample(common["clocks"], 2)
    kind = premise.kind
    # a sound is drawn where it comes from: the part the story says it comes from
    threat_img = premise.threat_img
    values = {
        **load("grammar")["kinds"][kind],
        **_agreement(kind, premise.plural, premise.pronoun),
        "place_short": premise.place_later,
        "at_place": f"{premise.prep} {{place}}",
        "to_place": "to {place}",
        "part": parts[0], "part2": parts[1],
        "part_it": "them" if parts[0] in PLURAL_PARTS else "it",
        "part2_it": "them" if parts[1] in PLURAL_PARTS else "it",
        "setting": premise.setting, "kind": kind,
        "go_to": going, "leave": leaving, "why": why, "ground": ground,
        "deed_subject": "{place}" if premise.deed_of_place else "{threat}",
        "part_img": pool[parts[0]], "part2_img": pool[parts[1]],
        # what a line about a recording or an old photograph shows, rather than the place
        "camera_img": CAMERA_IMG, "photo_img": PHOTO_IMG,  # no draw: seeds keep their stories
        "threat_img": threat_img or pool[parts[0]],
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
        # heard inside a sound: "my dead brother", never "the hull" or "the closed food court"
        "echo_voice": premise.echo if kind_of(premise.echo.split()[-1] if premise.echo else "")
        == "person" else "",
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
