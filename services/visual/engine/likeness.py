"""How alike two stills look: a difference hash (dHash), in numpy.

The picture is shrunk to (side+1) x side grey cells, each row's neighbours compared (brighter
to the right or not): `side`² bits that keep the layout of light and dark and drop grain,
colour and exact exposure. The distance of two stills is the fraction of bits that differ:
0 for the same picture re-encoded, ~0.5 for unrelated pictures. Stills are dark, so the grey
is stretched to its own 2nd..98th percentile first, or every cell would compare black to black.
"""

import io

import numpy as np
from PIL import Image, ImageFilter

SIDE = 16  # 256 bits: an 8x8 hash cannot tell two dark frames with a small subject apart


def dhash(png: bytes, side: int = SIDE) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as im:
        # Box-average to 4x the cells, soften, then sample: grain never flips a bit.
        small = im.convert("L").resize(((side + 1) * 4, side * 4), Image.Resampling.BOX)
        small = small.filter(ImageFilter.GaussianBlur(2))
        grey = small.resize((side + 1, side), Image.Resampling.BOX)
    g = np.asarray(grey, dtype=np.float32)
    lo, hi = np.percentile(g, (2, 98))
    g = np.clip((g - lo) / max(float(hi - lo), 1.0), 0.0, 1.0)
    bits: np.ndarray = (g[:, 1:] > g[:, :-1]).ravel()
    return bits


def distance(a: np.ndarray, b: np.ndarray) -> float:
    """Fraction of differing bits, 0..1."""
    return float(np.count_nonzero(a != b)) / a.size
