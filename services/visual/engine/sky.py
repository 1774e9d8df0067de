"""Night sky for outdoor scenes: gradient, moonlit clouds, a textured moon, a few stars, hills."""

from dataclasses import dataclass

import numpy as np

from services.visual.engine import procedural as pr
from services.visual.engine.canvas import Canvas


@dataclass(frozen=True)
class Moon:
    x: float
    y: float
    r: float


def _mix(a: tuple[float, ...], b: tuple[float, ...], t: np.ndarray) -> np.ndarray:
    a_, b_ = np.asarray(a, np.float32), np.asarray(b, np.float32)
    out: np.ndarray = a_ + (b_ - a_) * t[..., None]
    return out


def paint(
    cv: Canvas, horizon: float, *, big_moon: bool, moon_y: tuple[float, float] = (0.12, 0.22)
) -> Moon:
    """Sky down to row `horizon` (pixels); below it the ground's dark base."""
    w, h, pal, rng = cv.w, cv.h, cv.pal, cv.rng
    hz = int(horizon)
    rows = np.clip(np.arange(hz, dtype=np.float32) / max(hz, 1), 0, 1) ** 1.8
    cv.img[:hz] = _mix(pal.sky_top, pal.sky_low, rows)[:, None, :]
    ground = np.linspace(0.0, 1.0, h - hz, dtype=np.float32)
    cv.img[hz:] = _mix(pal.sky_low, pal.shadow, np.clip(ground * 8, 0, 1) ** 0.5)[:, None, :] * 0.5

    moon = Moon(
        x=float(rng.uniform(0.28, 0.72) * w),
        y=float(rng.uniform(*moon_y) * h),
        r=float((0.13 if big_moon else rng.uniform(0.055, 0.08)) * w),
    )
    sky = cv.img[:hz]
    d = pr.radial(w, hz, moon.x, moon.y, moon.r)
    halo = np.exp(-np.clip(d - 1.0, 0, None) * 0.55)  # tight ring of scattered light
    wide = np.exp(-np.clip(d - 1.0, 0, None) * 0.12)  # the moon lighting the whole sky

    stars = (rng.random((hz, w), dtype=np.float32) > 0.9993).astype(np.float32)
    clouds = pr.fbm(rng, w, hz, cells=2.5, octaves=5, stretch=2.2)
    cover = np.clip((clouds - 0.42) / 0.4, 0.0, 1.0)
    sky += (stars * (1 - cover) * rng.uniform(0.1, 0.45, (hz, w)).astype(np.float32))[..., None]
    cloud_rgb = _mix(tuple(c * 0.5 for c in pal.sky_low), pal.moon, 0.55 * wide**2 * clouds)
    sky *= (1.0 - cover * 0.85)[..., None]
    sky += cloud_rgb * (cover * 0.85)[..., None]

    disc = np.clip((1.0 - d) * moon.r / 1.5, 0.0, 1.0)  # antialiased edge
    maria = pr.fbm(rng, w, hz, cells=w / (moon.r * 0.9), octaves=3)
    face = disc * (0.72 + 0.28 * maria) * (1.0 - 0.75 * cover)
    sky *= (1.0 - disc * (1.0 - 0.75 * cover))[..., None]
    sky += face[..., None] * np.asarray(pal.moon, np.float32)
    glow = 0.35 * halo * (1.0 - 0.5 * cover) + 0.06 * wide
    sky += (glow * (1.0 - disc))[..., None] * np.asarray(pal.moon, np.float32)
    return moon


def hills(cv: Canvas, horizon: float, height: float, depth: float, bumps: float) -> np.ndarray:
    """A far ridge standing on the horizon; returns its top row per column."""
    top = horizon - (0.3 + 0.7 * pr.ridge(cv.rng, cv.w, bumps)) * height
    pts = [
        (0, cv.h),
        *((x, float(top[x])) for x in range(0, cv.w, 4)),
        (cv.w, float(top[-1])),
        (cv.w, cv.h),
    ]
    cv.silhouette(lambda d: d.polygon(pts, fill=255), depth)
    return top


def ground_texture(cv: Canvas, horizon: float) -> None:
    """Faint moonlit unevenness on the land so the foreground isn't a flat black slab."""
    hz = int(horizon)
    n = pr.fbm(cv.rng, cv.w, cv.h - hz, cells=6, octaves=4, stretch=2.5)
    fade = np.exp(-np.linspace(0, 3, cv.h - hz, dtype=np.float32))[:, None]
    cv.img[hz:] += ((n - 0.5) * 0.05 * fade)[..., None] * np.asarray(cv.pal.fog, np.float32)
