"""What a usable draft is: pacing constants and the checks a Story must pass before moderation.

Every writer (offline or hosted) is judged by the same numbers, so the pacing constants live
here and writers import them instead of keeping their own copies.
"""

import re
from difflib import SequenceMatcher

from shared.messages.job import JobSpec
from shared.messages.story import Story

# Narrators of short horror read slowly; 150 wpm matches the offline voice with pauses.
WORDS_PER_MINUTE = 150.0
DURATION_TOLERANCE = 0.15
SECONDS_PER_SCENE = 8.0  # one picture every 7-9 s keeps a vertical short moving
MIN_SCENES, MAX_SCENES = 3, 15
# A scene this much shorter/longer than its fair share stalls or rushes the pictures.
SCENE_SHARE_MIN, SCENE_SHARE_MAX = 0.25, 2.5
# A scene of up to ~9 s of speech (the top of the pacing guide) is never too long for one
# picture, however short the other scenes are.
SCENE_WORDS_ALWAYS_OK = 22
NEAR_DUPLICATE = 0.85

# Letters of any script: hosted writers honour spec.language, and "Mädchen" is one word.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


DIGITS = re.compile(r"[0-9]+")  # ASCII only: "²" is a digit to str.isdigit and not to int()
_LONGEST_NUMBER = 12  # longer runs (a serial, a phone number) are read digit by digit


def spoken_number_words(digits: str) -> int:
    """How many words a voice speaks for a run of ASCII digits: "4:04" is "four oh four", "59"
    is "fifty-nine" (two stresses), "1987" is "nineteen eighty-seven". A report's case number or
    a clock time spoken at length makes a draft run long if it counts as one word."""
    if len(digits) > _LONGEST_NUMBER:
        return len(digits)
    zeros = len(digits) - len(digits.lstrip("0"))
    n = int(digits) if digits.strip("0") else 0
    if n == 0:  # "0" is "zero"; "000" of "1,000" was said with the "thousand" before it
        return 1
    return zeros + _words_of(n, year=len(digits) == 4)


def _words_of(n: int, *, year: bool = False) -> int:
    if n <= 20 or (n < 100 and n % 10 == 0):
        return 1
    if n < 100:
        return 2
    if year and 1100 <= n <= 1999:  # "nineteen hundred", "nineteen oh five", "nineteen fifty"
        rest = n % 100
        return _words_of(n // 100) + (1 if rest == 0 else 2 if rest < 10 else _words_of(rest))
    if n < 1000:
        return 2 + (_words_of(n % 100) if n % 100 else 0)
    if n < 1_000_000:
        return _words_of(n // 1000) + 1 + (_words_of(n % 1000) if n % 1000 else 0)
    return len(str(n))  # read digit by digit


def words(text: str) -> list[str]:
    """The text's words as written, in any script: "John’s", "Mädchen", "1952"."""
    return _WORD.findall(text)


def count_words(text: str) -> int:
    """Words as spoken: a number counts for the words it is read as."""
    spoken = 0
    for word in words(text):
        numbers = DIGITS.findall(word)
        # "3rd" and "1990s" are one word whose number is read in full
        spoken += max(1, sum(spoken_number_words(d) for d in numbers)) if numbers else 1
    return spoken


def count_tokens(text: str) -> int:
    """Words as written: a number is one."""
    return len(words(text))


def speaking_seconds(text: str, wpm: float = WORDS_PER_MINUTE) -> float:
    return count_words(text) * 60.0 / wpm


def target_words(duration_s: float, wpm: float = WORDS_PER_MINUTE) -> float:
    return duration_s * wpm / 60.0


def auto_scene_count(duration_s: float) -> int:
    return max(MIN_SCENES, min(MAX_SCENES, round(duration_s / SECONDS_PER_SCENE)))


def _allowed_scene_counts(spec: JobSpec) -> range:
    if spec.scenes is not None:
        return range(spec.scenes, spec.scenes + 1)
    # Auto mode: hosted writers may pace a little differently, so accept 5-12 s per scene.
    low = max(MIN_SCENES, min(MAX_SCENES, int(spec.duration_s // 12)))
    high = max(MIN_SCENES, min(MAX_SCENES, -(-spec.duration_s // 5)))
    return range(low, high + 1)


def _normalised(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


def _near_duplicate(a: str, b: str) -> bool:
    if a == b:
        return True
    # Short beats ("I froze.") legitimately resemble each other; only compare real sentences.
    if min(len(a.split()), len(b.split())) < 6:
        return False
    return SequenceMatcher(None, a, b).ratio() >= NEAR_DUPLICATE


def check_quality(story: Story, spec: JobSpec, wpm: float) -> list[str]:
    """Human-readable problems with story for spec; an empty list means it is usable."""
    problems: list[str] = []
    if not story.title.strip():
        problems.append("the title is missing")
    if not story.hook.strip():
        problems.append("the hook (first sentence) is missing")
    scenes = story.scenes
    allowed = _allowed_scene_counts(spec)
    if len(scenes) not in allowed:
        want = (
            f"exactly {spec.scenes}"
            if spec.scenes is not None
            else f"{allowed.start}-{allowed.stop - 1}"
        )
        problems.append(f"{len(scenes)} scenes, expected {want}")
    if not scenes:
        return problems
    if [s.index for s in scenes] != list(range(len(scenes))):
        problems.append("scene indexes are not 0..n-1 in order")

    target = target_words(spec.duration_s, wpm)
    share = target / len(scenes)
    low = max(2.0, SCENE_SHARE_MIN * share)
    high = max(SCENE_WORDS_ALWAYS_OK, SCENE_SHARE_MAX * share)
    seen: list[tuple[int, str]] = []
    for scene in scenes:
        words = count_words(scene.narration)
        if words == 0:
            problems.append(f"scene {scene.index} has no narration")
            continue
        if not low <= words <= high:
            problems.append(f"scene {scene.index} has {words} words, expected {low:.0f}-{high:.0f}")
        if count_tokens(scene.image_prompt) < 3:
            problems.append(f"scene {scene.index} has no usable image prompt")
        norm = _normalised(scene.narration)
        for other, other_norm in seen:
            if _near_duplicate(norm, other_norm):
                problems.append(f"scene {scene.index} repeats scene {other}")
                break
        seen.append((scene.index, norm))

    seconds = speaking_seconds(story.text, wpm)
    lo_s = spec.duration_s * (1 - DURATION_TOLERANCE)
    hi_s = spec.duration_s * (1 + DURATION_TOLERANCE)
    if not lo_s <= seconds <= hi_s:
        problems.append(
            f"narration runs about {seconds:.0f} s, target {spec.duration_s} s "
            f"(allowed {lo_s:.0f}-{hi_s:.0f} s)"
        )
    return problems
