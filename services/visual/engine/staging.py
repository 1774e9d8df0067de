"""Putting a subject in the frame: where its box sits for each framing, and how it is lit.

The framing decides the box (a close-up fills the frame, a wide shot leaves it small on the
ground, a low angle stretches it upward over a low horizon). The light decides colours: under a
lamp or the moon the thing is lit against a dark backdrop; from behind it is a silhouette
against a glow, which is how horror films make a shape read at a glance.
"""

from dataclasses import dataclass

import numpy as np

from services.visual.engine import procedural as pr
from services.visual.engine.canvas import Canvas
from services.visual.engine.palette import RGB, mix, scale
from services.visual.engine.pen import Pen


@dataclass(frozen=True)
class Frame:
    cx: float  # box centre and half size, frame fractions of the width (x, half) / height (y)
    base: float  # the row the subject stands on
    half: float
    tall: float = 1.0  # > 1: seen from below
    horizon: float = 0.0  # where wall meets floor / land meets sky, as a fraction of height


FRAMES = {
    "medium": Frame(0.5, 0.70, 0.34, horizon=0.56),
    "close-up": Frame(0.5, 0.70, 0.47, horizon=0.5),
    "wide": Frame(0.5, 0.74, 0.17, horizon=0.62),
    "low angle": Frame(0.5, 0.84, 0.36, tall=1.35, horizon=0.8),
    "through a doorway": Frame(0.5, 0.72, 0.24, horizon=0.6),
    "through a window": Frame(0.5, 0.62, 0.24, horizon=0.54),
}


def pen_for(cv: Canvas, framing: str, nudge: float) -> Pen:
    f = FRAMES[framing]
    half = f.half * cv.w
    cx = (f.cx + nudge * (0.5 - f.half) * 0.5) * cv.w
    cy = f.base * cv.h - half * f.tall
    return Pen(cv.w, cv.h, cx, cy, half, f.tall)


def light_colour(cv: Canvas, light: str) -> RGB:
    return cv.pal.warm if light == "lamp" else cv.pal.moon


def backlight(cv: Canvas, pen: Pen, light: str) -> None:
    """Light on the backdrop around the subject: a pool on the wall, or the glow it stands in."""
    col = light_colour(cv, light)
    x, y = pen.at(0.0, -0.1)
    r = pen.half * (1.6 if light == "back" else 1.2)
    strength = {"back": 0.55, "lamp": 0.2, "moon": 0.14}[light]
    d = pr.radial(cv.w, cv.h, x, y, r)
    cv.light(np.exp(-d * d * 1.4), col, strength)


def paint(cv: Canvas, pen: Pen, light: str) -> None:
    """The subject's layers onto the canvas, lit."""
    col = light_colour(cv, light)
    pal = cv.pal
    body, pale = pen.masks["body"], pen.masks["pale"]
    if light == "back":
        cv.fill(body, pal.shadow, blur=0.6)
        cv.fill(pale, mix(pal.shadow, pal.fog, 0.35), blur=0.6)
    else:
        cv.fill(body, mix(scale(pal.fog, 0.45), col, 0.35), blur=0.6, texture=0.4)
        cv.fill(pale, mix(pal.fog, col, 0.35), blur=0.6, texture=0.3)
        _shade(cv, pen, col)
    glow = pen.masks["glow"]
    lit = glow.getbbox() is not None
    cv.fill(pen.masks["shade"], scale(pal.shadow, 0.5), blur=0.4)
    if lit:  # the lit core next, so details (text on a screen, a cage) sit on top of it
        cv.fill(glow, pal.warm, blur=0.8)
    cv.fill(pen.masks["dark"], scale(pal.shadow, 0.5 if light == "back" else 1.0), blur=0.4)
    if lit:
        halo = np.asarray(glow, dtype=np.float32) * (1.0 / 255.0)
        cv.light(pr.bloom(halo, 40 * cv.u), pal.warm, 0.6)
        for u, v in pen.lights[:3]:
            x, y = pen.at(u, v)
            cv.point_light(x, y, pen.half * 0.5 / cv.u, pal.warm, 0.5)


def _shade(cv: Canvas, pen: Pen, col: RGB) -> None:
    """Light falls from the upper left: the far side of the thing turns dark."""
    box = pen.masks["body"].getbbox()
    if box is None:
        return
    x0, y0, x1, y1 = box
    ramp = np.linspace(0.0, 1.0, x1 - x0, dtype=np.float32)[None, :]
    drop = np.linspace(0.0, 0.5, y1 - y0, dtype=np.float32)[:, None]
    shade = np.clip(ramp * 0.8 + drop, 0, 1) * 0.75
    a = (np.asarray(pen.masks["body"].crop(box), np.float32) / 255.0) * shade
    cv.img[y0:y1, x0:x1] *= (1.0 - a)[..., None]


# Whole-frame places are reframed by cropping: (kept fraction, crop position in x, in y, mirror).
# Mirroring is free and turns the same place into a different-looking frame.
CROPS = {
    "close-up": (0.5, 0.5, 0.45, False),
    "medium": (0.7, 0.15, 0.5, True),
    "low angle": (0.62, 0.5, 1.0, True),
    "through a window": (0.85, 0.5, 0.3, True),
    "through a doorway": (0.7, 0.9, 0.7, False),
}


def reframe(cv: Canvas, framing: str) -> None:
    if framing not in CROPS:
        return
    k, fx, fy, mirror = CROPS[framing]
    cw, ch = int(cv.w * k), int(cv.h * k)
    x0, y0 = int((cv.w - cw) * fx), int((cv.h - ch) * fy)
    crop = cv.img[y0 : y0 + ch, x0 : x0 + cw]
    if mirror:
        crop = crop[:, ::-1]
    for c in range(3):
        cv.img[..., c] = pr.upscale(np.ascontiguousarray(crop[..., c]), cv.w, cv.h)
