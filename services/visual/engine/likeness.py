"""How alike two stills look: a perceptual hash (pHash), in numpy.

The picture is shrunk to 64x64 grey cells and turned into its 2-D cosine spectrum; the 16x16
lowest frequencies (less the average) say where the large light and dark masses are. Each bit
says whether one coefficient is above the median: 255 bits that keep the composition and drop
grain, colour, exposure and compression. The distance of two stills is the fraction of bits
that differ: a JPEG copy at quality 60 made 10 % brighter or 15 % darker stays under 0.05,
unrelated pictures sit near 0.5 (docs/performance.md has the measured spread).
"""

import io
from functools import cache

import numpy as np
from PIL import Image

CELLS, KEEP = 64, 16


@cache
def _dct(n: int) -> np.ndarray:
    k, x = np.arange(n)[:, None], np.arange(n)[None, :]
    m = np.cos(np.pi * (2 * x + 1) * k / (2 * n)) * np.sqrt(2 / n)
    m[0] /= np.sqrt(2)
    out: np.ndarray = m
    return out


def phash(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as im:
        grey = im.convert("L").resize((CELLS, CELLS), Image.Resampling.BOX)
    g = np.asarray(grey, dtype=np.float64) / 255.0
    d = _dct(CELLS)
    low = (d @ g @ d.T)[:KEEP, :KEEP].ravel()[1:]
    bits: np.ndarray = low > np.median(low)
    return bits


def distance(a: np.ndarray, b: np.ndarray) -> float:
    """Fraction of differing bits, 0..1."""
    return float(np.count_nonzero(a != b)) / a.size
