"""Compiled rule sets: word-bounded alternations, "term A near term B" in one sentence, and
"all of these somewhere in one passage".

Context rules exist because single words are useless for horror: "kill", "blood" and
"girl" are everyday vocabulary; only their company ("kill the president", a child near a
sexual term) makes a line unpublishable.
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

_SENTENCE = re.compile(r"[^.!?;\n]+")
_WORD = re.compile(r"\S+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).lower().split())


def alternation(terms: list[str]) -> re.Pattern[str]:
    # Longest first so "dead bodies" wins over "dead"; each term may itself be a regex.
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{t})" for t in ordered) + r")(?![\w-])")


@dataclass(frozen=True)
class Near:
    first: re.Pattern[str]
    second: re.Pattern[str]
    window: int  # most words allowed between the two matches

    def find(self, text: str) -> list[str]:
        hits: list[str] = []
        for sentence in _SENTENCE.finditer(text):
            chunk = sentence.group(0)
            starts = [m.start() for m in _WORD.finditer(chunk)]
            a = [(m.start(), m.end()) for m in self.first.finditer(chunk)]
            b = [(m.start(), m.end()) for m in self.second.finditer(chunk)] if a else []
            for a_span in a:
                for b_span in b:
                    left, right = sorted((a_span, b_span))
                    if right[0] < left[1]:
                        continue  # overlapping matches are one word, not two in company
                    gap = bisect_right(starts, right[0] - 1) - bisect_right(starts, left[1] - 1)
                    if gap <= self.window:
                        hits.append(chunk[left[0] : right[1]].strip())
        return hits


@dataclass(frozen=True)
class Together:
    """Every group matches somewhere in the same passage (a scene's narration, a prompt).

    For what is spread over several sentences: a doxxing post names a workplace in one
    sentence, a time in the next and asks the viewer to go there in a third; each alone is
    ordinary true-crime narration."""

    groups: tuple[re.Pattern[str], ...]

    def find(self, text: str) -> list[str]:
        found = [group.search(text) for group in self.groups]
        if not all(found):
            return []
        return [" … ".join(m.group(0) for m in found if m)]


@dataclass(frozen=True)
class RuleSet:
    category: str
    patterns: re.Pattern[str] | None
    near: tuple[Near, ...]
    together: tuple[Together, ...] = ()

    @classmethod
    def from_data(cls, category: str, data: dict[str, Any]) -> "RuleSet":
        patterns = alternation(data["patterns"]) if data.get("patterns") else None
        near = tuple(
            Near(alternation(rule["a"]), alternation(rule["b"]), int(rule.get("window", 6)))
            for rule in data.get("near", [])
        )
        together = tuple(
            Together(tuple(alternation(group) for group in rule["all"]))
            for rule in data.get("together", [])
        )
        return cls(category, patterns, near, together)

    def find(self, text: str) -> list[str]:
        hits = [m.group(0) for m in self.patterns.finditer(text)] if self.patterns else []
        rules: tuple[Near | Together, ...] = (*self.near, *self.together)
        for rule in rules:
            hits.extend(rule.find(text))
        return hits
