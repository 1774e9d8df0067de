"""Plants as silhouettes: ragged conifers, dead forking trees to frame a shot, grass at the lens."""

import math

import numpy as np
from PIL import ImageDraw


def pine(
    d: ImageDraw.ImageDraw, x: float, base: float, tall: float, rng: np.random.Generator
) -> None:
    """A ragged conifer: drooping tiers with torn edges, never the same twice."""
    d.rectangle([x - tall * 0.012, base - tall * 0.25, x + tall * 0.012, base], fill=255)
    tiers = int(rng.integers(7, 12))
    for i in range(tiers):
        k = i / tiers
        y = base - tall * (0.1 + 0.85 * k)
        spread = tall * (0.2 * (1 - k) ** 1.1 + 0.025)
        left, right = spread * rng.uniform(0.7, 1.2), spread * rng.uniform(0.7, 1.2)
        apex = (x + rng.normal(0, 0.01) * tall, y - tall * 0.16)
        edge = [(x - left, y + tall * rng.uniform(0.0, 0.04))]
        for t in np.linspace(-0.8, 0.8, 6):  # the tier's ragged hem, boughs hanging
            hang = tall * rng.uniform(0.0, 0.035)
            edge.append((x + t * (left if t < 0 else right), y + hang))
        edge.append((x + right, y + tall * rng.uniform(0.0, 0.04)))
        d.polygon([apex, *edge], fill=255)


def pines(
    d: ImageDraw.ImageDraw,
    *,
    xs: np.ndarray,
    base: float,
    talls: np.ndarray,
    rng: np.random.Generator,
) -> None:
    for x, tall in zip(xs, talls, strict=True):
        pine(d, float(x), base, float(tall), rng)


def bare_tree(
    d: ImageDraw.ImageDraw, x: float, base: float, tall: float, rng: np.random.Generator
) -> None:
    """A dead tree: a trunk forking into ever thinner crooked branches."""

    def branch(x0: float, y0: float, angle: float, length: float, width: float, depth: int) -> None:
        x1 = x0 + math.cos(angle) * length
        y1 = y0 - math.sin(angle) * length
        d.line([(x0, y0), (x1, y1)], fill=255, width=max(1, round(width)))
        if depth == 0 or width < 1.0:
            return
        for _ in range(2 if rng.random() < 0.8 else 3):
            turn = rng.uniform(0.25, 0.7) * (1 if rng.random() < 0.5 else -1)
            branch(x1, y1, angle + turn, length * rng.uniform(0.6, 0.8), width * 0.62, depth - 1)

    d.polygon(
        [
            (x - tall * 0.035, base),
            (x - tall * 0.014, base - tall * 0.35),
            (x + tall * 0.014, base - tall * 0.35),
            (x + tall * 0.03, base),
        ],
        fill=255,
    )
    branch(
        x, base - tall * 0.34, math.pi / 2 + rng.uniform(-0.15, 0.15), tall * 0.28, tall * 0.028, 6
    )


def grass(
    d: ImageDraw.ImageDraw, rng: np.random.Generator, w: int, h: int, u: float, reach: float
) -> None:
    """Blades along the bottom edge, close to the lens, up to `reach` of the frame height."""
    for x in np.arange(0, w + 40 * u, 17 * u):
        tall = rng.uniform(0.3, 1.0) * reach * h
        lean = rng.normal(0, 0.12) * tall
        d.polygon([(x - 5 * u, h), (x + lean, h - tall), (x + 5 * u, h)], fill=255)
