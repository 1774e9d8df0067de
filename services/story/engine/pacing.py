"""How long the offline voice takes to say a line, so the writer can plan a story's length.

A word count alone misjudges it: "grandmother's farmhouse" is two words and five syllables, a
case number "16-611" is read as six words, and each comma or colon is a breath. Fitted by least
squares over 144 scenes (16 topics of tests/story/topics.json, 20 and 45 s, read by hibari at
speed 0.85 with 0.5 s between sentences; reproduce with bench/pacing.py):

    seconds = 0.232 * syllables + 0.275 * breaks + 0.153 * sentences

per-scene error 0.35 s rms, 0.96 s at worst, against 0.66 s and 2.4 s for words alone.
"""

import re

from shared.quality import DIGITS, spoken_number_words, words

PER_SYLLABLE_S = 0.232
PER_BREAK_S = 0.275
PER_SENTENCE_S = 0.153
SYLLABLES_PER_NUMBER_WORD = 1.6  # "fifty-five", "eight hundred": most number words have two

_VOWELS = re.compile(r"[aeiouy]+")
_BREAK = re.compile(r"[,;:—–]")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


def syllables(word: str) -> int:
    """A spelling-based estimate: vowel groups, less a silent final e, plus the "-es" of
    "house's"."""
    if numbers := DIGITS.findall(word):  # "4", "1990s", "3rd": the number read in full
        said = sum(spoken_number_words(d) for d in numbers)
        rest = len(_VOWELS.findall(DIGITS.sub("", word.lower())))
        return max(1, round(SYLLABLES_PER_NUMBER_WORD * said) + rest)
    low = word.lower().replace("’", "'")
    count = len(_VOWELS.findall(low))
    if low.endswith("e") and not low.endswith(("le", "ee")) and count > 1:
        count -= 1
    if low.endswith("'s") and low[-3:-2] in ("s", "x", "z"):
        count += 1
    return max(1, count)


def features(text: str) -> tuple[int, int, int]:
    """(syllables, breaks, sentences): what the voice's time is fitted on."""
    syl = sum(syllables(w) for w in words(text))
    return syl, len(_BREAK.findall(text)), max(1, len(_SENTENCE_END.findall(text)))


def speech_seconds(text: str) -> float:
    """The offline voice's speech for text, pauses between its sentences included."""
    syl, breaks, sentences = features(text)
    return PER_SYLLABLE_S * syl + PER_BREAK_S * breaks + PER_SENTENCE_S * sentences
