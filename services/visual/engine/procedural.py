"""Numpy fields the stills are built from: fractal noise, radial falloffs, soft masks, film finish.

Noise is made by upscaling small random grids with Pillow's bicubic filter (one C call per
octave) rather than per-pixel Perlin in numpy: ~10 ms per octave at 1080x1920 instead of seconds.
"""

import numpy as np
from PIL import Image, ImageFilter

Array = np.ndarray


def upscale(grid: Array, width: int, height: int) -> Array:
    img = Image.fromarray(np.ascontiguousarray(grid, dtype=np.float32), mode="F")
    return np.asarray(img.resize((width, height), Image.Resampling.BICUBIC), dtype=np.float32)


def fbm(
    rng: np.random.Generator,
    width: int,
    height: int,
    *,
    cells: float = 4.0,
    octaves: int = 5,
    stretch: float = 1.0,
) -> Array:
    """Fractal noise in [0, 1]; cells = features across the width, stretch > 1 widens them."""
    out = np.zeros((height, width), np.float32)
    amp, total = 1.0, 0.0
    for o in range(octaves):
        gx = max(2, int(cells * 2**o / stretch) + 2)
        gy = max(2, int(cells * 2**o * height / width) + 2)
        out += amp * upscale(rng.random((gy, gx), dtype=np.float32), width, height)
        total += amp
        amp *= 0.5
    out /= total
    lo, hi = np.percentile(out[:: max(1, height // 64), :: max(1, width // 64)], (1, 99))
    field: Array = np.clip((out - lo) / max(hi - lo, 1e-6), 0.0, 1.0)
    return field


def ridge(rng: np.random.Generator, width: int, bumps: float, octaves: int = 4) -> Array:
    """A 1-D skyline profile in [0, 1] (hills, tree lines)."""
    out = np.zeros(width, np.float32)
    amp = 1.0
    for o in range(octaves):
        n = max(2, int(bumps * 2**o) + 2)
        out += amp * np.interp(np.linspace(0, n - 1, width), np.arange(n), rng.random(n))
        amp *= 0.45
    profile: Array = (out - out.min()) / max(float(np.ptp(out)), 1e-6)
    return profile


def radial(width: int, height: int, cx: float, cy: float, radius: float) -> Array:
    """Distance from (cx, cy) in units of radius."""
    ys, xs = np.ogrid[:height, :width]
    return np.sqrt(((xs - cx) ** 2 + (ys - cy) ** 2).astype(np.float32)) / radius


def soft(mask: Image.Image, radius: float) -> Array:
    """A drawn L mask as floats in [0, 1], blurred so edges read as film, not vector art."""
    if radius > 0:
        mask = mask.filter(ImageFilter.GaussianBlur(float(radius)))
    return np.asarray(mask, dtype=np.float32) * (1.0 / 255.0)


def bloom(field: Array, radius: float) -> Array:
    """A wide blur of a [0, 1] field, done at quarter size because glows need no detail."""
    h, w = field.shape
    small = Image.fromarray(field.astype(np.float32), mode="F").resize(
        (max(1, w // 4), max(1, h // 4)), Image.Resampling.BILINEAR
    )
    small = Image.fromarray(np.asarray(small, dtype=np.float32) * 255.0).convert("L")
    small = small.filter(ImageFilter.GaussianBlur(float(max(radius / 4.0, 0.5))))
    big = small.resize((w, h), Image.Resampling.BICUBIC)
    return np.asarray(big, dtype=np.float32) * (1.0 / 255.0)


def vignette(width: int, height: int, strength: float) -> Array:
    """Multiplier that darkens the corners; portrait frames get a taller ellipse."""
    ys, xs = np.ogrid[:height, :width]
    dx = (xs - width / 2) / (width / 2)
    dy = (ys - height * 0.45) / (height / 2)
    d = np.sqrt((dx * dx * 1.0 + dy * dy * 0.8).astype(np.float32))
    return np.clip(1.0 - strength * np.clip(d - 0.35, 0, None) ** 1.6, 0.0, 1.0)


def grain(rng: np.random.Generator, width: int, height: int, amount: float) -> Array:
    """Luminance grain; clumped over two pixels the way film grain is, not single-pixel hiss."""
    g = rng.standard_normal((height // 2 + 1, width // 2 + 1), dtype=np.float32)
    fine = rng.standard_normal((height, width), dtype=np.float32)
    coarse = np.repeat(np.repeat(g, 2, axis=0), 2, axis=1)[:height, :width]
    return amount * (0.6 * coarse + 0.4 * fine)
