"""Spoken words on the video's clock, grouped into the short phrases shown on screen."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shared.messages.scene import WordTiming

_CLAUSE_END = (".", ",", "!", "?", ";", ":", "…", "—")


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds in the video
    end: float
    scene: int


@dataclass(frozen=True)
class Phrase:
    words: tuple[Word, ...]

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def place(scene: int, start_s: float, speech_s: float, words: Iterable[WordTiming]) -> list[Word]:
    """A scene's words moved from its audio's clock to the video's.

    TTS timings can overlap, run backwards or past the audio; they are made monotonic and
    clamped to the narration so a caption never shows before or after its voice.
    """
    out: list[Word] = []
    floor = 0.0
    for w in words:
        text = " ".join(w.word.split())
        if not text:
            continue
        s = min(max(w.start, floor), speech_s)
        e = min(max(w.end, s), speech_s)
        out.append(Word(text, round(start_s + s, 3), round(start_s + e, 3), scene))
        floor = s
    return out


def group(
    words: Sequence[Word], *, max_words: int = 3, max_chars: int = 16, max_gap_s: float = 0.6
) -> list[Phrase]:
    """Phrases of a few words, broken at clause punctuation, pauses and scene changes."""
    phrases: list[Phrase] = []
    current: list[Word] = []
    for w in words:
        if current:
            prev = current[-1]
            chars = sum(len(x.text) + 1 for x in current) + len(w.text)
            if (
                len(current) >= max_words
                or chars > max_chars
                or prev.text.endswith(_CLAUSE_END)
                or w.start - prev.end > max_gap_s
                or w.scene != prev.scene
            ):
                phrases.append(Phrase(tuple(current)))
                current = []
        current.append(w)
    if current:
        phrases.append(Phrase(tuple(current)))
    return phrases
