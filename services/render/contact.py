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
CAPTION_CHARS = 70  # two lines of ~35 characters at this size


def shorten(text: str, limit: int = CAPTION_CHARS) -> str:
    """The narration's start, cut at a word, with an ellipsis when something was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


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
        lines = textwrap.wrap(shorten(caption), width=32)[:2]
        draw.multiline_text((x + 2, y + TILE_H + 6), "\n".join(lines), font=small,
                            fill=(200, 200, 200), spacing=4)  # fmt: skip
    sheet.save(out, "JPEG", quality=80, optimize=True, progressive=True)
    return out
