"""A room seen straight on: stained walls, and a door with light (or something) behind it."""

import numpy as np

from services.visual.engine import figures
from services.visual.engine import procedural as pr
from services.visual.engine.canvas import Canvas, ellipse, rectangle
from services.visual.engine.plan import Plan


def wall(cv: Canvas, floor: float, brightness: float) -> None:
    """Stained wallpaper down to the floor line, dark boards below."""
    w, h = cv.w, cv.h
    grime = pr.fbm(cv.rng, w, h, cells=6, octaves=5)
    stripes = 0.85 + 0.15 * (np.sin(np.arange(w, dtype=np.float32) / (w / 14) * np.pi * 2) > 0.6)
    tone = (0.35 + 0.65 * grime) * stripes[None, :] * brightness
    fl = int(floor)
    tone[fl:] = (0.25 + 0.4 * grime[fl:]) * brightness * 0.6
    cv.img[:] = tone[..., None] * np.asarray(cv.pal.fog, np.float32)
    cv.fill(
        cv.mask(lambda d: d.rectangle([0, fl - 6 * cv.u, w, fl + 10 * cv.u], fill=255)),
        cv.pal.shadow,
    )


def door(cv: Canvas, plan: Plan) -> None:
    w, h, rng = cv.w, cv.h, cv.rng
    floor = 0.8 * h
    wall(cv, floor, 0.22)
    dw, dh = 0.42 * w, 0.55 * h
    x0, x1, top = (w - dw) / 2, (w + dw) / 2, floor - dh
    frame = cv.mask(
        lambda d: d.rectangle([x0 - 26 * cv.u, top - 26 * cv.u, x1 + 26 * cv.u, floor], fill=255)
    )
    cv.fill(frame, cv.toward_fog(cv.pal.shadow, 0.25))
    gap = dw * (0.55 if plan.figure else 0.08 + 0.05 * rng.random())
    inside = "eyes" not in plan.extras or plan.figure is not None
    opening = cv.mask(lambda d: d.rectangle([x0, top, x0 + gap, floor], fill=255))
    if inside:  # the room beyond is lit; its light is the brightest thing in the frame
        cv.glow(opening, cv.pal.warm, core=0.9, radius=120, halo=0.45)
        spill = [(x0, floor), (x0 + gap, floor), (x0 + gap * 2.2 + 0.25 * w, h), (x0 - 0.2 * w, h)]
        cv.light(
            pr.soft(cv.mask(lambda d: d.polygon(spill, fill=255)), 12 * cv.u), cv.pal.warm, 0.35
        )
    else:
        cv.fill(opening, (0.0, 0.0, 0.0))
    panel = [(x0 + gap, top), (x1, top), (x1, floor), (x0 + gap, floor)]
    leaf = cv.mask(lambda d: d.polygon(panel, fill=255))
    cv.fill(leaf, cv.toward_fog(cv.pal.shadow, 0.35))
    # Old paint: the door's face is as stained as the wall, lit a little from the gap.
    grain = pr.fbm(rng, w, h, cells=10, octaves=4) * pr.soft(leaf, 0)
    cv.light(
        grain * np.exp(-np.abs(np.arange(w) - x0 - gap) / (0.3 * w))[None, :], cv.pal.fog, 0.12
    )
    for py0, py1 in ((0.08, 0.45), (0.55, 0.92)):  # recessed panels catch a little light
        inset = [
            x0 + gap + 0.12 * (x1 - x0 - gap),
            top + py0 * dh,
            x1 - 0.1 * (x1 - x0 - gap),
            top + py1 * dh,
        ]
        cv.fill(
            cv.mask(rectangle(inset, outline_width=max(1, round(5 * cv.u)))),
            cv.pal.shadow,
            opacity=0.6,
        )
    knob = (x0 + gap + 0.08 * dw, top + 0.55 * dh)
    cv.fill(
        cv.mask(
            lambda d: d.ellipse(
                [
                    knob[0] - 12 * cv.u,
                    knob[1] - 12 * cv.u,
                    knob[0] + 12 * cv.u,
                    knob[1] + 12 * cv.u,
                ],
                fill=255,
            )
        ),
        cv.pal.moon,
        opacity=0.25,
    )
    if plan.figure:
        figures.stand(
            cv,
            (x0 + gap * 0.5, floor, dh * 0.85 if plan.figure != "child" else dh * 0.55),
            plan.figure,
            "eyes" in plan.extras,
        )
    elif not inside:  # something looking out through the gap
        for ex in (x0 + gap * 0.3, x0 + gap * 0.7):
            eye = cv.mask(
                ellipse([ex - 5 * cv.u, top + 0.35 * dh, ex + 5 * cv.u, top + 0.35 * dh + 8 * cv.u])
            )
            cv.glow(eye, (1.0, 0.9, 0.7), core=1.0, radius=14, halo=0.9)
