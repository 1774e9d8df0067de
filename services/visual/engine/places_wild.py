"""Outdoor settings in the open: a forest path, a lighthouse coast, a field at night.

Like places_built: draw far to near with fog between, return where a figure should stand.
"""

from functools import partial

import numpy as np

from services.visual.engine import buildings as bd
from services.visual.engine import landmarks as lm
from services.visual.engine import procedural as pr
from services.visual.engine import trees
from services.visual.engine.canvas import Canvas, polygon
from services.visual.engine.places_built import Spot, light_windows
from services.visual.engine.sky import Moon, hills


def forest(cv: Canvas, horizon: float) -> Spot:
    w, h, rng = cv.w, cv.h, cv.rng
    cx = rng.uniform(0.4, 0.6) * w
    for depth, count, tall in ((0.9, 26, 0.22), (0.65, 16, 0.36), (0.4, 10, 0.55)):
        base = horizon + (1 - depth) * 0.12 * h
        xs = rng.uniform(-0.05, 1.05, count) * w
        near_path = np.abs(xs - cx) < (1 - depth) * 0.25 * w  # keep the path open
        xs = np.where(near_path, xs + np.sign(xs - cx + 1e-3) * (1 - depth) * 0.25 * w, xs)
        talls = tall * h * rng.uniform(0.75, 1.15, count)
        # One mask per row: the trees share a depth, so a colour, so one composite.
        cv.silhouette(partial(trees.pines, xs=xs, base=base, talls=talls, rng=rng), depth)
        cv.fog_band(base / h - 0.03, 0.05, 0.7)
    path = [
        (cx - 0.01 * w, horizon + 0.09 * h),
        (cx + 0.01 * w, horizon + 0.09 * h),
        (cx + 0.3 * w, h),
        (cx - 0.3 * w, h),
    ]
    cv.fill(cv.mask(lambda d: d.polygon(path, fill=255)), cv.pal.fog, opacity=0.1, blur=14)
    for side in (-1, 1):  # dead trees close to the lens frame the picture
        x = w / 2 + side * rng.uniform(0.38, 0.48) * w
        tree = partial(trees.bare_tree, x=x, base=1.02 * h, tall=0.85 * h, rng=rng)
        cv.silhouette(tree, 0.0, blur=2)
    cv.fog_band(0.86, 0.06, 0.4)
    return (cx, horizon + 0.15 * h, 0.15 * h)


def sea(cv: Canvas, horizon: float, moon: Moon) -> Spot:
    w, h, rng = cv.w, cv.h, cv.rng
    hz = int(horizon)
    rows = np.linspace(0.0, 1.0, h - hz, dtype=np.float32)[:, None]
    water = cv.img[hz:]
    water *= 0.35
    # The moon's path on the water: stretched noise, brightest under the moon, widening shoreward.
    ripples = pr.fbm(rng, w, h - hz, cells=40, octaves=3, stretch=8.0)
    cols = np.arange(w, dtype=np.float32)[None, :]
    spread = (0.03 + 0.12 * rows) * w
    path = np.exp(-(((cols - moon.x) / spread) ** 2)) * np.exp(-rows * 1.5)
    glints = np.clip((ripples - 0.55) * 3.0, 0.0, 1.0)
    water += (path * glints * 0.8 + 0.04 * ripples * np.exp(-rows * 4))[..., None] * np.asarray(
        cv.pal.moon, np.float32
    )
    side = -1 if moon.x > w / 2 else 1  # the cliff opposite the moon keeps the glitter clear
    edge = w / 2 + side * 0.1 * w
    far = 0.0 if side < 0 else float(w)
    top = horizon - 0.05 * h
    crest = pr.ridge(rng, 24, 3)
    cliff = [(far, float(h)), (far, top - 0.03 * h)]
    for i, k in enumerate(np.linspace(0, 0.9, 24)):  # the top slopes gently down to the drop
        cliff.append((far + (edge - far) * k, top - 0.02 * h * crest[i] + 0.02 * h * k))
    for k in np.linspace(0, 1, 16):  # a broken face to the water, then the shore toward us
        out = (0.02 * k + 0.3 * max(0.0, k - 0.15) ** 2) * w
        y = top + 0.02 * h + k * (h - top - 0.02 * h)
        cliff.append((edge - side * (out + rng.uniform(0, 0.012) * w), y))
    cv.silhouette(lambda d: d.polygon(cliff, fill=255), 0.3, texture=0.25)
    lx = far + (edge - far) * 0.55
    lamps: list[bd.Box] = []
    cv.silhouette(lambda d: lamps.append(bd.lighthouse(d, lx, top + 0.004 * h, 0.36 * h)), 0.3)
    lamp = lamps[0]
    ly = (lamp[1] + lamp[3]) / 2
    reach = lx - side * 1.3 * w
    beam = [
        (lx, ly - 8 * cv.u),
        (lx, ly + 8 * cv.u),
        (reach, ly + 0.08 * h),
        (reach, ly - 0.12 * h),
    ]
    fade = np.exp(-np.abs(np.arange(w, dtype=np.float32) - lx) / (0.6 * w))[None, :]
    haze = 0.5 + 0.5 * pr.fbm(rng, w, h, cells=4, octaves=3, stretch=3.0)  # the beam lights fog
    shaft = pr.bloom(pr.soft(cv.mask(lambda d: d.polygon(beam, fill=255)), 0), 30 * cv.u)
    cv.light(shaft * fade * haze, cv.pal.warm, 0.9)
    lantern = cv.mask(lambda d: d.rectangle(lamp, fill=255))
    cv.glow(lantern, cv.pal.warm, core=1.0, radius=60, halo=0.6)
    cv.point_light((lamp[0] + lamp[2]) / 2, ly, 40, cv.pal.warm, 0.5)
    cv.fog_band(horizon / h, 0.03, 0.8)
    return ((edge + lx) / 2, top + 0.01 * h, 0.1 * h)


def field(cv: Canvas, horizon: float, lit: int, scarecrow: bool) -> Spot:
    w, h, rng = cv.w, cv.h, cv.rng
    hills(cv, horizon, 70 * cv.u, 0.85, 2)
    fx = rng.uniform(0.2, 0.8) * w
    windows: list[bd.Box] = []
    cv.silhouette(
        lambda d: windows.extend(bd.house(d, fx, horizon + 0.005 * h, 0.16 * w, rng)), 0.7
    )
    light_windows(cv, windows, max(lit, 1))
    cv.fog_band(horizon / h, 0.03, 0.8)
    vx = w / 2 + rng.normal(0, 0.05) * w
    for k in range(-14, 15):  # crop rows meeting at the vanishing point
        x1 = vx + k * 0.12 * w
        row = [(vx, horizon + 2 * cv.u), (x1 - 6 * cv.u, h), (x1 + 6 * cv.u, h)]
        cv.fill(cv.mask(polygon(row)), cv.pal.fog, opacity=0.07, blur=2)
    if scarecrow:
        sx = w / 2 + (0.22 if fx < w / 2 else -0.22) * w
        cv.silhouette(lambda d: lm.scarecrow(d, sx, horizon + 0.16 * h, 0.3 * h), 0.2)
    cv.silhouette(lambda d: trees.grass(d, rng, w, h, cv.u, 0.2), 0.0)  # stalks at the lens
    cv.fog_band(0.8, 0.05, 0.35)
    return (w - fx if abs(w - fx - w / 2) > 0.1 * w else w / 2, horizon + 0.06 * h, 0.1 * h)
