"""Light sources: the one warm thing in a horror frame, and what it shows."""

from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject


def _flame(p: Pen, u: float, v: float, s: float) -> None:
    p.poly([(u, v - 2.2 * s), (u + s, v - 0.6 * s), (u + 0.6 * s, v), (u - 0.6 * s, v),
            (u - s, v - 0.6 * s)], "glow")  # fmt: skip
    p.lights.append((u, v - s))


@subject("candle", "candles|candlelight|candle flame|candlestick|candelabra|blown out|wick",
         "light", light="back")  # fmt: skip
def candle(p: Pen) -> None:
    p.rect(-0.14, -0.35, 0.14, 0.75, "pale")
    p.poly([(-0.14, -0.35), (-0.05, -0.3), (0.0, -0.15), (0.02, -0.32), (0.14, -0.35),
            (0.16, -0.1), (0.14, -0.1)], "pale")  # fmt: skip  # wax running down
    p.line([(0.0, -0.35), (0.0, -0.45)], 0.02, "dark")
    _flame(p, 0.0, -0.45, 0.1)
    p.ell(-0.45, 0.7, 0.45, 0.85)  # the holder
    p.line([(0.45, 0.78), (0.62, 0.6), (0.5, 0.5)], 0.04)


@subject("lantern", "lanterns|oil lamp|kerosene lamp|hurricane lamp|lamp", "light", light="back")
def lantern(p: Pen) -> None:
    p.ring(-0.25, -1.0, 0.25, -0.65, 0.04)  # the handle
    p.poly([(-0.35, -0.72), (0.35, -0.72), (0.2, -0.85), (-0.2, -0.85)])
    p.poly([(-0.3, -0.7), (0.3, -0.7), (0.35, 0.5), (-0.35, 0.5)], "glow")  # the glass
    for u in (-0.32, 0.0, 0.32):
        p.line([(u, -0.7), (u * 1.08, 0.5)], 0.035, "dark")  # the cage
    p.rect(-0.42, 0.5, 0.42, 0.7)
    p.lights.append((0.0, -0.1))


@subject("flashlight", "flashlights|torch|torchlight|flashlight beam|beam of light", "light",
         light="back")  # fmt: skip
def flashlight(p: Pen) -> None:
    p.poly([(-1.0, 0.9), (-0.35, 0.35), (-0.25, 0.5), (-0.85, 1.05)])  # the torch, held low
    p.poly([(-0.3, 0.25), (-0.15, 0.42), (-0.1, 0.6), (-0.45, 0.3)])
    p.poly([(-0.25, 0.35), (0.9, -0.9), (1.0, -0.35), (-0.15, 0.5)], "glow")  # the beam
    p.ell(0.55, -0.65, 0.7, -0.45)  # and what it found
    p.poly([(0.52, -0.45), (0.72, -0.45), (0.75, 0.1), (0.5, 0.1)])


@subject("streetlamp", "streetlamps|street lamp|street lamps|streetlight|street light|lamppost|"
         "lamp post|parking lot", "light", where="out", light="back")  # fmt: skip
def streetlamp(p: Pen) -> None:
    p.line([(0.0, 1.0), (0.0, -0.8), (0.2, -0.95), (0.45, -0.9)], 0.05)
    p.poly([(0.3, -0.9), (0.6, -0.9), (0.55, -0.8), (0.35, -0.8)])
    p.poly([(0.35, -0.8), (0.55, -0.8), (0.95, 1.0), (-0.05, 1.0)], "glow")  # the cone of light
    p.ell(0.3, 0.45, 0.42, 0.58, "dark")  # someone standing at its edge
    p.poly([(0.28, 0.58), (0.44, 0.58), (0.47, 1.0), (0.25, 1.0)], "dark")


@subject("match", "matches|matchstick|lit match|lighter|striking a match", "light", light="back")
def match(p: Pen) -> None:
    p.poly([(-0.7, 1.0), (-0.45, 0.1), (-0.1, 0.05), (0.1, 0.4), (-0.1, 1.0)])  # the fingers
    p.line([(-0.2, 0.1), (0.2, -0.5)], 0.04, "pale")
    p.ell(0.15, -0.6, 0.27, -0.45, "dark")
    _flame(p, 0.22, -0.55, 0.14)


@subject("campfire", "campfires|bonfire|fire|fires|flames|burning|embers|fire pit|pyre",
         "light", where="out", light="back")  # fmt: skip
def campfire(p: Pen) -> None:
    for u, s in ((-0.2, 0.22), (0.05, 0.3), (0.25, 0.2)):
        _flame(p, u, 0.7, s)
    p.line([(-0.6, 0.95), (0.5, 0.65)], 0.08)  # logs
    p.line([(0.6, 0.95), (-0.5, 0.65)], 0.08)
    for u in (-0.85, -0.6, 0.6, 0.85):  # stones in a ring
        p.ell(u - 0.1, 0.85, u + 0.1, 1.0)
    p.ell(-0.95, -0.1, -0.75, 0.1)  # someone sitting at it
    p.poly([(-1.0, 0.1), (-0.7, 0.1), (-0.6, 0.8), (-1.0, 0.8)])


@subject("lightbulb", "light bulb|lightbulb|bare bulb|bulb|ceiling light|flickering light",
         "light", where="in", light="back")  # fmt: skip
def lightbulb(p: Pen) -> None:
    p.line([(0.0, -1.5), (0.0, -0.45)], 0.02)
    p.rect(-0.1, -0.5, 0.1, -0.3)
    p.ell(-0.25, -0.35, 0.25, 0.15, "glow")
    p.lights.append((0.0, -0.1))
    p.line([(0.0, -0.3), (0.05, -0.05)], 0.012, "dark")  # the filament


@subject("neon_sign", "neon|neon sign|vacancy|vacancy sign|motel sign|diner sign|open sign|"
         "roadside inn|motel|inn", "light", where="out", light="back")  # fmt: skip
def neon_sign(p: Pen) -> None:
    p.rect(-0.9, -0.9, 0.9, 0.05)
    p.rect(-0.8, -0.8, 0.8, -0.05, "shade")
    for k in range(7):  # a word in lit tubes, one letter dead
        u = -0.7 + k * 0.2
        if k != 4:
            p.line([(u, -0.65), (u, -0.2), (u + 0.12, -0.2), (u + 0.12, -0.65)], 0.035, "glow")
    p.lights.append((0.0, -0.4))
    p.line([(-0.5, 0.05), (-0.5, 1.0)], 0.05)
    p.line([(0.5, 0.05), (0.5, 1.0)], 0.05)


@subject("chandelier", "chandeliers|candelabrum|ballroom", "light", where="in", light="back")
def chandelier(p: Pen) -> None:
    p.line([(0.0, -1.5), (0.0, -0.5)], 0.02)
    p.ell(-0.12, -0.55, 0.12, -0.3)
    for u in (-0.75, -0.4, 0.4, 0.75):
        p.line([(0.0, -0.35), (u * 0.5, -0.1), (u, -0.2)], 0.03)
        p.rect(u - 0.04, -0.3, u + 0.04, -0.18, "pale")
        _flame(p, u, -0.3, 0.05)
    p.line([(0.0, -0.3), (0.0, 0.1)], 0.02)
    p.ell(-0.06, 0.1, 0.06, 0.25, "pale")


@subject("fireplace", "fireplaces|hearth|mantel|mantelpiece|chimney", "light", where="in",
         light="back")  # fmt: skip
def fireplace(p: Pen) -> None:
    p.rect(-0.95, -0.6, 0.95, -0.45)  # the mantel
    p.rect(-0.8, -0.45, 0.8, 1.0)
    p.poly([(-0.5, 1.0), (-0.5, 0.0), (0.0, -0.25), (0.5, 0.0), (0.5, 1.0)], "shade")
    for u, s in ((-0.15, 0.18), (0.12, 0.22)):
        _flame(p, u, 0.9, s)
    p.rect(-0.6, -0.9, -0.4, -0.6, "pale")  # a framed photograph on the mantel
    p.line([(0.3, -0.6), (0.35, -0.95)], 0.03, "pale")  # and a candle
