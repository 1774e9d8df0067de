"""One procedural horror still from its arguments, as PNG bytes that say what they show.

The shot (shots.py) gives subject, backdrop, framing and light; style and mood give the
palette; the seed varies the details. All randomness flows from one generator seeded by a hash
of every argument, so the same request always gives the same PNG bytes. The frame is drawn at
most DRAW_WIDTH wide and scaled up: soft film stills need no more, and it keeps a still well
under half a second on one core (bench/painting.py).
"""

import hashlib
import io
import json
from typing import Any

import numpy as np
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from services.visual.engine import backdrop, figures, framing, indoor, outdoor, staging
from services.visual.engine.canvas import Canvas
from services.visual.engine.finish import finish
from services.visual.engine.palette import choose
from services.visual.engine.plan import Plan
from services.visual.engine.shots import Shot, shot_for
from services.visual.record import RECORD_KEY

DRAW_WIDTH = 432


def render(prompt: str, style: str, mood: str, seed: int, width: int, height: int, *,
           index: int = 0, prompts: tuple[str, ...] = (), job_seed: int = 0) -> bytes:  # fmt: skip
    """The still for scene `index` of a job whose image prompts are `prompts` (when known)."""
    shot = shot_for(prompt, index, list(prompts), job_seed)
    return paint(shot, f"{prompt}\x1f{style}", mood, seed, width, height)


def paint(shot: Shot, style: str, mood: str, seed: int, width: int, height: int) -> bytes:
    """A given shot as PNG bytes, its record in the RECORD_KEY text chunk."""
    key = "\x1f".join((style, mood, str(seed), str(width), str(height), shot.framing, shot.light))
    # hashlib, not hash(): str hashes are salted per process and would break determinism.
    rng = np.random.default_rng(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))
    scale = min(1.0, DRAW_WIDTH / width)
    dw, dh = max(16, round(width * scale)), max(16, round(height * scale))
    cv = Canvas(dw, dh, choose(style, mood, ""), rng)
    draw(cv, shot)
    img = Image.fromarray(finish(cv))
    if img.size != (width, height):
        img = img.resize((width, height), Image.Resampling.BICUBIC)
    info = PngInfo()
    info.add_text(RECORD_KEY, json.dumps(record(shot)))
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=1, pnginfo=info)
    return buf.getvalue()


def record(shot: Shot) -> dict[str, Any]:
    r = shot.reading
    return {
        "subject": r.subject.name,
        "kind": r.subject.kind,
        "named_in_prompt": r.named,
        "framing": shot.framing,
        "light": shot.light,
        "setting": "own" if r.subject.scene else r.backdrop,
        "extras": sorted(r.extras),
    }


def draw(cv: Canvas, shot: Shot) -> None:
    r, rng = shot.reading, cv.rng
    extras = set(r.extras) | ({"lit"} if shot.light == "lamp" else set())
    if r.subject.kind == "weather":
        extras.add({"lightning": "rain"}.get(r.subject.name, r.subject.name))
    plan = Plan(setting="", figure=None, extras=frozenset(extras))
    if r.subject.scene:  # a place that paints the whole frame itself
        plan = Plan(setting=r.subject.scene, figure="figure" if "figure" in r.extras else None,
                    extras=frozenset(extras), mentions=frozenset({r.subject.scene}))  # fmt: skip
        (indoor if plan.indoor else outdoor).paint(cv, plan)
        staging.reframe(cv, shot.framing)
    else:
        f = staging.FRAMES[shot.framing]
        horizon = f.horizon * cv.h
        if r.backdrop in backdrop.INDOOR:
            backdrop.indoor(cv, r.backdrop, horizon)
        else:
            backdrop.outdoor(cv, r.backdrop, horizon, moon_in_sky=r.subject.name != "moon")
        pen = staging.pen_for(cv, shot.framing, float(rng.uniform(-1, 1)))
        r.subject.draw(pen)
        staging.backlight(cv, pen, shot.light)
        staging.paint(cv, pen, shot.light)
        if "figure" in r.extras and r.subject.kind != "figure" and shot.framing == "wide":
            x = cv.w * (0.22 if rng.random() < 0.5 else 0.78)
            figures.stand(cv, (x, f.base * cv.h, 0.22 * cv.h), "figure", False)
    outdoor.weather(cv, plan)
    if "fog" in extras:
        cv.fog_band(0.75, 0.12, 0.9)
        cv.fog_band(0.5, 0.1, 0.6)
    if shot.framing == "through a doorway":
        framing.doorway(cv)
    elif shot.framing == "through a window":
        framing.window(cv)
