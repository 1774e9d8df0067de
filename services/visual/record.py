"""What a painter says it drew, read from its PNG, kept beside the still as JSON.

The offline painter writes its record (subject, framing, light, setting) into a PNG text chunk,
so the record travels with the picture through the cache; hosted pictures carry none.
"""

import io
import json
from typing import Any

from PIL import Image

RECORD_KEY = "grimreel:drew"


def read(png: bytes) -> dict[str, Any] | None:
    with Image.open(io.BytesIO(png)) as im:
        text = getattr(im, "text", {}).get(RECORD_KEY)
    if not text:
        return None
    found = json.loads(text)
    return found if isinstance(found, dict) else None


def key_for(image_key: str) -> str:
    """`<job>/work/scene-03.png` → `<job>/work/scene-03.json`."""
    return image_key.rsplit(".", 1)[0] + ".json"
