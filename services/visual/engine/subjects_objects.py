"""Objects of dread: keys, blades, a coffin, a skull, a mask, a bell, marks left behind."""

from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject


@subject("key", "keys|skeleton key|old key|house key|keyhole|lock|padlock", "object", light="moon")
def key(p: Pen) -> None:
    p.ring(-0.95, -0.4, -0.25, 0.3, 0.12, "pale")  # the bow, old brass
    p.rect(-0.3, -0.1, 0.9, 0.02, "pale")  # the shaft
    p.rect(0.55, 0.02, 0.65, 0.3, "pale")  # the bit's teeth
    p.rect(0.75, 0.02, 0.88, 0.22, "pale")


@subject("knife", "knives|blade|kitchen knife|dagger|razor|cleaver", "object", light="moon")
def knife(p: Pen) -> None:
    p.poly([(-0.95, -0.08), (0.1, -0.12), (0.1, 0.12), (-0.95, 0.1)])  # the handle
    for u in (-0.7, -0.4, -0.1):
        p.ell(u - 0.04, -0.04, u + 0.04, 0.04, "pale")  # rivets
    p.poly([(0.1, -0.16), (0.95, -0.05), (0.98, 0.0), (0.1, 0.18)], "pale")  # the blade
    p.poly([(0.6, 0.05), (0.9, 0.0), (0.75, 0.1)], "dark")  # a dark stain near the tip


@subject("axe", "axes|hatchet|woodcutter|chopping", "object", light="moon")
def axe(p: Pen) -> None:
    p.line([(-0.5, 1.0), (0.25, -0.9)], 0.09)  # the haft
    p.poly([(0.05, -0.85), (0.65, -1.0), (0.85, -0.55), (0.62, -0.35), (0.1, -0.55)], "pale")
    p.line([(0.7, -0.95), (0.88, -0.5)], 0.04, "dark")  # the edge, chipped
    p.poly([(-0.9, 0.75), (0.9, 0.75), (0.8, 1.0), (-0.8, 1.0)])  # the chopping block


@subject("scissors", "shears|pair of scissors", "object", light="moon")
def scissors(p: Pen) -> None:
    p.ring(-0.95, 0.15, -0.45, 0.65, 0.1)
    p.ring(-0.95, -0.65, -0.45, -0.15, 0.1)
    p.poly([(-0.5, 0.25), (0.95, -0.1), (-0.4, 0.05)], "pale")
    p.poly([(-0.5, -0.25), (0.95, 0.1), (-0.4, -0.05)], "pale")
    p.ell(-0.25, -0.05, -0.15, 0.05, "dark")


@subject("chest", "chests|trunk|trunks|box|boxes|crate|cardboard box|footlocker", "object")
def chest(p: Pen) -> None:
    p.rect(-0.9, -0.1, 0.9, 0.95)
    p.poly([(-0.9, -0.1), (-0.85, -0.45), (0.0, -0.6), (0.85, -0.45), (0.9, -0.1)])  # round lid
    for u in (-0.6, 0.6):
        p.rect(u - 0.06, -0.5, u + 0.06, 0.95, "dark")  # iron bands
    p.rect(-0.12, -0.15, 0.12, 0.2, "pale")  # the hasp
    p.rect(-0.04, -0.02, 0.04, 0.12, "dark")
    p.line([(-0.85, -0.12), (0.85, -0.12)], 0.04, "glow")  # light leaking from inside


@subject("coffin", "coffins|casket|caskets|funeral|wake|burial", "object", light="moon")
def coffin(p: Pen) -> None:
    p.poly([(0.0, -1.0), (0.45, -0.7), (0.3, 1.0), (-0.3, 1.0), (-0.45, -0.7)])
    p.poly([(0.0, -0.9), (0.37, -0.66), (0.24, 0.92), (-0.24, 0.92), (-0.37, -0.66)], "pale")
    p.rect(-0.04, -0.55, 0.04, 0.1, "dark")  # the cross on the lid
    p.rect(-0.16, -0.4, 0.16, -0.32, "dark")
    p.poly([(0.37, -0.66), (0.7, -0.55), (0.55, 1.0), (0.3, 1.0)])  # the lid pushed aside


@subject("skull", "skulls|bones|skeleton|bone|remains|cranium", "object", light="moon")
def skull(p: Pen) -> None:
    p.ell(-0.7, -1.0, 0.7, 0.35, "pale")
    p.poly([(-0.45, 0.1), (0.45, 0.1), (0.4, 0.75), (-0.4, 0.75)], "pale")  # the jaw
    p.ell(-0.5, -0.4, -0.1, 0.05, "dark")
    p.ell(0.1, -0.4, 0.5, 0.05, "dark")
    p.poly([(0.0, 0.05), (-0.1, 0.3), (0.1, 0.3)], "dark")  # the nose
    for k in range(6):
        u = -0.3 + k * 0.12
        p.line([(u, 0.45), (u, 0.72)], 0.025, "dark")  # teeth
    p.line([(0.2, -0.95), (0.35, -0.6), (0.25, -0.45)], 0.02, "dark")  # a crack
    p.line([(-0.9, 0.95), (0.9, 0.8)], 0.08, "pale")  # a long bone under it


@subject("jar", "jars|mason jar|specimen jar|bottle|bottles|vial|potion", "object", light="back")
def jar(p: Pen) -> None:
    p.rect(-0.35, -0.95, 0.35, -0.75)  # the lid
    p.poly([(-0.4, -0.75), (0.4, -0.75), (0.6, -0.5), (0.6, 0.95), (-0.6, 0.95), (-0.6, -0.5)],
           "pale")  # fmt: skip
    p.ell(-0.35, -0.2, 0.35, 0.6, "dark")  # something floating in it
    p.ell(-0.12, -0.05, -0.02, 0.05, "pale")
    p.line([(0.45, -0.4), (0.45, 0.8)], 0.04, "glow")  # a glint down the glass


@subject("mask", "masks|masked|porcelain mask|animal mask|gas mask|masquerade", "object",
         light="back")  # fmt: skip
def mask(p: Pen) -> None:
    p.ell(-0.6, -0.95, 0.6, 0.7, "pale")
    p.cut("ell", -0.38, -0.4, -0.1, -0.2)
    p.ell(-0.38, -0.4, -0.1, -0.2, "dark")
    p.ell(0.1, -0.4, 0.38, -0.2, "dark")
    p.poly([(-0.3, 0.25), (0.0, 0.4), (0.3, 0.25), (0.0, 0.32)], "dark")  # a thin smile
    p.line([(-0.6, -0.3), (-1.0, -0.4)], 0.02)  # the ribbons
    p.line([(0.6, -0.3), (1.0, -0.4)], 0.02)


@subject("bell", "bells|church bell|ringing|tolling|handbell|chime", "object", light="moon")
def bell(p: Pen) -> None:
    p.line([(0.0, -1.0), (0.0, -0.7)], 0.05)
    p.poly([(-0.2, -0.75), (0.2, -0.75), (0.35, -0.3), (0.45, 0.3), (0.75, 0.55), (-0.75, 0.55),
            (-0.45, 0.3), (-0.35, -0.3)])  # fmt: skip
    p.ell(-0.12, 0.5, 0.12, 0.75)  # the clapper
    p.line([(-0.6, 0.45), (0.6, 0.45)], 0.03, "pale")


@subject("footprints", "footprint|footsteps|tracks|prints|handprint|handprints|muddy prints",
         "object", light="moon")  # fmt: skip
def footprints(p: Pen) -> None:
    for k in range(5):  # a trail of bare feet coming toward the camera, getting bigger
        s = 0.12 + k * 0.05
        u, v = (-0.25 if k % 2 else 0.2) * (0.5 + k * 0.15), -0.9 + k * 0.42
        p.ell(u - s * 0.5, v, u + s * 0.5, v + s * 1.6, "pale")  # wet prints catching the light
        for t in range(5):
            tu = u - s * 0.45 + t * s * 0.22
            p.ell(tu - s * 0.1, v - s * 0.35, tu + s * 0.1, v - s * 0.1, "pale")


@subject("ring", "rings|wedding ring|engagement ring|locket|necklace|rosary|crucifix", "object",
         light="moon")  # fmt: skip
def ring(p: Pen) -> None:
    p.ell(-0.9, 0.2, 0.9, 1.0)  # the velvet box it lies in
    p.ell(-0.75, 0.3, 0.75, 0.9, "dark")
    p.ring(-0.4, -0.35, 0.4, 0.75, 0.12, "pale")  # the band, standing
    p.poly([(-0.15, -0.35), (0.0, -0.6), (0.15, -0.35), (0.0, -0.25)], "glow")  # its stone
