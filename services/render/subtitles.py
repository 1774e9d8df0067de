"""Sidecar captions: SRT with one cue per phrase, WebVTT with word timestamps inside cues.

The words come from the story. Both formats escape ``&``, ``<`` and ``>``: players read
``<i>``/``<font>`` in either as markup, and a ``-->`` in a cue's text would be taken for a
timing line.
"""

from collections.abc import Sequence

from services.render.captions import Phrase


def clock(seconds: float, sep: str) -> str:
    ms = max(round(seconds * 1000), 0)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def srt(phrases: Sequence[Phrase]) -> str:
    cues = [
        f"{n}\n{clock(p.start, ',')} --> {clock(p.end, ',')}\n{_escape(p.text)}\n"
        for n, p in enumerate(phrases, start=1)
    ]
    return "\n".join(cues)


def vtt(phrases: Sequence[Phrase]) -> str:
    """Each cue carries ``<hh:mm:ss.mmm>`` before every word after the first (karaoke style)."""
    cues = ["WEBVTT\n"]
    for p in phrases:
        first, *rest = p.words
        body = _escape(first.text) + "".join(
            f" <{clock(w.start, '.')}>{_escape(w.text)}" for w in rest
        )
        cues.append(f"{clock(p.start, '.')} --> {clock(p.end, '.')}\n{body}\n")
    return "\n".join(cues)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
