"""The contact sheet: every scene's still with the start of its narration, in one picture.

So a user sees what a video shows before opening it (and a reviewer can check the pictures
against the words at a glance). Tiles keep the video's 9:16 shape; captions are cut at a word
to two short lines.
"""

import math
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from services.render.typeface import FONT_FILE

TILE_W, TILE_H = 240, 426
CAPTION_H, GAP = 64, 12
COLUMNS = 4
LINE_CHARS, LINES = 32, 2  # what fits under a tile at this size


def shorten(text: str) -> str:
    """The narration's start on at most two lines, cut at a word, with an ellipsis when
    something was cut."""
    lines = textwrap.wrap(" ".join(text.split()), width=LINE_CHARS)
    if len(lines) <= LINES:
        return "\n".join(lines)
    last = lines[LINES - 1]
    if len(last) >= LINE_CHARS:
        last = last.rsplit(" ", 1)[0]
    return "\n".join([*lines[: LINES - 1], last.rstrip(",;:.") + "…"])


def make_contact_sheet(images: list[Path], captions: list[str], out: Path) -> Path:
    if not images or len(images) != len(captions):
        raise ValueError(f"{len(images)} pictures for {len(captions)} captions")
    cols = min(COLUMNS, len(images))
    rows = math.ceil(len(images) / cols)
    sheet = Image.new(
        "RGB",
        (cols * (TILE_W + GAP) + GAP, rows * (TILE_H + CAPTION_H + GAP) + GAP),
        (12, 12, 14),
    )
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(FONT_FILE), 17)
    small = ImageFont.truetype(str(FONT_FILE), 15)
    for i, (path, caption) in enumerate(zip(images, captions, strict=True)):
        x = GAP + (i % cols) * (TILE_W + GAP)
        y = GAP + (i // cols) * (TILE_H + CAPTION_H + GAP)
        with Image.open(path) as src:
            tile = ImageOps.fit(src.convert("RGB"), (TILE_W, TILE_H), Image.Resampling.LANCZOS)
        sheet.paste(tile, (x, y))
        draw.text((x + 8, y + 6), f"{i + 1}", font=font, fill=(235, 235, 235),
                  stroke_width=2, stroke_fill=(0, 0, 0))  # fmt: skip
        draw.multiline_text((x + 2, y + TILE_H + 6), shorten(caption), font=small,
                            fill=(200, 200, 200), spacing=4)  # fmt: skip
    sheet.save(out, "JPEG", quality=80, optimize=True, progressive=True)
    return out
