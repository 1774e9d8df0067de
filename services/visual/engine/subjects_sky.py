"""Weather and the night itself: fog, rain, lightning, snow, the moon.

The pen draws what the weather is seen *on* (a lamp post in fog, a lone tree in the storm);
the still adds the weather over the whole frame (its name joins the reading's extras).
"""

from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject


@subject("fog", "foggy|mist|misty|haze|hazy|smoke|smoke curling|vapor|vapour|"
         "breath fogging", "weather",
         light="back")  # fmt: skip
def fog(p: Pen) -> None:
    p.line([(0.0, 1.0), (0.0, -0.8)], 0.05)  # a street lamp, and someone under it
    p.line([(0.0, -0.8), (0.25, -0.85)], 0.04)
    p.glow(0.18, -0.82, 0.34, -0.68)
    p.ell(-0.42, 0.05, -0.3, 0.2)
    p.poly([(-0.45, 0.2), (-0.27, 0.2), (-0.25, 1.0), (-0.47, 1.0)])


@subject("rain", "raining|downpour|rainstorm|drizzle|wet|puddle|puddles", "weather",
         light="back")  # fmt: skip
def rain(p: Pen) -> None:
    p.line([(0.25, 1.0), (0.25, -0.9)], 0.04)  # a street lamp over a black umbrella
    p.glow(0.12, -0.95, 0.38, -0.78)
    p.poly([(-0.8, -0.15), (-0.7, -0.35), (-0.35, -0.5), (0.0, -0.35), (0.1, -0.15)])
    p.line([(-0.35, -0.4), (-0.35, 0.1)], 0.015)
    p.poly([(-0.5, -0.2), (-0.2, -0.2), (-0.15, 1.0), (-0.55, 1.0)])
    p.ell(-0.8, 0.92, 0.6, 1.02, "pale")  # the puddle catching the lamp


@subject("lightning", "storm|thunderstorm|thunder|lightning strike|stormy", "weather",
         where="out", light="back")  # fmt: skip
def lightning(p: Pen) -> None:
    p.line([(0.1, -1.6), (-0.1, -1.1), (0.15, -0.9), (-0.05, -0.4), (0.05, -0.3)], 0.03, "glow")
    p.line([(0.15, -0.9), (0.4, -0.7)], 0.015, "glow")
    p.poly([(-0.9, 1.0), (-0.9, 0.4), (-0.6, 0.15), (-0.3, 0.4), (-0.3, 1.0)])  # a farmhouse
    p.rect(-0.75, 0.55, -0.6, 0.72, "glow")
    p.poly([(0.4, 1.0), (0.45, 0.3), (0.5, 1.0)])  # and a lone tree bent by the wind
    p.line([(0.47, 0.4), (0.8, 0.2)], 0.02)
    p.line([(0.47, 0.5), (0.75, 0.45)], 0.02)


@subject("snow", "snowing|blizzard|snowstorm|winter|snowfall|frozen|ice", "weather", where="out",
         light="moon")  # fmt: skip
def snow(p: Pen) -> None:
    p.poly([(-1.0, 0.6), (-0.3, 0.45), (0.4, 0.55), (1.0, 0.4), (1.0, 1.0), (-1.0, 1.0)], "pale")
    for k in range(6):  # footprints in the snow leading away
        u, v = -0.1 + k * 0.06 * (1 if k % 2 else -1), 0.95 - k * 0.08
        p.ell(u - 0.03 + 0.0, v - 0.02, u + 0.03, v + 0.02, "dark")
    p.ell(-0.02, -0.08, 0.08, 0.04)  # the one who made them, far off
    p.poly([(-0.04, 0.04), (0.1, 0.04), (0.11, 0.45), (-0.05, 0.45)])


@subject("moon", "full moon|moonlight|moonlit|blood moon|harvest moon|night sky|star|stars|"
         "dead star", "weather",
         where="out", light="back")  # fmt: skip
def moon(p: Pen) -> None:
    p.ell(-0.55, -1.0, 0.55, 0.1, "glow")  # it is the light in the frame
    p.line([(-0.9, -0.3), (0.9, -0.5)], 0.04)  # a thin cloud across it
    p.poly([(-1.0, 1.0), (-0.6, 0.7), (-0.2, 0.82), (0.3, 0.6), (0.7, 0.75), (1.0, 0.65),
            (1.0, 1.0)])  # fmt: skip  # the black hills under it
    p.line([(0.25, 0.62), (0.25, 0.4)], 0.02)  # a howling shape on the ridge
    p.poly([(0.18, 0.62), (0.22, 0.45), (0.32, 0.4), (0.35, 0.62)])
