"""People and birds as silhouettes: no faces, long arms, a slight lean — read as wrong at a glance.

All shapes are drawn in a box: x is the figure's centre line, `feet` the row its feet stand on,
`tall` its height in pixels; everything else is a fraction of `tall`.
"""

import numpy as np
from PIL import ImageDraw

from services.visual.engine.canvas import Canvas, ellipse

Points = list[tuple[float, float]]


def _poly(d: ImageDraw.ImageDraw, pts: Points) -> None:
    d.polygon([(round(x), round(y)) for x, y in pts], fill=255)


def _head_size(kind: str) -> float:
    return {"child": 0.19, "figure": 0.115}.get(kind, 0.13)


def person(d: ImageDraw.ImageDraw, x: float, feet: float, tall: float, kind: str) -> None:
    top = feet - tall
    hs = _head_size(kind) * tall
    hw = hs * 0.78
    lean = 0.03 * tall if kind == "figure" else 0.0  # the generic shape tips its head, unsettling
    hx, hy = x + lean, top + hs / 2
    d.ellipse([hx - hw / 2, hy - hs / 2, hx + hw / 2, hy + hs / 2], fill=255)
    sh_y = top + hs * 1.15
    sh = tall * {"man": 0.135, "woman": 0.11, "child": 0.12, "figure": 0.1}[kind]
    hip_y = top + tall * (0.55 if kind == "child" else 0.5)
    waist = sh * (0.62 if kind == "woman" else 0.8)
    _poly(
        d, [(hx - hw * 0.25, hy), (hx + hw * 0.25, hy), (x + hw * 0.3, sh_y), (x - hw * 0.3, sh_y)]
    )  # neck
    _poly(
        d,
        [
            (x - sh, sh_y + hs * 0.15),
            (x - sh * 0.8, sh_y),
            (x + sh * 0.8, sh_y),
            (x + sh, sh_y + hs * 0.15),
            (x + waist, hip_y),
            (x - waist, hip_y),
        ],
    )
    arm_end = top + tall * (0.66 if kind == "figure" else 0.56)  # too-long arms on the figure
    for side in (-1, 1):
        _poly(
            d,
            [
                (x + side * sh, sh_y + hs * 0.1),
                (x + side * (sh - tall * 0.05), sh_y + hs * 0.3),
                (x + side * (sh + tall * 0.01), arm_end),
                (x + side * (sh + tall * 0.045), arm_end),
            ],
        )
    if kind in ("woman", "child"):  # a dress to the shins, hair past the shoulders
        hem = feet - tall * (0.12 if kind == "woman" else 0.22)
        _poly(
            d,
            [
                (x - waist, hip_y - tall * 0.1),
                (x + waist, hip_y - tall * 0.1),
                (x + sh * 1.25, hem),
                (x - sh * 1.25, hem),
            ],
        )
        _poly(
            d,
            [
                (hx - hw * 0.55, hy),
                (hx + hw * 0.55, hy),
                (hx + hw * 0.6, sh_y + hs * 0.8),
                (hx - hw * 0.6, sh_y + hs * 0.8),
            ],
        )
    elif kind == "figure":  # a long coat that hides the legs
        _poly(
            d,
            [
                (x - waist, hip_y - tall * 0.1),
                (x + waist, hip_y - tall * 0.1),
                (x + sh * 1.05, feet - tall * 0.06),
                (x - sh * 1.05, feet - tall * 0.06),
            ],
        )
    leg = tall * 0.045
    for side in (-1, 1):
        lx = x + side * waist * 0.5
        _poly(
            d,
            [
                (lx - leg, hip_y - tall * 0.02),
                (lx + leg, hip_y - tall * 0.02),
                (lx + leg * 0.7 + side * tall * 0.01, feet),
                (lx - leg * 0.8 + side * tall * 0.01, feet),
            ],
        )


def eyes(x: float, feet: float, tall: float, kind: str) -> list[tuple[float, float, float]]:
    """Centres and radius of two eyes, for a faint glow in the head."""
    hs = _head_size(kind) * tall
    lean = 0.03 * tall if kind == "figure" else 0.0
    cy = feet - tall + hs * 0.48
    r = max(1.5, hs * 0.055)
    return [(x + lean - hs * 0.17, cy, r), (x + lean + hs * 0.17, cy, r)]


def birds(d: ImageDraw.ImageDraw, rng: np.random.Generator, w: int, h: int, u: float) -> None:
    """A loose flock of crows crossing the upper sky."""
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.12, 0.3) * h
    for _ in range(int(rng.integers(4, 9))):
        bx, by = cx + rng.normal(0, 130) * u, cy + rng.normal(0, 70) * u
        s = rng.uniform(10, 22) * u
        flap = rng.uniform(-0.5, 0.6) * s
        _poly(
            d,
            [
                (bx - s, by - flap),
                (bx - s * 0.4, by - s * 0.15),
                (bx, by + s * 0.12),
                (bx + s * 0.4, by - s * 0.15),
                (bx + s, by - flap),
                (bx + s * 0.35, by + s * 0.05),
                (bx, by + s * 0.3),
                (bx - s * 0.35, by + s * 0.05),
            ],
        )


def stand(cv: Canvas, spot: tuple[float, float, float], kind: str, glowing_eyes: bool) -> None:
    """The figure at spot (x, feet, height), chosen by the scene to be against fog or light."""
    x, feet, tall = spot
    cv.silhouette(lambda d: person(d, x, feet, tall, kind), 0.1, blur=1.0)
    if glowing_eyes:
        for ex, ey, r in eyes(x, feet, tall, kind):
            eye = cv.mask(ellipse([ex - r, ey - r, ex + r, ey + r]))
            cv.glow(eye, (1.0, 0.85, 0.6), core=1.0, radius=12, halo=0.8)
