"""An indoor still: a hallway or a stairwell in perspective, a door (rooms) or a window."""

from services.visual.engine import figures, rooms, window
from services.visual.engine import procedural as pr
from services.visual.engine.canvas import Canvas, polygon
from services.visual.engine.corridor import BACK, CEILING, HALF_WIDTH, Box
from services.visual.engine.palette import mix
from services.visual.engine.plan import Plan

HUMAN = 1.1  # a person's height in box units (the eye is 1.0 above the floor)


def paint(cv: Canvas, plan: Plan) -> None:
    match plan.setting:
        case "corridor":
            hallway(cv, plan)
        case "stairs":
            stairwell(cv, plan)
        case "door":
            rooms.door(cv, plan)
        case _:
            window.window(cv, plan)


def _lamp_colour(cv: Canvas, plan: Plan) -> tuple[float, float, float]:
    return cv.pal.warm if "lit" in plan.extras else cv.pal.moon


def hallway(cv: Canvas, plan: Plan) -> None:
    rng = cv.rng
    box = Box(cv, cv.w * rng.uniform(0.44, 0.56), cv.h * rng.uniform(0.42, 0.47))
    light = _lamp_colour(cv, plan)
    z = box.render(light)
    ajar = int(rng.integers(3))
    for i, z0 in enumerate((0.9, 2.2, 3.4)):
        side = 1 if (i + int(rng.integers(2))) % 2 else -1
        door = box.doorway(side, z0, z0 + 0.55, -0.55)
        m = cv.mask(polygon(door))
        cv.fill(m, cv.pal.shadow, opacity=0.85)
        if i == ajar:  # light from one open door lies across the floor
            edge = [
                box.proj(side * HALF_WIDTH, box.floor_y(z0 + 0.5), z0 + 0.5),
                box.proj(side * HALF_WIDTH * 0.2, box.floor_y(z0 + 0.3), z0 + 0.3),
                box.proj(side * HALF_WIDTH * 0.2, box.floor_y(z0 + 0.7), z0 + 0.7),
                box.proj(side * HALF_WIDTH, box.floor_y(z0 + 0.55), z0 + 0.55),
            ]
            spill = cv.mask(polygon(edge))
            cv.light(pr.soft(spill, 8 * cv.u), cv.pal.warm, 0.12)
    for zl in (1.4, 2.8, 4.2):  # ceiling lamps, all dead but the middle one
        quad = [
            box.proj(-0.15, -CEILING, zl),
            box.proj(0.15, -CEILING, zl),
            box.proj(0.15, -CEILING, zl + 0.25),
            box.proj(-0.15, -CEILING, zl + 0.25),
        ]
        m = cv.mask(polygon(quad))
        if zl == 2.8:
            cv.glow(m, light, core=0.6, radius=60, halo=0.25)
        else:
            cv.fill(m, cv.pal.shadow, opacity=0.7)
    box.back_light(z, light, 0.75)
    if plan.figure:
        zf = BACK - 0.25
        x, feet = box.proj(rng.uniform(-0.25, 0.25), box.floor_y(zf), zf)
        figures.stand(cv, (x, feet, box.f * HUMAN / zf), plan.figure, "eyes" in plan.extras)


def stairwell(cv: Canvas, plan: Plan) -> None:
    rng = cv.rng
    box = Box(
        cv, cv.w * rng.uniform(0.4, 0.6), cv.h * rng.uniform(0.26, 0.34), rng.uniform(0.3, 0.5)
    )
    light = _lamp_colour(cv, plan)
    z = box.render(light, steps=rng.uniform(2.0, 2.8))
    box.back_light(z, mix(cv.pal.warm, cv.pal.fog, 0.5), 0.3)  # lamplight through dust
    if "door" in plan.mentions:  # the door at the bottom, open just a crack
        zb = BACK - 0.01
        leaf = [
            box.proj(-0.5, -0.8, zb),
            box.proj(0.38, -0.8, zb),
            box.proj(0.38, box.floor_y(zb), zb),
            box.proj(-0.5, box.floor_y(zb), zb),
        ]
        cv.fill(cv.mask(lambda d: d.polygon(leaf, fill=255)), cv.toward_fog(cv.pal.shadow, 0.3))
    side = -1 if rng.random() < 0.5 else 1
    rail = box.rail(side, 0.45, 0.05)
    cv.fill(cv.mask(lambda d: d.polygon(rail, fill=255)), cv.toward_fog(cv.pal.shadow, 0.5))
    bx, by = cv.w * rng.uniform(0.35, 0.65), cv.h * 0.16
    cv.fill(
        cv.mask(lambda d: d.line([(bx, 0), (bx, by)], fill=255, width=max(1, round(2 * cv.u)))),
        cv.pal.shadow,
    )
    bulb = cv.mask(
        lambda d: d.ellipse([bx - 14 * cv.u, by, bx + 14 * cv.u, by + 34 * cv.u], fill=255)
    )
    cv.glow(bulb, cv.pal.warm, core=1.0, radius=30, halo=0.5)
    cv.point_light(bx, by + 17 * cv.u, 60, cv.pal.warm, 0.35)
    if plan.figure:
        zf = BACK - 0.4
        x, feet = box.proj(rng.uniform(-0.3, 0.3), box.floor_y(zf), zf)
        figures.stand(cv, (x, feet, box.f * HUMAN / zf), plan.figure, "eyes" in plan.extras)
