"""Choosing one line for a stage: fits the length, suits the topic, keeps the story coherent.

Candidates are scored by how close their length is to the budget for the slot, with bonuses
for tone-specific lines, lines that bring the topic back, and lines that pay off a thread an
earlier line opened ("I set up a camera" -> "The footage showed...").
"""

import random
import re
from dataclasses import dataclass

from services.story.engine.cast import POOLED, Cast
from services.story.engine.grammar import fill, sentence
from services.story.engine.topic import Topic
from shared.quality import count_words

MIDDLE = ("setup", "sign", "escalate", "investigate", "discovery", "confront")
TONE_BONUS = 3.0  # words of slack granted to tone-specific lines so each tone sounds like itself
BEAT_PENALTY = 4.0  # one-line beats ("I froze.") only where the budget needs very short lines
ANCHOR_BONUS = 5.0
LONG_TOPIC = 12  # words; longer topics may be referred to rather than quoted
GENERIC_PENALTY = 2.5  # lines shared by every tone and topic are the ones viewers notice repeating
JITTER, CHOICES = 4.0, 3  # randomness among lines that fit about equally well
PAYOFF_BONUS = 4.0  # a thread that was opened ("I set up a camera") should be paid off


@dataclass(frozen=True)
class Line:
    stage: str
    text: str
    visual: str


def _allowed(entry: dict, stage: str, topic: Topic, cast: Cast, first: bool) -> bool:
    if "k" in entry and cast.slots["kind"] not in entry["k"]:
        return False
    names_place = "place}" in entry["t"]
    if names_place and cast.slots["kind"] == "place" and _mentions_anchor(entry):
        return False  # "at the cabin ... because of the cabin"
    if entry.get("needs") and entry["needs"] not in cast.known:
        return False
    if "the_figure}" in entry["t"].lower() and "figure" not in cast.known:
        return False
    if entry.get("pos") == "first" and not first:
        return False
    if entry.get("pos") == "later" and first:
        return False
    if "place" in entry and not set(entry["place"]) & set(cast.place_uses):
        return False
    if cast.second_person and (entry.get("first_person_only") or _speaks_to_you(entry["t"])):
        return False
    if (
        stage == "premise"
        and not topic.clause
        and "{premise}" in entry["t"].lower()
        and "anchor" in cast.known
    ):
        return False  # the hook already named the whole topic; don't say it twice in a row
    if entry.get("long_topic") and len(topic.text.split()) <= LONG_TOPIC:
        return False  # a short topic is always quoted whole somewhere
    if stage == "premise":
        want = ("personal" if topic.personal else "legend") + ("" if topic.clause else "_np")
        return want in entry.get("form", [])
    return True


def _speaks_to_you(template: str) -> bool:
    """Lines that cannot be retold in second person: ones that already address the listener
    ("before you decide I'm crazy") or speak for a group."""
    if re.search(r"\b(we|us|our)\b", template, re.I):
        return True  # "we drove out" next to "you" reads as two narrators
    return bool(re.search(r"\byou", template, re.I) and re.search(r"\b(I|I'm|me|my)\b", template))


def _mentions_anchor(entry: dict) -> bool:
    text = entry["t"].lower()
    return "{anchor}" in text or "{short}" in text or "{premise}" in text


class Picker:
    def __init__(
        self,
        grammar: dict[str, list[tuple[dict, bool]]],
        cast: Cast,
        topic: Topic,
        rng: random.Random,
    ) -> None:
        self.grammar, self.cast, self.topic, self.rng = grammar, cast, topic, rng
        self.used: set[str] = set()
        self.since_anchor = 2  # so the hook names the topic

    def candidates(self, stage: str, first: bool) -> list[tuple[dict, bool]]:
        pool = [
            (e, tone)
            for e, tone in self.grammar.get(stage, [])
            if e["t"] not in self.used and _allowed(e, stage, self.topic, self.cast, first)
        ]
        if stage in MIDDLE and stage != "setup":
            pool += [(e, False) for e, _ in self.grammar["beat"] if e["t"] not in self.used]
        return pool or [(e, False) for e, _ in self.grammar["beat"]]

    def pick(self, stage: str, desired: float, first: bool) -> Line:
        beats = {id(e) for e, _ in self.grammar["beat"]}
        jitter = JITTER * min(1.0, desired / 10)  # short lines leave no room for whims
        scored = []
        for entry, tone in self.candidates(stage, first):
            drawn = {name: self.cast.peek(name) for name in POOLED}
            words = count_words(fill(entry["t"], self.cast, drawn))
            score = abs(words - desired) - (TONE_BONUS if tone else 0)
            if entry.get("short") or (id(entry) in beats and stage != "beat"):
                # Beats are for budgets that need very short lines, not filler elsewhere.
                cap = BEAT_PENALTY * (2 if stage in ("twist", "ending") else 1)
                score += max(0.0, min(cap, (desired - 5) * 2))
            if entry.get("needs"):
                score -= PAYOFF_BONUS
            if _mentions_anchor(entry):
                # Keep the topic in view: bring it back after two lines, not every line.
                score += ANCHOR_BONUS * (-1 if self.since_anchor >= 2 else 0.4)
            if not tone and "k" not in entry:
                score += GENERIC_PENALTY
            scored.append((score + self.rng.random() * jitter, entry))
        scored.sort(key=lambda pair: pair[0])
        close = [e for score, e in scored if score <= scored[0][0] + jitter][:CHOICES]
        entry = self.rng.choice(close)
        self.since_anchor = 0 if _mentions_anchor(entry) else self.since_anchor + 1
        return self.realise(stage, entry)

    def realise(self, stage: str, entry: dict) -> Line:
        self.used.add(entry["t"])
        drawn: dict[str, str] = {}
        text = sentence(fill(entry["t"], self.cast, drawn))
        visual = fill(entry.get("v", ""), self.cast, drawn)
        mentioned = {m.lower() for m in re.findall(r"\{(\w+)\}", entry["t"] + entry.get("v", ""))}
        self.cast.commit(mentioned & set(POOLED))
        self.cast.known |= mentioned & {"name", "figure", "the_figure", "anchor"}
        if mentioned & {"premise", "short"}:
            self.cast.known.add("anchor")
        if "the_figure" in mentioned:
            self.cast.known.add("figure")
        if entry.get("needs") == "echo":
            self.cast.known.discard("echo")  # the topic's second thing: once is a motif, more a tic
        if entry.get("tag"):
            self.cast.known.add(entry["tag"])
        return Line(stage, text, visual)
