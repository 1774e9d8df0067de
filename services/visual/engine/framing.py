"""The two framings that put something between the camera and the subject: a door, a window."""

import numpy as np
from PIL import ImageDraw

from services.visual.engine import procedural as pr
from services.visual.engine.canvas import Canvas
from services.visual.engine.palette import scale


def _wall_around(cv: Canvas, box: tuple[float, float, float, float]) -> None:
    """Everything outside the opening becomes a dark, stained wall close to the camera."""
    x0, y0, x1, y1 = box
    hole = cv.mask(lambda d: d.rectangle([x0, y0, x1, y1], fill=255))
    a = 1.0 - pr.soft(hole, 1.0)
    grime = pr.upscale(pr.fbm(cv.rng, cv.w // 4, cv.h // 4, cells=5, octaves=3), cv.w, cv.h)
    wall = (0.05 + 0.07 * grime)[..., None] * np.asarray(cv.pal.fog, np.float32)
    cv.img *= (1.0 - a)[..., None]
    cv.img += wall * a[..., None]


def doorway(cv: Canvas) -> None:
    w, h = cv.w, cv.h
    x0, x1, y0, y1 = 0.2 * w, 0.8 * w, 0.22 * h, 0.9 * h
    _wall_around(cv, (x0, y0, x1, y1))
    t = 22 * cv.u
    frame = cv.mask(
        lambda d: d.rectangle([x0 - t, y0 - t, x1 + t, y1], outline=255, width=round(t))
    )
    cv.fill(frame, scale(cv.pal.fog, 0.22), blur=0.8)
    leaf = [(x1, y0), (x1 + 0.16 * w, y0 - 0.05 * h), (x1 + 0.16 * w, y1 + 0.06 * h), (x1, y1)]
    cv.fill(cv.mask(lambda d: d.polygon(leaf, fill=255)), scale(cv.pal.fog, 0.1), blur=0.8)
    spill = [(x0, y1), (x1, y1), (x1 + 0.1 * w, h), (x0 - 0.1 * w, h)]  # the room's light
    cv.light(pr.soft(cv.mask(lambda d: d.polygon(spill, fill=255)), 10 * cv.u), cv.pal.warm, 0.08)


def window(cv: Canvas) -> None:
    w, h = cv.w, cv.h
    x0, x1, y0, y1 = 0.14 * w, 0.86 * w, 0.2 * h, 0.78 * h
    # Old glass: the view through it is a little fogged and smeared by rain.
    streaks = pr.upscale(pr.fbm(cv.rng, cv.w // 4, cv.h // 4, cells=30, octaves=2,
                                stretch=0.08), cv.w, cv.h)  # fmt: skip
    inside = pr.soft(cv.mask(lambda d: d.rectangle([x0, y0, x1, y1], fill=255)), 0)
    cv.img += (inside * np.clip(streaks - 0.6, 0, 1) * 0.12)[..., None] * np.asarray(cv.pal.moon)
    _wall_around(cv, (x0, y0, x1, y1))
    bar = max(2, round(14 * cv.u))

    def frame(d: ImageDraw.ImageDraw) -> None:
        d.rectangle([x0, y0, x1, y1], outline=255, width=bar * 2)
        d.line([((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1)], fill=255, width=bar)
        d.line([(x0, (y0 + y1) / 2), (x1, (y0 + y1) / 2)], fill=255, width=bar)
        d.rectangle([x0 - 30 * cv.u, y1, x1 + 30 * cv.u, y1 + 26 * cv.u], fill=255)

    cv.fill(cv.mask(frame), scale(cv.pal.fog, 0.16), blur=0.8)
