"""The cover picture: the opening still, darkened, with the title in the caption font."""

import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

from services.render.timeline import HEIGHT, WIDTH
from services.render.typeface import FONT_FILE


def _wrapped(draw: ImageDraw.ImageDraw, title: str, font: ImageFont.FreeTypeFont) -> str:
    """The title on as few lines as fit the frame with margins."""
    for width in range(28, 6, -2):
        text = "\n".join(textwrap.wrap(title, width=width)) or title
        box = draw.multiline_textbbox((0, 0), text, font=font, align="center", spacing=12)
        if box[2] - box[0] <= WIDTH - 140:
            return text
    return "\n".join(textwrap.wrap(title, width=8))


def make_thumbnail(image: Path, title: str, out: Path) -> Path:
    with Image.open(image) as src:
        frame = ImageOps.fit(src.convert("RGB"), (WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    frame = ImageEnhance.Brightness(frame).enhance(0.7)
    text = title.upper()
    size = 120 if len(text) < 30 else 96
    font = ImageFont.truetype(str(FONT_FILE), size)
    draw = ImageDraw.Draw(frame)
    text = _wrapped(draw, text, font)
    x, y = WIDTH / 2, HEIGHT * 0.38
    # a blurred blood-red halo behind the lettering, then the crisp outlined title on top
    glow = Image.new("L", frame.size, 0)
    ImageDraw.Draw(glow).multiline_text(
        (x, y), text, font=font, fill=255, anchor="mm", align="center", spacing=12,
        stroke_width=8, stroke_fill=255,
    )  # fmt: skip
    glow = glow.filter(ImageFilter.GaussianBlur(26))
    frame.paste(Image.new("RGB", frame.size, (140, 0, 0)), (0, 0), glow)
    draw = ImageDraw.Draw(frame)
    draw.multiline_text(
        (x, y), text, font=font, fill=(255, 255, 255), anchor="mm", align="center", spacing=12,
        stroke_width=7, stroke_fill=(0, 0, 0),
    )  # fmt: skip
    frame.save(out, "JPEG", quality=88, optimize=True, progressive=True)
    return out
