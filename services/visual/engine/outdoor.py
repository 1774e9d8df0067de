"""An outdoor still: sky, the setting, its figure, weather and the closing ground fog."""

from PIL import ImageDraw

from services.visual.engine import figures, sky
from services.visual.engine import places_built as built
from services.visual.engine import places_wild as wild
from services.visual.engine.canvas import Canvas
from services.visual.engine.plan import Plan


def paint(cv: Canvas, plan: Plan) -> None:
    h, rng = cv.h, cv.rng
    horizon = rng.uniform(0.56, 0.62) * h
    moon = sky.paint(cv, horizon, big_moon="moon" in plan.extras)
    sky.ground_texture(cv, horizon)
    if "birds" in plan.extras:
        cv.silhouette(lambda d: figures.birds(d, rng, cv.w, h, cv.u), 0.3, blur=0.6)
    lit = 1 + int(rng.integers(2)) * ("lit" in plan.extras)  # one lit window is the scarier one
    match plan.setting:
        case "house":
            spot = built.house(cv, horizon, lit)
        case "church":
            spot = built.church(cv, horizon, lit)
        case "road":
            spot = built.road(cv, horizon, plan.figure is not None)
        case "forest":
            spot = wild.forest(cv, horizon)
        case "sea":
            spot = wild.sea(cv, horizon, moon)
        case _:
            spot = wild.field(cv, horizon, lit, scarecrow=plan.figure is None)
    if plan.figure:
        figures.stand(cv, spot, plan.figure, "eyes" in plan.extras)
    weather(cv, plan)


def weather(cv: Canvas, plan: Plan) -> None:
    rng = cv.rng
    if "rain" in plan.extras:
        n = int(900 * cv.u * cv.u * cv.h / 1920)
        xs, ys = rng.uniform(0, cv.w, n), rng.uniform(0, cv.h, n)
        lens = rng.uniform(25, 70, n) * cv.u

        def rain(d: ImageDraw.ImageDraw) -> None:
            for x, y, ln in zip(xs, ys, lens, strict=True):
                d.line([(x, y), (x - ln * 0.18, y + ln)], fill=255, width=max(1, round(cv.u * 1.5)))

        cv.fill(cv.mask(rain), cv.pal.moon, opacity=0.14, blur=0.6)
    if "snow" in plan.extras:
        n = int(1400 * cv.u * cv.u * cv.h / 1920)
        xs, ys, rs = rng.uniform(0, cv.w, n), rng.uniform(0, cv.h, n), rng.uniform(1.5, 5, n) * cv.u

        def snow(d: ImageDraw.ImageDraw) -> None:
            for x, y, r in zip(xs, ys, rs, strict=True):
                d.ellipse([x - r, y - r, x + r, y + r], fill=255)

        cv.fill(cv.mask(snow), cv.pal.moon, opacity=0.3, blur=1.5)
