"""Mechanical slips in a told story, found by rules a reader would defend.

Each rule reads the finished narration only (not the writer's slots), so a fix in the grammar
cannot hide a slip from it: doubled or missing words, "it" for a person, a preposition that
does not fit its noun, a part of a house on a ship, a name before its introduction. A rule
returns `Slip`s with the sentence it read; `slips(text)` runs them all.

The lists below are the checker's own, deliberately not the writer's lexicon: the same wrong
list in both would agree with itself.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from services.story.engine.cast import CLUES
from services.story.engine.data import load


@dataclass(frozen=True)
class Slip:
    rule: str
    sentence: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.sentence}"


ARTICLES = r"(?:a|an|the)"
PREPOSITIONS = ("at", "in", "on", "by", "of", "to", "from", "near", "with", "into", "under")
PRONOUNS = ("it", "itself", "he", "she", "they", "them", "him", "her", "himself", "herself")
# Nouns for people whose sex the word does not give; with the gendered ones, never "it".
PEOPLE = {
    "man", "woman", "boy", "girl", "child", "kid", "baby", "father", "mother", "brother",
    "sister", "son", "daughter", "husband", "wife", "uncle", "aunt", "grandmother",
    "grandfather", "bride", "groom", "priest", "nun", "widow", "stranger", "driver",
    "hitchhiker", "nurse", "doctor", "teacher", "student", "guest", "patient", "guard",
    "keeper", "sailor", "swimmer", "diver", "climber", "porter", "clerk", "janitor", "nanny",
    "babysitter", "trucker", "farmer", "ranger", "lifeguard", "caller", "neighbor",
    "neighbour", "roommate", "coworker", "cousin", "friend", "killer", "clown", "passenger",
    "hiker", "camper", "astronaut", "miner", "photographer", "zookeeper", "counselor",
    "witness", "officer", "deputy", "person", "visitor", "tenant", "landlord", "caretaker",
}  # fmt: skip
# Things said of a noun that does not fit how that noun exists in space.
CLASHES: dict[str, tuple[str, ...]] = {
    # a line or a surface has no inside, no foot and no top
    "footpath": ("out of", "under", "behind", "at the foot of", "inside", "top of"),
    "road": ("out of", "under", "behind", "at the foot of", "inside", "top of", "moved out of"),
    "tree line": ("out of", "under", "at the foot of", "inside", "top of"),
    "hallway": ("under", "behind", "at the foot of", "top of"),
    "window": ("at the foot of", "top of"),
    "back door": ("at the foot of", "top of"),
    "closet": ("at the foot of", "under", "top of"),
    "fireplace": ("at the foot of", "top of"),
    "attic hatch": ("at the foot of",),
    "old mirror": ("top of", "at the foot of"),
    "gate": ("out of", "at the foot of", "top of"),
    "broken fence": ("out of", "at the foot of", "top of"),
    "old barn": ("at the foot of", "top of"),
    # one leaves these; one moves out of a home only
    "mountain": ("moved out of", "move out of", "drove away from", "out of the mountain"),
    "forest": ("moved out of", "move out of"),
    "woods": ("moved out of", "move out of"),
    "lake": ("moved out of", "move out of"),
    "island": ("moved out of", "move out of", "drove away from", "drove out to", "drove up to"),
    "train": ("moved out of", "move out of", "drove out to", "drove up to", "drove away from"),
    "ship": ("moved out of", "move out of", "drove out to", "drove up to", "drove away from"),
    "ferry": ("moved out of", "move out of", "drove out to", "drove up to", "drove away from"),
    "bus": ("moved out of", "move out of", "drove out to", "drove up to"),
    "submarine": ("moved out of", "drove out to", "drove up to", "drove away from"),
    "ocean floor": ("moved out of", "drove out to", "drove up to", "drove away from"),
    "mall": ("moved out of", "move out of"),
    "school": ("moved out of", "move out of"),
    "hospital": ("moved out of", "move out of"),
    "ward": ("moved out of", "move out of"),
    "lighthouse": ("moved out of", "move out of"),
    "cave": ("moved out of", "move out of"),
    "mine": ("moved out of", "move out of"),
    "library": ("moved out of", "move out of"),
    "museum": ("moved out of", "move out of"),
    "cemetery": ("moved out of", "move out of"),
    "subway": ("moved out of", "move out of", "drove out to", "drove up to"),
}  # fmt: skip
# A setting, found by the noun the story names most, and the things it does not contain.
HOUSE_ONLY = ("the fireplace", "the attic hatch", "the cellar door")
OUT_ONLY = ("the tree line", "the dead oak", "the old well", "the broken fence",
            "the old barn", "the footpath")  # fmt: skip
SETTINGS: dict[str, tuple[str, ...]] = {
    **{w: () for w in ("house", "apartment", "cabin", "farmhouse", "attic", "inn", "lodge",
                       "room", "basement", "bedroom")},
    **{w: (*HOUSE_ONLY, "the closet", "the hallway", "the bed", "the old mirror")
       for w in ("mountain", "forest", "woods", "lake", "field", "cornfield", "orchard",
                 "highway", "desert", "trail", "ocean floor", "island", "farm", "quarry",
                 "cemetery", "beach")},
    **{w: (*HOUSE_ONLY, *OUT_ONLY)
       for w in ("train", "bus", "ship", "ferry", "submarine", "subway", "plane",
                 "space station", "cave", "mine", "tunnel")},
    **{w: (*OUT_ONLY, "the fireplace", "the attic hatch")
       for w in ("mall", "hospital", "ward", "school", "library", "museum", "morgue",
                 "warehouse", "office", "station", "motel", "hotel")},
}  # fmt: skip
_BUILDINGS = r"(?:house|cabin|lodge|road|pass|station|tower|guard|driver|keeper|diver)"
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"”]?|$)")
_LABEL = re.compile(
    r"^(?:(?:Day \w+|Last entry|Final entry|First entry[^:]*|One|Two|Three|Four|Five|Six|"
    r"Seven|Eight|Nine|Ten|Eleven|Twelve|Later|(?:Message|Voicemail) \w+[^:]*|"
    r"(?:Officer|Deputy)'s note)): "
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|[,;:]")
WORN = {"raincoat", "coat", "dress", "nightgown", "mask", "hook", "hood", "veil", "uniform"}
AUX = {"is", "are", "was", "were", "has", "have", "had", "do", "does", "did", "will",
       "would", "can", "could", "won't", "can't", "don't", "didn't", "isn't", "wasn't",
       "hasn't", "haven't", "hadn't", "wouldn't", "couldn't", "it's", "i'm", "i've",
       "you've", "you're", "there's", "what's", "that's", "say", "says", "said", "know",
       "keep", "tell", "hear", "see", "find", "get", "go", "look", "answer", "follow",
       "open", "touch", "please", "ends", "stops", "stop", "remains", "chose", "held", "set",
       "put", "kept", "let", "lay", "cut", "made", "make", "makes", "gave"}  # fmt: skip


def sentences(text: str) -> list[str]:
    """The story's sentences, each without a form's label ("Day two: ", "Five: ")."""
    out = []
    for raw in _SENTENCE.findall(text):
        s = raw.strip()
        while (m := _LABEL.match(s)) is not None:
            s = s[m.end() :]
        if s:
            out.append(s)
    return out


@cache
def _verbs() -> frozenset[str]:
    lex = load("lexicon")
    return frozenset(lex["irregular_verbs"]) | frozenset(lex["verbs"]) | AUX


def _has_verb(sentence: str, verbs: frozenset[str]) -> bool:
    """A finite verb: "knocking" alone is not one ("The knocking at the end of the hall.")."""
    return any(
        (_is_verb(w, verbs) and not w.endswith("ing")) or w.endswith(("ed", "n't"))
        for w in _WORD.findall(sentence.lower())
    )


def article_slips(s: str) -> Iterator[str]:
    """'a the', 'the the', 'as at' (a role noun gone missing), 'the itself', 'a apple'."""
    low = s.lower()
    preps = "|".join(PREPOSITIONS)
    if re.search(rf"\b{ARTICLES} {ARTICLES}\b", low):
        yield "doubled article"
    if re.search(rf"\bas (?:{preps})\b", low):
        yield "missing noun after 'as'"
    if re.search(rf"\b{ARTICLES} (?:{preps}|and|but|{'|'.join(PRONOUNS)}|\d+)\b", low):
        yield "article without a noun"
    if re.search(r"\ba [aeio]\w", low) or re.search(r"\ban (?![aeiou]|hour|honest)\w", low):
        yield "a/an before the wrong sound"
    if re.search(r"\b(?:it took|it needed) (?:one|two|three|four|five|six|seven|eight|nine|"
                 r"ten|eleven|twelve|thirteen|\w+ days)", low):  # fmt: skip
        yield "missing object ('it took me')"


DETERMINERS = ("the", "my", "your", "a", "an", "his", "her", "their", "our")


def _is_verb(word: str, verbs: frozenset[str]) -> bool:
    if word in verbs:
        return True
    for cut in ("s", "es", "ing", "ed", "d"):
        stem = word.removesuffix(cut)
        if stem != word and len(stem) > 2 and {stem, stem + "e", stem[:-1]} & verbs:
            return True
    return False


def _plural(noun: str) -> bool:
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and noun != "stairs"


def pronoun_slips(s: str) -> Iterator[str]:
    """A person noun taken up by 'it/its/itself'; a plural by 'itself/its'; 'someone ... it'.

    The antecedent is the head of the nearest noun phrase before the pronoun ("the man in the
    raincoat" keeps "man"); "myself it was just" and "put it down" point at no noun."""
    verbs, stop = _verbs(), set(load("lexicon")["stopwords"])
    words = _TOKEN.findall(s.lower())
    head: str | None = None
    run: list[str] | None = None
    keeper: str | None = None
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        subject = w != "it" or prev in (",", ";", "and", "but", "now", "then", "so", "when")
        if w in ("it", "its", "itself") and subject:
            if run:
                head = run[-1]
            if head in PEOPLE:
                yield f"'{w}' for a person ({head})"
            elif w != "it" and head is not None and _plural(head):
                yield f"'{w}' for a plural ({head})"
        if w in ("someone", "somebody"):
            head, run, keeper = "person", None, None
        elif w in DETERMINERS:
            if run:
                head = run[-1]
            run = []
            if prev in ("in", "with", "wearing") and head in PEOPLE:
                keeper = head  # "the man in the raincoat" is still the man
        elif run is not None and keeper and w in WORN:
            head, run, keeper = keeper, None, None
        elif run is not None:
            if w in ",;:" or (run and (w in stop or w in PREPOSITIONS or _is_verb(w, verbs))):
                head, run = (run[-1] if run else head), None
            else:
                run.append(w)


def someone_it(s: str) -> Iterator[str]:
    if re.search(r"\bsomeone\b[^.;:]*\band it (?:has|wears|is)\b", s, re.IGNORECASE):
        yield "'it' for a person (someone)"


def slot_slips(s: str) -> Iterator[str]:
    """What an empty or unexpanded slot leaves behind."""
    if re.search(r"[{}|()_]", s):
        yield "template text left in"
    if re.search(r"\s{2,}|\s[,.;:!?]|,\s*[,.;:]|^\W*$", s):
        yield "empty slot (stray space or punctuation)"
    if re.search(r"\bNone\b|\bnone of them\b(?=\W*$)", s):
        yield "empty slot (None)"


def repeated_word(s: str) -> Iterator[str]:
    for m in re.finditer(r"\b(\w+(?: \w+)?)\s+\1\b", s, re.IGNORECASE):
        if not m.group(1).isdigit() and m.group(1).lower() not in ("that", "had"):
            yield f"repeated word '{m.group(1)}'"


def clash_slips(s: str) -> Iterator[str]:
    low = s.lower()
    for noun, bad in CLASHES.items():
        for phrase in bad:
            if re.search(rf"\b{phrase} (?:the|my|your) (?:\w+ )?{noun}\b", low):
                yield f"'{phrase}' + '{noun}'"
    # "at the lake" or "by the lake": a lake is not a building one works in
    if (
        re.search(r"\bin the (?:lake|ocean|sea|river)\b(?! house| cabin)", low)
        and "diver" not in low
    ):
        yield "'in' + water"
    if re.search(r"\b(?:drove|moved) (?:out|up|away|into)\b[^.]*\b(?:ocean floor|seabed)\b", low):
        yield "driving to the sea floor"


def verb_slips(s: str) -> Iterator[str]:
    if not _has_verb(s, _verbs()):
        yield "no verb"


def agreement_slips(s: str) -> Iterator[str]:
    """'the church bells was', 'do the music know', 'the footsteps announced itself'."""
    low = s.lower()
    singular = set(load("lexicon")["singular_s"]) | {"stairs", "news", "glass", "series", "bus"}
    subject = (
        r"(?<!of )(?<!on )(?<!in )(?<!at )\b(?:[Tt]he|[Mm]y|[Yy]our) (?:[a-z]+ )?([a-z]+) "
        r"(was|is|has|knows|comes|wasn't|isn't)\b"
    )
    for m in re.finditer(subject, s):  # not "the story of the walls is", not "Silas was"
        noun = m.group(1)
        if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and noun not in singular:
            yield f"plural '{noun}' with '{m.group(2)}'"
    for m in re.finditer(r"\bdo (?:the|my|your) (\w+) know\b", low):
        if not m.group(1).endswith("s"):
            yield f"'do' with singular '{m.group(1)}'"
    for m in re.finditer(r"\bdoes (?:the|my|your) (\w+) know\b", low):
        if m.group(1).endswith("s") and m.group(1) not in singular:
            yield f"'does' with plural '{m.group(1)}'"


RULES: tuple[Callable[[str], Iterator[str]], ...] = (
    article_slips,
    pronoun_slips,
    someone_it,
    slot_slips,
    repeated_word,
    clash_slips,
    verb_slips,
    agreement_slips,
)


def sentence_slips(sentence: str) -> list[Slip]:
    return [Slip(rule, sentence) for check in RULES for rule in check(sentence)]


def _names() -> list[str]:
    return [n for group in load("common")["names"].values() for n in group]


def story_slips(text: str) -> list[Slip]:
    """What only the whole story shows: quotes, capitals, names, clues, places and nights."""
    found: list[Slip] = []
    if text.count('"') % 2:
        found.append(Slip("unbalanced quotes", text[:80]))
    for m in re.finditer(r"[.!?] +([a-z]\w*)", text):  # '"Who?" asked Milo' is right
        found.append(Slip("small letter after a full stop", text[max(0, m.start() - 40) : m.end()]))
    found += _introductions(text)
    found += _setting(text)
    found += _nights(text)
    found += _capitals(text)
    return found


def _introductions(text: str) -> Iterator[Slip]:
    relations = {r.split()[-1] for g in load("common")["relations"].values() for r in g}
    for name in _names():
        m = re.search(rf"\b{re.escape(name)}\b", text)
        if not m:
            continue
        before = text[: m.start()].split()[-1:] or [""]
        after = text[m.end() : m.end() + 20]
        introduced = before[0].lower() in relations or re.match(r", (?:the|who) ", after)
        owner = text[: m.start()].endswith("the ")  # "the Hollis farmhouse" is a place
        if not (introduced or owner or re.match(r"(Case|Report|Incident) ", text)):
            yield Slip(f"{name} named before being introduced", text[m.start() - 40 : m.end()])
    for adj, noun in CLUES:
        first = re.search(rf"\b(?:an?|the witness's) {re.escape(adj)} {re.escape(noun)}\b", text)
        later = re.search(rf"\b[Tt]he {re.escape(noun)}\b(?! for)", text)
        if first and later and later.start() < first.start():
            yield Slip(f"the {noun} before it is found", text[later.start() : later.end() + 40])


def _setting(text: str) -> Iterator[Slip]:
    low = text.lower()
    counts = {
        w: len(re.findall(rf"\b(?:the|my|a|an) (?:\w+ )?{w}\b(?! {_BUILDINGS})", low))
        for w in SETTINGS
    }
    place = max(counts, key=lambda w: counts[w])
    if not counts[place]:
        return
    for part in SETTINGS[place]:
        if re.search(rf"\b{part}\b", low):
            yield Slip(f"{part.removeprefix('the ')} at a {place}", part)


def _nights(text: str) -> Iterator[Slip]:
    """'On the first Friday ... By the first Friday': by a night already past."""
    for night in load("common")["nights"]:
        on = text.find(night)
        by = text.find(f"By {night}")
        if on >= 0 and by > on:
            yield Slip("'by' a night already told", f"By {night}")


def _capitals(text: str) -> Iterator[Slip]:
    """A proper name written both 'New Mexico' and 'new mexico'."""
    for m in re.finditer(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)+)\b", text):
        if re.search(rf"(?<![\w]){re.escape(m.group(1).lower())}\b", text):
            yield Slip("name written in small letters", m.group(1).lower())


def slips(text: str) -> list[Slip]:
    return [s for sentence in sentences(text) for s in sentence_slips(sentence)] + story_slips(text)
