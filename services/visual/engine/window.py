"""A dark bedroom wall with a window onto the moonlit night, curtains drawn to the sides."""

from PIL import ImageDraw

from services.visual.engine import figures, sky, trees
from services.visual.engine import procedural as pr
from services.visual.engine.canvas import Canvas, polygon
from services.visual.engine.plan import Plan
from services.visual.engine.rooms import wall


def window(cv: Canvas, plan: Plan) -> None:
    w, h, rng = cv.w, cv.h, cv.rng
    x0, x1, top, bottom = 0.2 * w, 0.8 * w, 0.18 * h, 0.58 * h
    horizon = bottom - 0.06 * h
    # The moon sits low enough to be seen through the glass.
    sky.paint(cv, horizon, big_moon="moon" in plan.extras, moon_y=(0.25, 0.32))
    sky.hills(cv, horizon, 60 * cv.u, 0.8, 2)
    tx = w * rng.uniform(0.3, 0.7)
    cv.silhouette(lambda d: trees.bare_tree(d, tx, horizon + 0.05 * h, 0.45 * h, rng), 0.45)
    if plan.figure:  # someone standing out on the lawn, looking in
        figures.stand(
            cv,
            (w * rng.uniform(0.35, 0.65), horizon + 0.04 * h, 0.1 * h),
            plan.figure,
            "eyes" in plan.extras,
        )
    outside = cv.img.copy()
    wall(cv, 0.82 * h, 0.07)
    hole = cv.mask(lambda d: d.rectangle([x0, top, x1, bottom], fill=255))
    a = pr.soft(hole, 0)[..., None]
    cv.img[:] = cv.img * (1 - a) + outside * a
    bar = max(2, round(16 * cv.u))
    frame_col = cv.toward_fog(cv.pal.shadow, 0.2)

    def frame(d: ImageDraw.ImageDraw) -> None:
        d.rectangle([x0, top, x1, bottom], outline=255, width=bar * 2)
        d.line([((x0 + x1) / 2, top), ((x0 + x1) / 2, bottom)], fill=255, width=bar)
        d.line([(x0, (top + bottom) / 2), (x1, (top + bottom) / 2)], fill=255, width=bar)
        d.rectangle([x0 - 40 * cv.u, bottom, x1 + 40 * cv.u, bottom + 24 * cv.u], fill=255)

    cv.fill(cv.mask(frame), frame_col)
    # Moonlight through the panes, thrown down and across the floor.
    floor_y, skew = 0.86 * h, (0.5 - rng.random()) * 0.4 * w
    patch = [
        (x0, bottom + 0.03 * h),
        (x1, bottom + 0.03 * h),
        (x1 + skew, floor_y + 0.1 * h),
        (x0 + skew, floor_y + 0.1 * h),
    ]
    cv.light(pr.soft(cv.mask(lambda d: d.polygon(patch, fill=255)), 30 * cv.u), cv.pal.moon, 0.12)
    for side in (-1, 1):  # heavy curtains drawn to the sides, folds catching the light
        cx = w / 2 + side * 0.36 * w
        drape = [
            (cx - 0.14 * w, 0.1 * h),
            (cx + 0.14 * w, 0.1 * h),
            (cx + 0.1 * w + side * 0.05 * w, 0.86 * h),
            (cx - 0.12 * w + side * 0.05 * w, 0.86 * h),
        ]
        cv.silhouette(polygon(drape), 0.12, blur=3)
        for k in range(5):
            fx = cx - 0.1 * w + k * 0.05 * w
            fold = [
                (fx, 0.1 * h),
                (fx + 6 * cv.u, 0.1 * h),
                (fx + side * 0.04 * w + 10 * cv.u, 0.86 * h),
                (fx + side * 0.04 * w, 0.86 * h),
            ]
            cv.fill(cv.mask(polygon(fold)), cv.pal.fog, opacity=0.06, blur=6)
