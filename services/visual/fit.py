"""Hosted pictures brought to the frame: any size and format in, PNG of exactly WxH out.

Providers offer portrait sizes such as 1024x1536 or 768x1344; the video needs 1080x1920 or
more for the camera's moves. The picture is scaled to cover the frame (Lanczos) and the
overflow cut equally from both sides, so nothing is stretched.
"""

import io

from PIL import Image, UnidentifiedImageError

from shared.providers import Malformed

MAX_PIXELS = 40_000_000  # a decompression bomb from a broken proxy is not a picture


def fit_png(data: bytes, width: int, height: int) -> bytes:
    try:
        img: Image.Image = Image.open(io.BytesIO(data))
        if img.width * img.height > MAX_PIXELS:
            raise Malformed(f"the picture is {img.width}x{img.height}, too large to be one")
        img.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as e:
        raise Malformed(f"the picture cannot be decoded ({type(e).__name__})") from None
    img = img.convert("RGB")
    scale = max(width / img.width, height / img.height)
    w, h = max(width, round(img.width * scale)), max(height, round(img.height * scale))
    if (w, h) != img.size:
        img = img.resize((w, h), Image.Resampling.LANCZOS)
    left, top = (w - width) // 2, (h - height) // 2
    img = img.crop((left, top, left + width, top + height))
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=3)
    return buf.getvalue()
