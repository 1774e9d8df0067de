"""Small things in the landscape as silhouettes: gravestones, a car, a scarecrow.

Same conventions as buildings: x = centre, base = the row it stands on, size in pixels.
"""

import math

import numpy as np
from PIL import ImageDraw

from services.visual.engine.buildings import Box


def grave(
    d: ImageDraw.ImageDraw, x: float, base: float, size: float, rng: np.random.Generator
) -> None:
    tilt = rng.uniform(-0.12, 0.12)
    if rng.random() < 0.3:  # a cross
        pts = [
            (-0.06, 0),
            (0.06, 0),
            (0.06, -0.62),
            (0.25, -0.62),
            (0.25, -0.74),
            (0.06, -0.74),
            (0.06, -1.0),
            (-0.06, -1.0),
            (-0.06, -0.74),
            (-0.25, -0.74),
            (-0.25, -0.62),
            (-0.06, -0.62),
        ]
    else:  # a headstone with a rounded top
        pts = [(-0.25, 0), (0.25, 0), (0.25, -0.62)]
        pts += [
            (0.25 * math.cos(a), -0.62 - 0.22 * math.sin(a)) for a in np.linspace(0, math.pi, 9)
        ]
        pts += [(-0.25, -0.62)]
    c, s = math.cos(tilt), math.sin(tilt)
    d.polygon(
        [(x + size * (px * c - py * s), base + size * (px * s + py * c)) for px, py in pts],
        fill=255,
    )


def car(d: ImageDraw.ImageDraw, x: float, base: float, wide: float) -> list[Box]:
    """A car seen from behind; returns its two tail lights."""
    body = wide * 0.32
    d.rounded_rectangle(
        [x - wide / 2, base - body, x + wide / 2, base], radius=wide * 0.06, fill=255
    )
    d.polygon(
        [
            (x - wide * 0.38, base - body),
            (x - wide * 0.28, base - body - wide * 0.22),
            (x + wide * 0.28, base - body - wide * 0.22),
            (x + wide * 0.38, base - body),
        ],
        fill=255,
    )
    ly = base - body * 0.62
    return [
        (x - wide * 0.46, ly, x - wide * 0.32, ly + body * 0.16),
        (x + wide * 0.32, ly, x + wide * 0.46, ly + body * 0.16),
    ]


def scarecrow(d: ImageDraw.ImageDraw, x: float, base: float, tall: float) -> None:
    """A post, a crossbar, a ragged coat hanging off it, a sack head under a slouched hat."""
    t = tall
    d.rectangle([x - t * 0.018, base - t * 0.95, x + t * 0.018, base], fill=255)
    d.line(
        [(x - t * 0.36, base - t * 0.7), (x + t * 0.36, base - t * 0.73)],
        fill=255,
        width=max(1, round(t * 0.02)),
    )
    coat = [
        (x - t * 0.12, base - t * 0.74),
        (x + t * 0.12, base - t * 0.75),
        (x + t * 0.16, base - t * 0.34),
        (x + t * 0.11, base - t * 0.38),
        (x + t * 0.07, base - t * 0.3),
        (x + t * 0.01, base - t * 0.37),
        (x - t * 0.05, base - t * 0.29),
        (x - t * 0.1, base - t * 0.36),
        (x - t * 0.15, base - t * 0.33),
    ]
    d.polygon(coat, fill=255)
    for side in (-1, 1):  # sleeves sagging from the bar, rags hanging from the cuffs
        sy = base - t * (0.715 if side < 0 else 0.735)
        d.polygon(
            [
                (x + side * t * 0.1, sy - t * 0.03),
                (x + side * t * 0.34, sy - t * 0.02),
                (x + side * t * 0.33, sy + t * 0.1),
                (x + side * t * 0.3, sy + t * 0.05),
                (x + side * t * 0.27, sy + t * 0.12),
                (x + side * t * 0.1, sy + t * 0.06),
            ],
            fill=255,
        )
    d.ellipse(
        [x - t * 0.07 + t * 0.02, base - t * 0.9, x + t * 0.07 + t * 0.02, base - t * 0.74],
        fill=255,
    )
    d.ellipse([x - t * 0.17, base - t * 0.9, x + t * 0.2, base - t * 0.86], fill=255)
    d.polygon(
        [
            (x - t * 0.07, base - t * 0.88),
            (x + t * 0.1, base - t * 0.88),
            (x + t * 0.06, base - t * 0.99),
            (x - t * 0.05, base - t * 0.98),
        ],
        fill=255,
    )
