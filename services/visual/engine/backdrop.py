"""What stands behind the subject: a room's wall and floor, or a night sky over land.

Backdrops are kept plain on purpose — a little texture, one kind of place — so the subject is
what the eye finds. Noise is made at quarter size and upscaled (soft textures need no detail).
"""

from functools import partial

import numpy as np

from services.visual.engine import landmarks as lm
from services.visual.engine import procedural as pr
from services.visual.engine import sky, trees
from services.visual.engine.canvas import Canvas

INDOOR = ("room", "stone", "wood", "ward")


def _noise(cv: Canvas, cells: float) -> np.ndarray:
    small = pr.fbm(cv.rng, max(8, cv.w // 4), max(8, cv.h // 4), cells=cells, octaves=4)
    return pr.upscale(small, cv.w, cv.h)


def indoor(cv: Canvas, kind: str, floor: float, brightness: float = 0.2) -> None:
    w, h = cv.w, cv.h
    grime = _noise(cv, 6)
    xs, ys = np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32)
    if kind == "room":  # striped wallpaper
        pattern = (0.85 + 0.15 * (np.sin(xs / (w / 14) * np.pi * 2) > 0.6))[None, :]
    elif kind == "wood":  # vertical boards
        pattern = (1.0 - 0.5 * (np.mod(xs, w / 7) < 3 * cv.u))[None, :]
    elif kind == "stone":  # courses of blocks
        row = np.mod(ys, h / 16) < 3 * cv.u
        pattern = 1.0 - 0.5 * row[:, None] * np.ones((1, w), np.float32)
    else:  # tiles
        grid = (np.mod(xs, w / 9) < 2 * cv.u)[None, :] | (np.mod(ys, w / 9) < 2 * cv.u)[:, None]
        pattern = 1.0 - 0.35 * grid
    tone = (0.35 + 0.65 * grime) * pattern * brightness
    fl = int(floor)
    tone[fl:] = (0.25 + 0.4 * grime[fl:]) * brightness * 0.55
    cv.img[:] = tone[..., None] * np.asarray(cv.pal.fog, np.float32)
    rows = np.clip((ys[fl:] - fl) / max(h - fl, 1), 0, 1)[:, None]
    cv.img[fl:] *= (0.55 + 0.45 * rows)[..., None]  # the floor recedes into the dark
    cv.fill(cv.mask(lambda d: d.rectangle([0, fl - 4 * cv.u, w, fl + 6 * cv.u], fill=255)),
            cv.pal.shadow)  # fmt: skip


def outdoor(cv: Canvas, kind: str, horizon: float, moon_in_sky: bool = True) -> sky.Moon:
    """`moon_in_sky=False` when the subject is the moon: the sky's own is put out of frame."""
    w, h, rng = cv.w, cv.h, cv.rng
    moon_y = (0.08, 0.18) if moon_in_sky else (-0.6, -0.5)
    moon = sky.paint(cv, horizon, big_moon=False, moon_y=moon_y)
    sky.hills(cv, horizon, 70 * cv.u, 0.85, 2.5)
    if kind == "woods":
        xs = np.sort(rng.uniform(0, w, 14))
        talls = rng.uniform(0.18, 0.32, 14) * h
        cv.silhouette(lambda d: trees.pines(d, xs=xs, base=horizon + 4 * cv.u, talls=talls,
                                            rng=rng), 0.6)  # fmt: skip
    elif kind == "graves":
        for x in rng.uniform(0, w, 9):
            size = float(rng.uniform(30, 60) * cv.u)
            cv.silhouette(partial(lm.grave, x=float(x), base=horizon + 6 * cv.u, size=size,
                                  rng=rng), 0.5)  # fmt: skip
    elif kind == "shore":  # flat black water with the moon's path on it
        cv.silhouette(lambda d: d.rectangle([0, horizon, w, h], fill=255), 0.4)
        path = np.exp(-(((np.arange(w) - moon.x) / (0.08 * w)) ** 2))[None, :]
        ripples = _noise(cv, 30)[int(horizon) :] > 0.6
        cv.img[int(horizon) :] += (path * ripples * 0.15)[..., None] * np.asarray(cv.pal.moon)
    elif kind == "town":
        xs = np.arange(0, w, 60 * cv.u)
        tops = horizon - rng.uniform(40, 120, len(xs)) * cv.u
        roofs = [(0.0, float(h)), *((float(x), float(t)) for x, t in zip(xs, tops, strict=True))]
        cv.silhouette(lambda d: d.polygon([*roofs, (float(w), float(tops[-1])),
                                           (float(w), float(h))], fill=255), 0.5)  # fmt: skip
    cv.fog_band(horizon / h, 0.03, 0.7)
    sky.ground_texture(cv, horizon)
    return moon
