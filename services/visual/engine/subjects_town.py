"""Places people share at night: a town's street, the last train, a radio tower."""

from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject


@subject("town", "towns|village|street|street of houses|houses|neighborhood|neighbourhood|suburb|"
         "main street|city", "place", where="out", light="back")  # fmt: skip
def town(p: Pen) -> None:
    for k, (u, top) in enumerate(((-1.0, -0.2), (-0.55, 0.0), (-0.1, -0.35), (0.35, -0.1),
                                  (0.75, 0.05))):  # fmt: skip
        p.poly([(u, 1.0), (u, top + 0.25), (u + 0.2, top), (u + 0.4, top + 0.25), (u + 0.4, 1.0)])
        for j in range(2):
            lit = (k * 3 + j) % 5 == 0  # one window in five still lit
            p.rect(u + 0.07 + j * 0.15, top + 0.4, u + 0.16 + j * 0.15, top + 0.55,
                   "glow" if lit else "dark")  # fmt: skip
    p.line([(0.0, 1.0), (0.0, 0.4)], 0.02)  # a street lamp, out


@subject("train", "trains|last train|subway|subway station|station|platform|carriage|railway|"
         "railroad|tracks|train station", "place", light="back")  # fmt: skip
def train(p: Pen) -> None:
    p.poly([(-1.0, -0.5), (0.9, -0.5), (1.0, -0.35), (1.0, 0.55), (-1.0, 0.55)])  # the carriage
    for k in range(4):
        u = -0.9 + k * 0.48
        p.rect(u, -0.35, u + 0.36, 0.05, "glow")  # lit windows, empty seats
    p.ell(0.28, -0.28, 0.38, -0.16, "dark")  # one passenger, facing out
    p.rect(0.26, -0.16, 0.4, 0.05, "dark")
    p.rect(-1.0, 0.6, 1.0, 0.68, "pale")  # the platform edge
    p.rect(-1.0, 0.68, 1.0, 1.0)
    p.line([(-0.6, -0.5), (-0.6, -1.0)], 0.03)  # the station clock on its post
    p.ell(-0.75, -1.0, -0.45, -0.72, "pale")


@subject("radio_tower", "tower|towers|radio tower|water tower|transmitter|antenna|mast|signal|"
         "pylon", "place", where="out", light="back")  # fmt: skip
def radio_tower(p: Pen) -> None:
    p.line([(-0.45, 1.0), (0.0, -0.95), (0.45, 1.0)], 0.04)
    for k in range(8):  # the lattice
        v0, v1 = -0.7 + k * 0.21, -0.7 + (k + 1) * 0.21
        w0, w1 = 0.45 * (v0 + 0.95) / 1.95, 0.45 * (v1 + 0.95) / 1.95
        p.line([(-w0, v0), (w1, v1)], 0.015)
        p.line([(w0, v0), (-w1, v1)], 0.015)
        p.line([(-w0, v0), (w0, v0)], 0.015)
    p.glow(-0.05, -1.02, 0.05, -0.92)  # the red warning light
    p.line([(0.0, -0.9), (-1.0, 0.9)], 0.005)  # guy wires
    p.line([(0.0, -0.9), (1.0, 0.9)], 0.005)
