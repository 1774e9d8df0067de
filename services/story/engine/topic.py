"""Reading a topic without a parser: noun phrases, their kinds, and the story's anchor.

A small lexicon (data/lexicon.json) is enough because topics are short headlines; unknown
words are assumed to be nouns, which is what they usually are in "a lighthouse keeper
hears knocking from below".
"""

import re
from dataclasses import dataclass, field, replace

from services.story.engine.data import load
from services.story.engine.words import is_place_word, is_plural, is_verb, kind_of

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_PREFIX = re.compile(
    r"^\s*(?:write\s+|tell\s+me\s+)?(?:an?\s+)?(?:short\s+)?(?:true\s+)?"
    r"(?:horror\s+|scary\s+|creepy\s+)?"
    r"(?:story|tale|short)\s+(?:about|of|where|in\s+which)\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    kind: str  # person, place, object, creature, sound, time or other
    det: str  # "my", "the", "her" ... as it should be spoken
    plural: bool
    after_verb: bool
    nested: bool = False  # inside "that isn't on the map" or after a second verb: a detail

    @property
    def head(self) -> str:
        named = [w for w in self.words if not w.isdigit()] or list(self.words)  # "room 9"
        return named[-1].removesuffix("'s").removesuffix("’s")

    @property
    def full(self) -> str:
        return f"{self.det} {' '.join(self.words)}".strip()

    @property
    def short(self) -> str:
        owned = self.det in load("lexicon")["possessives"] and not any(
            w.endswith(("'s", "’s")) for w in self.words[:-1]
        )
        det = self.det if owned else "the"
        return f"{det} {self.head}".strip() if self.det else self.head


@dataclass(frozen=True)
class Topic:
    text: str  # the premise as it can be quoted mid-sentence
    phrases: tuple[Phrase, ...]
    anchor: Phrase
    clause: bool  # "a keeper hears knocking" (clause) vs "the abandoned mall" (noun phrase)
    personal: bool  # written about "I"/"my": quote it as the narrator's own experience
    place: str | None = None  # a place named in the topic, e.g. "the lighthouse"
    content: tuple[str, ...] = field(default=())


def clean(topic: str) -> str:
    text = _PREFIX.sub("", topic.strip()).strip(" \t\n.!?;:\"'")
    if text and text.split()[0].lower() in load("lexicon")["stopwords"] + ["my"]:
        text = text[0].lower() + text[1:]
    return text


def analyse(topic: str) -> Topic:
    lex = load("lexicon")
    stop, poss = set(lex["stopwords"]), lex["possessives"]
    text = clean(topic) or topic.strip()
    tokens = [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]
    phrases: list[Phrase] = []
    run: list[str] = []
    det, seen_verb, clause, relative, verbs = "", False, False, False, 0

    def close() -> None:
        nonlocal det
        if run:
            kind = kind_of(" ".join(run[-2:])) or kind_of(run[-1]) or "other"
            plural = is_plural(run[-1])
            spoken = det or ("" if plural and kind == "other" else "the")
            nested = relative or verbs > 1
            phrases.append(Phrase(tuple(run), kind, spoken, plural, seen_verb, nested))
            run.clear()
        det = ""

    for i, tok in enumerate(tokens):
        base = tok.removesuffix("'s")
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        # "a baby monitor picks up ...": an unknown -s word after a noun and before a
        # determiner or particle is the clause's verb, even if the lexicon lacks it.
        guessed = (
            bool(run)
            and not seen_verb
            and tok.endswith("s")
            and not tok.endswith("ss")
            and nxt in lex["verb_cues"]
            and kind_of(base) is None
        )
        if tok in lex["skip"]:
            continue  # "her own voice" is "her voice" for our purposes
        if run and (tok == "mine" or is_place_word(f"{run[-1]} {tok}")):
            run.append(tok)  # "the coal mine", "the rest stop": not a possessive, not a verb
            continue
        if i and tokens[i - 1] in lex["relatives"] and is_verb(tok):
            # "bells that ring at midnight": after "that" a verb, though "ring" is a noun too
            close()
            relative = seen_verb = True
            verbs += 1
            continue
        if tok in poss or tok in ("the", "a", "an"):
            close()
            det = poss.get(tok, "the")
        elif guessed or tok in stop or (is_verb(tok) and kind_of(base) is None):
            close()
            if tok in lex["relatives"]:
                relative = True
            elif guessed or is_verb(tok):
                seen_verb = True
                verbs += 1
                clause = clause or not relative
        else:
            run.append(tok)
    close()
    adjectives = set(lex["adjectives"])
    phrases = [p for p in phrases if p.kind != "time" and not set(p.words) <= adjectives]
    if not phrases:
        phrases = [Phrase(("thing",), "creature", "the", False, False)]
    anchor = _choose_anchor(phrases, clause)
    if anchor.det in ("his", "her", "their") and anchor is not phrases[0]:
        # "a hiker hears her own voice": told by a narrator, "her voice" is "the voice".
        swapped = replace(anchor, det="the")
        phrases = [swapped if p is anchor else p for p in phrases]
        anchor = swapped
    place = next((p.full for p in phrases if p.kind == "place"), None) or next(
        (f"the {w}" for p in phrases for w in p.words if is_place_word(w)), None
    )
    words = {t.lower() for t in re.findall(r"[A-Za-z']+", text)}
    return Topic(
        text=text,
        phrases=tuple(phrases),
        anchor=anchor,
        clause=clause,
        personal=bool(words & {"i", "my", "me", "i'm", "i've", "we", "our"}),
        place=place,
        content=tuple(w for p in phrases for w in p.words),
    )


def _choose_anchor(phrases: list[Phrase], clause: bool) -> Phrase:
    """The thing the story keeps returning to: the uncanny object/creature/sound if any."""
    if not clause:
        return phrases[0]
    # a person the subject meets ("picks up a hitchhiker") is the threat before a place is
    rank = {"creature": 0, "object": 0, "sound": 1, "person": 1, "place": 2, "other": 3}
    subject = phrases[0]
    if not subject.after_verb and subject.kind in ("creature", "object"):
        return subject
    later = [p for p in phrases if p.after_verb] or phrases
    return min(later, key=lambda p: (p.nested, rank.get(p.kind, 3)))
