"""Buildings as silhouettes: a gabled house, a church with its steeple, a lighthouse.

Each function draws one shape into a mask (x = centre, base = the row it stands on, size in
pixels) and returns the rectangles of its windows or lamp, which the scene then lights.
"""

import numpy as np
from PIL import ImageDraw

Box = tuple[float, float, float, float]


def house(
    d: ImageDraw.ImageDraw, x: float, base: float, wide: float, rng: np.random.Generator
) -> list[Box]:
    """A two-storey gabled house, sometimes with a tower; returns its windows."""
    tall = wide * 0.62
    x0, x1, top = x - wide / 2, x + wide / 2, base - tall
    d.rectangle([x0, top, x1, base], fill=255)
    d.polygon([(x0 - wide * 0.05, top), (x, top - wide * 0.36), (x1 + wide * 0.05, top)], fill=255)
    d.rectangle([x1 - wide * 0.22, top - wide * 0.34, x1 - wide * 0.14, top - wide * 0.1], fill=255)
    if rng.random() < 0.6:  # a Victorian tower makes the house read as "haunted" at once
        tx = x0 + wide * 0.02
        d.rectangle([tx - wide * 0.1, top - wide * 0.12, tx + wide * 0.1, base], fill=255)
        d.polygon(
            [
                (tx - wide * 0.13, top - wide * 0.12),
                (tx, top - wide * 0.5),
                (tx + wide * 0.13, top - wide * 0.12),
            ],
            fill=255,
        )
    d.rectangle(
        [x0 - wide * 0.06, base - tall * 0.3, x1 + wide * 0.06, base - tall * 0.27], fill=255
    )
    windows = []
    ww, wh = wide * 0.09, tall * 0.2
    for row in (0.22, 0.6):
        for col in (0.2, 0.42, 0.62, 0.82):
            cx, cy = x0 + wide * col, top + tall * row
            windows.append((cx - ww / 2, cy - wh / 2, cx + ww / 2, cy + wh / 2))
    return windows


def church(d: ImageDraw.ImageDraw, x: float, base: float, wide: float) -> list[Box]:
    """Nave, steeple and cross; returns its tall arched windows."""
    tall = wide * 0.5
    x0, x1, top = x - wide * 0.2, x + wide / 2, base - tall
    d.rectangle([x0, top, x1, base], fill=255)
    d.polygon([(x0, top), ((x0 + x1) / 2, top - wide * 0.28), (x1, top)], fill=255)
    tx0, tx1 = x - wide * 0.5, x - wide * 0.2
    d.rectangle([tx0, top - wide * 0.45, tx1, base], fill=255)
    tc = (tx0 + tx1) / 2
    d.polygon(
        [
            (tx0 - wide * 0.02, top - wide * 0.45),
            (tc, top - wide * 1.05),
            (tx1 + wide * 0.02, top - wide * 0.45),
        ],
        fill=255,
    )
    cw = wide * 0.012
    d.rectangle([tc - cw, top - wide * 1.2, tc + cw, top - wide * 1.0], fill=255)
    d.rectangle([tc - cw * 4, top - wide * 1.16, tc + cw * 4, top - wide * 1.16 + cw * 2], fill=255)
    windows = []
    for i in range(4):
        cx = x0 + wide * (0.1 + 0.16 * i)
        windows.append((cx - wide * 0.025, top + tall * 0.25, cx + wide * 0.025, top + tall * 0.7))
    windows.append((tc - wide * 0.03, top - wide * 0.3, tc + wide * 0.03, top - wide * 0.16))
    return windows


def lighthouse(d: ImageDraw.ImageDraw, x: float, base: float, tall: float) -> Box:
    """A tapered tower with a gallery; returns the lantern room."""
    bw, tw = tall * 0.13, tall * 0.08
    top = base - tall
    d.polygon([(x - bw, base), (x - tw, top), (x + tw, top), (x + bw, base)], fill=255)
    d.rectangle([x - tw * 1.35, top - tall * 0.02, x + tw * 1.35, top + tall * 0.01], fill=255)
    d.polygon(
        [
            (x - tw * 0.9, top - tall * 0.13),
            (x, top - tall * 0.2),
            (x + tw * 0.9, top - tall * 0.13),
        ],
        fill=255,
    )
    return (x - tw * 0.7, top - tall * 0.12, x + tw * 0.7, top - tall * 0.02)
