"""The scene pictures as one raw RGB stream: decoded once, in order, one frame per scene.

ffmpeg reads this file as a single rawvideo input. With one PNG input per scene, every picture
was decoded at the start and kept, with its own chain of filters and their buffers, to the end:
~45 MB of ffmpeg memory per scene. Through one input a scene costs ~5 MB (its held picture).
"""

from pathlib import Path

from PIL import Image, ImageOps

FILE = "stills.rgb"
PIX_FMT = "rgb24"


def write_stills(images: list[Path], out: Path, w: int, h: int) -> None:
    """Each picture scaled to cover w x h and centre-cropped, as raw RGB frames in order."""
    with out.open("wb") as f:
        for image in images:
            with Image.open(image) as im:
                f.write(ImageOps.fit(im.convert("RGB"), (w, h), Image.Resampling.LANCZOS).tobytes())
