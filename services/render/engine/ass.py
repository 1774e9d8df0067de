"""The burned-in captions: an ASS script with the spoken word highlighted, plus a title card."""

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from services.render.captions import Phrase
from services.render.timeline import HEIGHT, WIDTH
from services.render.typeface import FONT_FILE, FONT_NAME

# centre of the caption block: below the middle, well above the bottom ~20 % where the
# platforms draw their own buttons and text
CAPTION_Y = round(HEIGHT * 0.62)
TITLE_Y = round(HEIGHT * 0.30)
FILE, FONTS = "captions.ass", "fonts"  # in the scratch folder, where graph.py burns them in
HOLD_S = 0.35  # a phrase lingers this long after its last word unless the next one starts


@dataclass(frozen=True)
class CaptionStyle:
    size: int = 92
    highlight: str = "#FF3B30"  # the spoken word; "#RRGGBB"
    uppercase: bool = True
    title_size: int = 104


# The looks a job may name (JobSpec.caption_style); "karaoke" is the default one.
STYLES = {
    "karaoke": CaptionStyle(),
    # mixed case, smaller, the spoken word only warmed: for slow, quiet stories
    "subtle": CaptionStyle(size=76, highlight="#E8D8B0", uppercase=False, title_size=96),
    # larger, the spoken word in warning yellow: for loud, fast ones
    "bold": CaptionStyle(size=112, highlight="#FFD60A", uppercase=True, title_size=120),
}


def ass_colour(rgb: str, alpha: int = 0) -> str:
    """'#RRGGBB' as ASS '&HAABBGGRR'."""
    h = rgb.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"colour {rgb!r} is not #RRGGBB")
    return f"&H{alpha:02X}{h[4:6]}{h[2:4]}{h[0:2]}".upper()


def timestamp(seconds: float) -> str:
    cs = max(round(seconds * 100), 0)
    return f"{cs // 360000}:{cs // 6000 % 60:02d}:{cs // 100 % 60:02d}.{cs % 100:02d}"


def _clean(text: str, upper: bool) -> str:
    # braces open override blocks and backslashes start tags; neither may reach libass raw
    text = text.replace("\\", "/").replace("{", "(").replace("}", ")")
    return text.upper() if upper else text


def _header(style: CaptionStyle) -> str:
    white, black, shade = ass_colour("#FFFFFF"), ass_colour("#000000"), ass_colour("#000000", 96)
    blood = ass_colour("#8A0000")
    fields = "Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding"  # noqa: E501
    return "\n".join([
        "[Script Info]", "ScriptType: v4.00+", f"PlayResX: {WIDTH}", f"PlayResY: {HEIGHT}",
        "WrapStyle: 0", "ScaledBorderAndShadow: yes", "YCbCr Matrix: TV.709", "",
        "[V4+ Styles]", f"Format: {fields}",
        f"Style: Caption,{FONT_NAME},{style.size},{white},{white},{black},{shade},"
        "0,0,0,0,100,100,1,0,1,7,4,5,90,90,0,1",
        f"Style: Title,{FONT_NAME},{style.title_size},{white},{white},{black},{shade},"
        "0,0,0,0,100,100,2,0,1,8,0,5,80,80,0,1",
        f"Style: TitleGlow,{FONT_NAME},{style.title_size},{blood},{blood},{blood},{shade},"
        "0,0,0,0,100,100,2,0,1,16,0,5,80,80,0,1",
        "", "[Events]",
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ])  # fmt: skip


def _event(layer: int, start: float, end: float, style: str, text: str) -> str:
    return f"Dialogue: {layer},{timestamp(start)},{timestamp(end)},{style},,0,0,0,,{text}"


def karaoke_events(phrases: Sequence[Phrase], style: CaptionStyle) -> list[str]:
    """One event per word: its phrase on screen with that word coloured and popping in."""
    hot = ass_colour(style.highlight)
    pop = r"\t(0,90,\fscx114\fscy114)"
    events = []
    for n, phrase in enumerate(phrases):
        nxt = phrases[n + 1].start if n + 1 < len(phrases) else float("inf")
        shown_until = min(phrase.end + HOLD_S, nxt)
        # a trailing comma or full stop is noise on screen; ? and ! still say something
        words = [_clean(w.text.rstrip(",.;:") or w.text, style.uppercase) for w in phrase.words]
        for k, w in enumerate(phrase.words):
            # the word stays lit through the silence after it, so the line never flickers
            end = phrase.words[k + 1].start if k + 1 < len(phrase.words) else shown_until
            if end <= w.start:
                continue
            parts = [f"{{\\c{hot}{pop}}}{t}{{\\r}}" if i == k else t for i, t in enumerate(words)]
            events.append(_event(1, w.start, end, "Caption", f"{{\\pos(540,{CAPTION_Y})}}"
                                 + " ".join(parts)))  # fmt: skip
    return events


def title_events(title: str, seconds: float, style: CaptionStyle) -> list[str]:
    text = _clean(title, style.uppercase)
    # no fade-in: the hook must already be there on the first frame, which feeds show as a still
    tags = f"\\pos({WIDTH // 2},{TITLE_Y})\\fad(0,450)"
    return [
        _event(2, 0.0, seconds, "TitleGlow", f"{{{tags}\\blur12}}{text}"),
        _event(3, 0.0, seconds, "Title", f"{{{tags}}}{text}"),
    ]


def script(
    phrases: Sequence[Phrase], style: CaptionStyle, *, title: str | None, title_s: float
) -> str:
    events = karaoke_events(phrases, style)
    if title:
        events = title_events(title, title_s, style) + events
    return _header(style) + "\n" + "\n".join(events) + "\n"


def write(
    work: Path, phrases: Sequence[Phrase], style: CaptionStyle, *, title: str | None,
    title_s: float,
) -> None:  # fmt: skip
    """The script and the font libass reads it with, in ``work``."""
    (work / FILE).write_text(script(phrases, style, title=title, title_s=title_s), encoding="utf-8")
    (work / FONTS).mkdir()
    shutil.copyfile(FONT_FILE, work / FONTS / FONT_FILE.name)
