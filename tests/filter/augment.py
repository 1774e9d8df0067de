"""Contrastive training sentences for the semantic head, built from templates.

Each forbidden pattern comes with benign twins that share its words: a fictional name killed
next to a real one, a child frightened next to a child abused, monsters called vermin next to
people called vermin. A linear head on sentence embeddings then learns what makes a line
unpublishable instead of which horror words it contains. Names of the tuning and held-out
splits are deliberately absent.
"""

import itertools
import random

REAL = """Barack Obama|Donald Trump|Joe Biden|Vladimir Putin|Elon Musk|Beyonce|Tom Cruise|Lady Gaga|
Volodymyr Zelensky|Narendra Modi|Xi Jinping|Mark Zuckerberg|Angela Merkel|Kanye West|Tom Hanks|
Cristiano Ronaldo|Lionel Messi|Rihanna|Brad Pitt|Leonardo DiCaprio|Nancy Pelosi|Hillary Clinton|
Boris Johnson|Pope Francis|Jennifer Lopez|Selena Gomez|Dwayne Johnson|Snoop Dogg|Bernie Sanders|
Ed Sheeran|Adele|Billie Eilish|Shakira|LeBron James|Serena Williams|Tim Cook|Warren Buffett|
Jeff Bezos|Kamala Harris|Justin Trudeau|Recep Erdogan|Jair Bolsonaro|Gordon Ramsay|PewDiePie""".replace(
    "\n", ""
).split("|")
FICTIONAL = """Sarah Miller|Tom Hadley|Ellie Crane|Marcus Webb|old Mr. Hollis|Jenny Park|Danny Voss|
Martha Greene|the Carver boy|Agnes Pike|Caleb Rourke|Nora Lindqvist|young Peter Hale|Ruth Ashby|
the night watchman|the farmer's wife|Deputy Collins|Father Brennan|Lucy Marsh|Ethan Cole""".replace(
    "\n", ""
).split("|")
FATES = """is murdered in his sleep|is stabbed to death by the masked killer|is tortured in a basement|
is burned alive|is kidnapped and killed|is shot in the head|is hanged from the old oak|
is eaten by the creature|is drowned in the lake|is beheaded by the cult|is buried alive|
is strangled by the ghost|is dragged into the woods and slaughtered|dies screaming""".replace(
    "\n", ""
).split("|")
ADULTS = "the man|the priest|the teacher|the stepfather|the neighbour|the coach|the ghost|the demon|the stranger|the uncle|the janitor|the old man".split("|")  # noqa: E501
CHILDREN = "the little girl|the young boy|the eight-year-old|the twelve-year-old girl|the toddler|the schoolgirl|the children|the fourteen-year-old|the small boy|his young niece".split("|")  # noqa: E501
ABUSE = "sexually abused|molested|raped|fondled|had sex with|undressed and touched|seduced|groped|made love to|lusted after the naked body of".split("|")  # noqa: E501
CREEPY = "followed|watched|frightened|whispered to|chased|stared at|called out to|hid from|waited for|took the hand of|carried|warned".split("|")  # noqa: E501
METHODS = """take every pill in the bottle|cut your wrists|hang yourself from the beam|jump off the bridge|
stop eating until you disappear|end your life tonight|kill yourself|cut deeper into your arm|
drink the bleach|step in front of the train|breathe the gas until you sleep forever""".replace(
    "\n", ""
).split("|")
SAFE_ORDERS = """open the door|run into the woods|never look back|hide under the bed|turn off the lights|
keep the candle burning|lock the cellar|say its name three times|stay out of the water|
leave the house before midnight|follow the lantern""".replace("\n", "").split("|")
VOICES = "the voice said|the ghost whispered|the mirror told her|the doll said|the letter said|the spirits urged him".split("|")  # noqa: E501
GROUPS = "jews|muslims|black people|immigrants|gay people|trans people|mexicans|gypsies|asians|women|the disabled|arabs|refugees|catholics".split("|")  # noqa: E501
MONSTERS = "the ghouls|the vampires|the zombies|the wendigos|the demons|the rats|the skinwalkers|the cultists|the crawlers|the things in the mine".split("|")  # noqa: E501
HATRED = "are vermin that must be exterminated|are not human|deserve to die|are filthy animals|should be burned|must be driven out of town|are a disease|should be wiped out".split("|")  # noqa: E501
NEUTRAL = "heard the knocking too|lived at the end of the road|lit candles as the storm began|fled the burning village|hid in the cellar|saw the lights over the lake".split("|")  # noqa: E501
PARTS = "intestines|eyes|skin|fingers|tongue|jaw|ribs|spine|scalp|kneecaps".split("|")
MUTILATE = "ripped out his {p} while he screamed|slowly peeled away her {p}|pulled out the {p} with pliers|sawed through the victim's {p} while she was awake|chewed on his {p} as he watched".split("|")  # noqa: E501
MODERATE = "stabbed him once and ran|left a bloody handprint on the door|found the body in the snow|cut his hand on the glass|struck her and she fell|dragged the body to the lake".split("|")  # noqa: E501


def forbidden() -> dict[str, list[str]]:
    pick = random.Random(7)
    minors = [f"{a} {x} {c}" for a, x, c in itertools.product(ADULTS, ABUSE, CHILDREN)]
    harm = [f"{m}, {v}" for m, v in itertools.product(METHODS, VOICES)]
    harm += [f"here is how to {m} without pain" for m in METHODS]
    return {
        "real-person": [f"{n} {f}" for n, f in itertools.product(REAL, FATES)],
        "minors": pick.sample(minors, 160),
        "self-harm-instructions": harm,
        "hate": [f"{g} {h}" for g, h in itertools.product(GROUPS, HATRED)],
        "gore": [f"the killer {m.format(p=p)}" for m, p in itertools.product(MUTILATE, PARTS)],
    }


def benign() -> list[str]:
    pick = random.Random(8)
    out = [f"{n} {f}" for n, f in itertools.product(FICTIONAL, FATES)]
    creepy = [f"{a} {x} {c}" for a, x, c in itertools.product(ADULTS, CREEPY, CHILDREN)]
    out += pick.sample(creepy, 300)
    out += [f"{o}, {v}" for o, v in itertools.product(SAFE_ORDERS, VOICES)]
    out += [f"{m} {h}" for m, h in itertools.product(MONSTERS, HATRED)]
    out += [f"the {g.removeprefix('the ')} {n}" for g, n in itertools.product(GROUPS, NEUTRAL)]
    out += [f"the killer {m}" for m in MODERATE]
    out += [f"{n}'s ghost is said to walk the halls at night" for n in REAL]
    return out
