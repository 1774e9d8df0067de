"""Passages in context: sliding windows of consecutive sentences.

A clause scored alone is misread both ways: "the children go to bed at eight." scored as
grooming once it was cut from the paragraph that made it innocent, and a forbidden clause
is diluted inside a long harmless sentence. Windows of up to WINDOW sentences, moving one
sentence at a time, give each sentence its neighbours while keeping a finding short enough
to quote. A text of WINDOW sentences or fewer is one window.
"""

import re

WINDOW = 3
MAX_CHARS = 480  # ~110 tokens: the encoder reads 128; a longer run-on is cut into pieces
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|$)")
_WORDS = re.compile(r"\w+")


def sentences(text: str) -> list[str]:
    found: list[str] = []
    for match in _SENTENCE.finditer(text):
        sentence = " ".join(match.group(0).split())
        while len(sentence) > MAX_CHARS:
            cut = sentence.rfind(" ", 0, MAX_CHARS)
            cut = cut if cut > 0 else MAX_CHARS
            found.append(sentence[:cut])
            sentence = sentence[cut:].strip()
        if _WORDS.search(sentence):
            found.append(sentence)
    return found


def windows(text: str, size: int = WINDOW) -> list[str]:
    """Every run of `size` consecutive sentences (the whole text when it is shorter), each cut
    to MAX_CHARS so the encoder sees all of it."""
    parts = sentences(text)
    if len(parts) <= size:
        whole = " ".join(parts)
        return [whole[:MAX_CHARS]] if whole else []
    runs = [" ".join(parts[i : i + size]) for i in range(len(parts) - size + 1)]
    return list(dict.fromkeys(r[:MAX_CHARS] for r in runs))
