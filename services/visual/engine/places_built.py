"""Outdoor settings built by people: a house on a hill, a church and its graves, a night road.

Each painter draws far to near (fog between the layers gives the depth) and returns where a
figure should stand: (x, feet row, height) chosen so it is seen against fog or light, not black.
"""

from functools import partial

import numpy as np
from PIL import ImageDraw

from services.visual.engine import buildings as bd
from services.visual.engine import landmarks as lm
from services.visual.engine import procedural as pr
from services.visual.engine import trees
from services.visual.engine.canvas import Canvas, ellipse, polygon, rectangle
from services.visual.engine.palette import scale
from services.visual.engine.sky import hills

Spot = tuple[float, float, float]


def light_windows(cv: Canvas, windows: list[bd.Box], lit: int, warmth: float = 1.0) -> None:
    """A few windows glow warm (someone is home), the rest catch a little moonlight."""
    order = cv.rng.permutation(len(windows))
    for rank, i in enumerate(order):
        m = cv.mask(rectangle(windows[i]))
        if rank < lit:
            cv.glow(m, cv.pal.warm, core=0.55 * warmth, radius=40, halo=0.35 * warmth)
            bars = cv.mask(partial(_glazing, box=windows[i]))
            cv.fill(bars, cv.pal.shadow, blur=0.5)  # the glazing bars, dark against the lamp
        else:
            cv.fill(m, cv.pal.fog, opacity=0.08)


def _glazing(d: ImageDraw.ImageDraw, box: bd.Box) -> None:
    x0, y0, x1, y1 = box
    bar = max(1, round((x1 - x0) * 0.08))
    d.line([((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1)], fill=255, width=bar)
    d.line([(x0, y0 + (y1 - y0) * 0.45), (x1, y0 + (y1 - y0) * 0.45)], fill=255, width=bar)


def house(cv: Canvas, horizon: float, lit: int) -> Spot:
    w, h, rng = cv.w, cv.h, cv.rng
    hills(cv, horizon, 150 * cv.u, 0.85, 2.5)
    cv.fog_band(horizon / h, 0.04, 0.9)
    x = rng.uniform(0.38, 0.62) * w
    crest = horizon + 0.02 * h
    # A rounded mound peaking under the house, roughened so it isn't a drawn curve.
    xs = np.linspace(0, w, 60)
    mound = crest + 0.1 * h * np.clip(np.abs(xs - x) / (0.7 * w), 0, 1) ** 1.6
    mound += (pr.ridge(rng, 60, 6) - 0.5) * 0.012 * h
    hill = [(0.0, float(h)), *zip(xs.tolist(), mound.tolist(), strict=True), (float(w), float(h))]
    cv.silhouette(lambda d: d.polygon(hill, fill=255), 0.35, texture=0.2)
    bx = x + rng.uniform(-0.2, 0.2) * w  # a worn path up to the door
    path = [(x - 0.01 * w, crest + 0.01 * h), (x + 0.01 * w, crest + 0.01 * h),
            (bx + 0.16 * w, h), (bx - 0.16 * w, h)]  # fmt: skip
    cv.fill(cv.mask(lambda d: d.polygon(path, fill=255)), cv.pal.fog, opacity=0.07, blur=12)
    side = -1 if rng.random() < 0.5 else 1
    cv.silhouette(
        lambda d: trees.bare_tree(d, x + side * 0.42 * w, crest + 0.06 * h, 0.42 * h, rng), 0.25
    )
    windows: list[bd.Box] = []
    cv.silhouette(lambda d: windows.extend(bd.house(d, x, crest + 0.01 * h, 0.5 * w, rng)), 0.3)
    light_windows(cv, windows, lit)
    cv.silhouette(lambda d: trees.grass(d, rng, w, h, cv.u, 0.07), 0.0)
    cv.fog_band(0.78, 0.06, 0.45)
    return (bx, crest + 0.2 * h, 0.15 * h)


def church(cv: Canvas, horizon: float, lit: int) -> Spot:
    w, h, rng = cv.w, cv.h, cv.rng
    hills(cv, horizon, 120 * cv.u, 0.85, 3)
    cv.fog_band(horizon / h, 0.04, 0.8)
    x = rng.uniform(0.45, 0.6) * w
    windows: list[bd.Box] = []
    cv.silhouette(lambda d: windows.extend(bd.church(d, x, horizon + 0.03 * h, 0.55 * w)), 0.45)
    light_windows(cv, windows, lit, warmth=0.6)
    cv.silhouette(lambda d: d.rectangle([0, horizon + 0.03 * h, w, h], fill=255), 0.5, blur=4)
    cv.fog_band(horizon / h + 0.05, 0.05, 0.7)
    side = -1 if rng.random() < 0.5 else 1
    cv.silhouette(
        lambda d: trees.bare_tree(d, w / 2 + side * 0.45 * w, 0.9 * h, 0.6 * h, rng), 0.05
    )
    rows = sorted(rng.uniform(0.0, 1.0, 14) ** 1.6)  # more stones far away, where they crowd
    for t in rows:
        base = horizon + 0.05 * h + t * 0.33 * h
        size = (40 + 190 * t) * cv.u
        gx = rng.uniform(0.05, 0.95) * w
        cv.silhouette(partial(lm.grave, x=gx, base=base, size=size, rng=rng), 0.4 * (1 - t))
    cv.fog_band(0.82, 0.07, 0.55)
    return (x + 0.05 * w, horizon + 0.16 * h, 0.14 * h)


def road(cv: Canvas, horizon: float, figure: bool) -> Spot:
    w, h, rng = cv.w, cv.h, cv.rng
    hills(cv, horizon, 90 * cv.u, 0.85, 2)
    vx = rng.uniform(0.42, 0.58) * w
    for side in (-1, 1):  # woods crowding both verges, thinning toward the vanishing point
        for t in np.linspace(0.05, 1.0, 9):
            tx = vx + side * (0.06 + 0.55 * t**1.3) * w + rng.normal(0, 12) * cv.u
            cv.silhouette(
                partial(
                    trees.pine,
                    x=tx,
                    base=horizon + t**1.5 * 0.25 * h,
                    tall=(0.08 + 0.5 * t**1.5) * h,
                    rng=rng,
                ),
                0.7 * (1 - t),
            )
    cv.fog_band(horizon / h, 0.035, 1.0)
    verge = [(vx - 2 * cv.u, horizon), (vx + 2 * cv.u, horizon), (w * 1.2, h), (-0.2 * w, h)]
    asphalt = cv.mask(lambda d: d.polygon(verge, fill=255))
    cv.fill(asphalt, scale(cv.pal.fog, 0.18), blur=2)
    # Wet asphalt: the moon's light smeared down the road in streaks.
    sheen = pr.fbm(rng, w, h, cells=30, octaves=3, stretch=0.05)
    rows = np.clip((np.arange(h, dtype=np.float32) - horizon) / (h - horizon), 0, 1)[:, None]
    cv.light(pr.soft(asphalt, 2) * sheen * np.exp(-rows * 3) * 0.12, cv.pal.moon, 1.0)
    for k in range(12):
        t0, t1 = (k / 12) ** 2, ((k + 0.45) / 12) ** 2
        y0, y1 = horizon + t0 * (h - horizon), horizon + t1 * (h - horizon)
        half0, half1 = 1 + 5 * t0, 1 + 5 * t1
        dash = [
            (vx - half0 * cv.u, y0),
            (vx + half0 * cv.u, y0),
            (vx + half1 * cv.u, y1),
            (vx - half1 * cv.u, y1),
        ]
        cv.fill(cv.mask(polygon(dash)), cv.pal.fog, opacity=0.25)
    if not figure:
        lights: list[bd.Box] = []
        cv.silhouette(lambda d: lights.extend(lm.car(d, vx, horizon + 0.12 * h, 0.2 * w)), 0.3)
        for box in lights:
            m = cv.mask(ellipse(box))
            cv.glow(m, (1.0, 0.08, 0.04), core=0.9, radius=50, halo=0.9)
    return (vx, horizon + 0.14 * h, 0.16 * h)
