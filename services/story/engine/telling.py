"""Telling the beats in one structure: which templates a beat may use, and the form's framing.

The same beat ("the threat comes closer") is told by a narrator, as a diary entry, as a
numbered rule, as a caller's message or inside a witness statement; the structure picks the
hook and ending its form needs and frames the middle (day headings, numbers, message labels).
Every reference must be set up first: a template naming `{x_later}` or `needs: x` is only
allowed once x has been introduced.
"""

import random
import re
from dataclasses import dataclass

from services.story.engine.data import load
from services.story.engine.expand import Slots, expand, tidy
from shared.quality import count_words

_LATER = re.compile(r"\{(\w+?)_later\}", re.IGNORECASE)
_PRONOUN = re.compile(r"\{(it|its|it_obj|itself)\}", re.IGNORECASE)
OWN_HOOK = ("report", "voicemail", "diary", "countdown")
OWN_ENDING = ("report", "voicemail")
FRAMED = ("sign", "escalate", "turn")  # the beats a diary dates, a countdown numbers
DIALOGUE_SHARE = {"sign": 0.7, "escalate": 0.4, "turn": 0.5}
COUNTDOWN_MOST = 12
# A thread that was opened ("I set up a camera") should be paid off, and a line that weaves in
# the topic's own role or second thing is preferred to one that does not.
PAYOFF_WEIGHT, TOPIC_WEIGHT = 3.0, 10.0
OPTIONAL = (
    "role_a",
    "echo",
    "echo_voice",
    "deed",
)  # slots a topic may leave empty: their lines are skipped


@dataclass(frozen=True)
class Line:
    beat: str
    text: str
    focus: str  # what its picture shows: threat, place, part, part2, clue, friend, camera, photo


def _needs(entry: dict) -> set[str]:
    found = {m.lower() for m in _LATER.findall(entry["t"])}
    if _PRONOUN.search(entry["t"]):
        found.add("threat")  # "it" before the threat is named would point at nothing
    return found | ({entry["needs"]} if "needs" in entry else set())


class Teller:
    def __init__(
        self, structure: str, slots: Slots, rng: random.Random, line_words: float = 14.0
    ) -> None:
        self.structure, self.slots, self.rng = structure, slots, rng
        self.line_words = line_words  # the length a line should have, on average
        self.grammar = load("grammar")
        self.used: set[str] = set()

    def _pool(self, beat: str) -> list[dict]:
        g, s = self.grammar, self.structure
        if beat == "hook" and s in OWN_HOOK:
            return list(g[s]["hook"])
        if beat == "ending" and s in OWN_ENDING:
            return list(g[s]["ending"])
        if beat in ("statement", "note"):
            return list(g["report"][beat])
        if s == "dialogue" and beat in DIALOGUE_SHARE and self.rng.random() < DIALOGUE_SHARE[beat]:
            fresh = [e for e in g["dialogue"][beat] if self._allowed(e, beat)]
            if fresh:  # once every exchange is spoken, the narrator carries the beat
                return fresh
        return list(g[beat])

    def _fits(self, entry: dict, beat: str) -> bool:
        """Whether the story can say this at all: every slot it names has a value, the place
        has what it needs ("not": settings without it), the threat is of a kind it suits."""
        text, values = entry["t"], self.slots.values
        if entry.get("p1") and self.structure == "second":
            return False
        if values["setting"] in entry.get("not", ()) or values["kind"] not in entry.get(
            "kinds", (values["kind"],)
        ):
            return False
        caller = self.structure == "voicemail" and beat not in ("hook", "ending")
        if caller and re.search(r"\{(friend|fs|fo|fp)", text, re.I):
            return False  # the caller is the friend: they cannot mention themselves
        return all(f"{{{name}}}" not in text or bool(values[name]) for name in OPTIONAL)

    def _allowed(self, entry: dict, beat: str) -> bool:
        if entry["t"] in self.used or not _needs(entry) <= self.slots.known:
            return False
        return self._fits(entry, beat)

    def line(self, beat: str) -> Line:
        pool = self._pool(beat)
        allowed = [e for e in pool if self._allowed(e, beat)]
        if not allowed:  # a long story has told every variant: tell one again, freshly chosen
            allowed = [e for e in pool if _needs(e) <= self.slots.known and self._fits(e, beat)]
        if not allowed:  # nothing set up yet for this beat to build on: the first sign does it
            allowed = [e for e in self.grammar["sign"] if self._fits(e, "sign")]
        weights = [
            self._weight(e) / (1.0 + abs(self._length(e) - self.line_words) / 4) for e in allowed
        ]
        entry = self.rng.choices(allowed, weights)[0]
        self.used.add(entry["t"])
        text = tidy(expand(entry["t"], self.slots, self.rng))
        if entry.get("tag"):
            self.slots.known.add(entry["tag"])
        return Line(beat, text, entry.get("f", "place"))

    @staticmethod
    def _weight(entry: dict) -> float:
        if "{role_a}" in entry["t"] or "{echo}" in entry["t"]:
            return TOPIC_WEIGHT
        return PAYOFF_WEIGHT if "needs" in entry else 1.0

    def _length(self, entry: dict) -> int:
        """About how many words a template says here (one trial expansion, nothing marked)."""
        trial = Slots(dict(self.slots.values), self.slots.mentions, set(self.slots.known))
        return count_words(expand(entry["t"], trial, random.Random(len(entry["t"]))))

    def tell(self, beats: list[str]) -> list[Line]:
        framed = [i for i, b in enumerate(beats) if b in FRAMED]
        if self.structure == "countdown":
            # a list longer than a dozen stops reading as a list: the first beats are its preface
            framed = framed[-COUNTDOWN_MOST:]
            self.slots.values["count"] = self._count_word(len(framed))
        if self.structure == "voicemail":
            self.slots.values["count"] = ("two", "three", "four", "five", "six")[
                min(4, max(0, self._labelled(beats) - 2))
            ]
        lines = [self.line(beat) for beat in beats]
        return self._frame(lines, beats, framed)

    def _count_word(self, n: int) -> str:
        return str(load("grammar")["countdown"]["numbers"][n - 1]).lower()

    def _labelled(self, beats: list[str]) -> int:
        return len(self._label_at(beats))

    def _label_at(self, beats: list[str]) -> list[int]:
        """Where a voicemail's messages start: with the setup, then about every third line."""
        starts = [beats.index("setup") if "setup" in beats else 1]
        last = len(beats) - 1  # the ending is the listener's, not a message
        step = max(2, (last - starts[0]) // 4)
        starts += list(range(starts[0] + step + 1, last, step))[:4]
        return starts

    def _frame(self, lines: list[Line], beats: list[str], framed: list[int]) -> list[Line]:
        g, rng = self.grammar, self.rng
        prefixes: dict[int, str] = {}
        if self.structure == "countdown":
            numbers = g["countdown"]["numbers"]
            for n, i in enumerate(reversed(framed)):
                prefixes[i] = numbers[n]
        elif self.structure == "diary":
            days = iter(g["diary"]["days"])
            for i in framed:
                if beats[i] != "escalate" or rng.random() < 0.5:
                    prefixes[i] = next(days, "Later")
            prefixes[len(beats) - 1] = g["diary"]["last"]
        elif self.structure == "voicemail":
            labels = [g["voicemail"]["first_label"], *g["voicemail"]["labels"]]
            for label, i in zip(labels, self._label_at(beats), strict=False):
                prefixes[i] = label
        out = []
        for i, line in enumerate(lines):
            if i in prefixes:
                head = expand(prefixes[i], self.slots, rng)
                line = Line(line.beat, f"{head}: {line.text}", line.focus)
            out.append(line)
        return out
