"""Word timings from a per-character alignment (ElevenLabs' with-timestamps answer).

The provider times each character of the text it was sent. A word runs from its first sounding
character's start to its last one's end; spaces and quotes carry times too but are not speech.
If the characters it echoes differ from our text (normalised quotes, an added space), the two
are matched with difflib so every written word still finds its characters.
"""

import math
from difflib import SequenceMatcher

from shared.messages.scene import WordTiming
from shared.providers import Malformed

_SILENT = set(" \t\n\"'“”‘’()[]")


def words_from_chars(
    text: str, chars: list[str], starts: list[float], ends: list[float], duration_s: float
) -> list[WordTiming]:
    """One timing per whitespace-separated word of text, monotonic, inside [0, duration_s]."""
    if not (len(chars) == len(starts) == len(ends)) or not chars:
        raise Malformed(
            f"alignment lists differ in length ({len(chars)}, {len(starts)}, {len(ends)})"
        )
    spoken = "".join(chars)
    to_spoken = _index_map(text, spoken) if spoken != text else list(range(len(text) + 1))
    out: list[WordTiming] = []
    prev_end, pos = 0.0, 0
    for word in text.split():
        begin = text.index(word, pos)
        pos = begin + len(word)
        idx = [
            j
            for j in range(to_spoken[begin], to_spoken[pos])
            if j < len(chars) and chars[j] not in _SILENT
        ]
        if idx:
            start, end = min(starts[j] for j in idx), max(ends[j] for j in idx)
        else:  # a quote-only or unmatched word: zero length where the previous one ended
            start = end = prev_end
        start = min(max(start, prev_end), duration_s)
        end = min(max(end, start), duration_s)
        out.append(WordTiming(word=word, start=_ms(start), end=_ms(end)))
        prev_end = end
    return out


def _ms(t: float) -> float:
    # Rounded down to whole milliseconds: never past the end of the audio.
    return math.floor(t * 1000) / 1000


def _index_map(src: str, dst: str) -> list[int]:
    """For each index 0..len(src) of src, the matching index in dst (monotonic)."""
    mapping = [0] * (len(src) + 1)
    for _, i1, i2, j1, j2 in SequenceMatcher(None, src, dst, autojunk=False).get_opcodes():
        for i in range(i1, i2):
            mapping[i] = j1 + (i - i1) * (j2 - j1) // max(i2 - i1, 1)
    mapping[len(src)] = len(dst)
    for i in range(1, len(mapping)):  # deletions leave zeros behind; keep it monotonic
        mapping[i] = max(mapping[i], mapping[i - 1])
    return mapping
