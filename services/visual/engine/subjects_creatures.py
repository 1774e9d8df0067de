"""Animals and worse: a wolf, crows, an owl, a spider, rats, moths, a black cat, antlers, eyes."""

import math

from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject


def _eye(p: Pen, u: float, v: float, r: float = 0.04) -> None:
    """A glowing eye: lit, but too small to light the scene."""
    p.ell(u - r, v - r * 0.7, u + r, v + r * 0.7, "glow")


@subject("wolf", "wolves|dog|dogs|hound|hounds|coyote|howling|howl|werewolf", "creature",
         where="out", light="back")  # fmt: skip
def wolf(p: Pen) -> None:
    p.poly([(-0.1, -0.35), (0.3, -1.0), (0.38, -0.75), (0.55, -0.95), (0.5, -0.6), (0.7, -0.5),
            (0.98, -0.4), (0.9, -0.28), (0.55, -0.2), (0.45, 0.1), (0.4, 1.0), (0.28, 1.0),
            (0.25, 0.3), (-0.45, 0.35), (-0.5, 1.0), (-0.62, 1.0), (-0.65, 0.25), (-0.8, 0.1),
            (-1.0, 0.5), (-0.95, 0.0), (-0.7, -0.2)])  # fmt: skip  # head raised, tail down
    _eye(p, 0.52, -0.62, 0.035)


@subject("crow", "crows|raven|ravens|bird|birds|blackbird|vulture|magpie", "creature",
         where="out", light="back")  # fmt: skip
def crow(p: Pen) -> None:
    body = [(-0.2, -0.5), (0.25, -0.75), (0.45, -0.72), (0.75, -0.62), (0.45, -0.55), (0.4, -0.2)]
    p.poly([*body, (0.1, 0.4), (-0.4, 0.7), (-0.95, 0.95), (-0.6, 0.5), (-0.5, 0.0)])
    p.line([(0.0, 0.4), (-0.05, 0.85)], 0.03)
    p.line([(0.15, 0.35), (0.15, 0.85)], 0.03)
    p.rect(-0.9, 0.85, 0.9, 0.95)  # the branch it grips
    _eye(p, 0.32, -0.66, 0.03)


@subject("owl", "owls|barn owl|hooting", "creature", where="out", light="moon")
def owl(p: Pen) -> None:
    p.ell(-0.5, -0.6, 0.5, 0.85)
    p.poly([(-0.5, -0.45), (-0.45, -0.95), (-0.2, -0.6), (0.2, -0.6), (0.45, -0.95), (0.5, -0.45)])
    p.ell(-0.42, -0.55, 0.0, -0.1, "pale")  # the facial discs
    p.ell(0.0, -0.55, 0.42, -0.1, "pale")
    p.ell(-0.28, -0.42, -0.12, -0.25, "glow")
    p.ell(0.12, -0.42, 0.28, -0.25, "glow")
    p.poly([(-0.05, -0.2), (0.05, -0.2), (0.0, -0.05)], "dark")
    p.rect(-0.9, 0.85, 0.9, 0.97)


@subject("spider", "spiders|cobweb|cobwebs|web|spiderweb|tarantula", "creature", light="moon")
def spider(p: Pen) -> None:
    for k in range(8):  # the web behind it
        a = k * math.pi / 4
        p.line([(0.0, -0.2), (math.cos(a), -0.2 + math.sin(a))], 0.008, "pale")
    for r in (0.3, 0.55, 0.8):
        p.ring(-r, -0.2 - r, r, -0.2 + r, 0.008, "pale")
    p.ell(-0.18, -0.3, 0.18, 0.15)
    p.ell(-0.28, 0.05, 0.28, 0.6)
    for s in (-1, 1):
        for k, (a, b) in enumerate(((-0.5, -0.7), (-0.2, -0.3), (0.1, 0.3), (0.3, 0.8))):
            p.line([(s * 0.1, -0.1 + k * 0.07), (s * 0.55, a), (s * 0.8, b)], 0.035)
    _eye(p, -0.06, -0.22, 0.025)
    _eye(p, 0.06, -0.22, 0.025)


@subject("rat", "rats|mouse|mice|rodent|rodents|vermin|scratching in the walls", "creature",
         light="lamp")  # fmt: skip
def rat(p: Pen) -> None:
    p.ell(-0.55, 0.2, 0.4, 0.8)
    p.poly([(0.25, 0.3), (0.85, 0.55), (0.3, 0.7)])  # the snout
    p.ell(0.15, 0.05, 0.35, 0.3)  # an ear
    p.line([(-0.5, 0.6), (-0.85, 0.4), (-1.0, 0.75)], 0.03)  # the tail
    p.ell(0.48, 0.38, 0.56, 0.45, "glow")
    for u in (-0.3, 0.2):
        p.line([(u, 0.75), (u + 0.05, 0.95)], 0.04)


@subject("moth", "moths|butterfly|insects|swarm|flies|fly", "creature", light="back")
def moth(p: Pen) -> None:
    for s in (-1, 1):
        p.poly([(0.0, -0.2), (s * 0.9, -0.8), (s * 0.95, -0.1), (s * 0.3, 0.1)], "pale")
        p.poly([(0.0, 0.0), (s * 0.3, 0.05), (s * 0.7, 0.5), (s * 0.2, 0.55)], "pale")
        p.ell(s * 0.55 - 0.13, -0.5, s * 0.55 + 0.13, -0.25, "dark")  # eye spots
        p.line([(s * 0.04, -0.3), (s * 0.3, -0.8)], 0.015)
    p.ell(-0.08, -0.35, 0.08, 0.45)


@subject("cat", "cats|black cat|kitten|hissing", "creature", light="back")
def cat(p: Pen) -> None:
    p.poly([(-0.25, -0.95), (-0.15, -0.65), (0.15, -0.65), (0.25, -0.95), (0.32, -0.55),
            (0.3, -0.3), (0.45, 0.4), (0.5, 1.0), (-0.5, 1.0), (-0.45, 0.4), (-0.3, -0.3),
            (-0.32, -0.55)])  # fmt: skip  # sitting, facing us
    p.line([(0.45, 0.9), (0.85, 0.8), (0.9, 0.4)], 0.07)
    _eye(p, -0.13, -0.5, 0.06)
    _eye(p, 0.13, -0.5, 0.06)


@subject("antlers", "antler|deer|stag|elk|wendigo|deer skull|horns|horned|skinwalker", "creature",
         where="out", light="back")  # fmt: skip
def antlers(p: Pen) -> None:
    p.poly([(-0.12, -0.45), (0.12, -0.45), (0.08, 0.05), (-0.08, 0.05)], "pale")  # a skull head
    p.poly([(-0.1, 0.0), (0.1, 0.0), (0.35, 1.0), (-0.35, 1.0)])  # on a thin dark body
    p.ell(-0.09, -0.35, -0.02, -0.25, "dark")
    p.ell(0.02, -0.35, 0.09, -0.25, "dark")
    for s in (-1, 1):
        p.line([(s * 0.08, -0.45), (s * 0.45, -0.8), (s * 0.6, -1.0)], 0.035)
        p.line([(s * 0.3, -0.68), (s * 0.2, -0.95)], 0.025)
        p.line([(s * 0.5, -0.88), (s * 0.85, -0.9)], 0.025)
    p.line([(-0.3, 0.1), (-0.35, 0.7)], 0.03)  # arms far too long
    p.line([(0.3, 0.1), (0.38, 0.75)], 0.03)


@subject("bat", "bats|wings|winged|vampire", "creature", where="out", light="back")
def bat(p: Pen) -> None:
    for s in (-1, 1):
        p.poly([(0.0, -0.2), (s * 0.4, -0.45), (s * 1.0, -0.3), (s * 0.8, 0.0), (s * 0.6, -0.05),
                (s * 0.45, 0.15), (s * 0.25, 0.05), (0.0, 0.2)])  # fmt: skip
    p.poly([(-0.12, -0.2), (-0.1, -0.38), (0.0, -0.25), (0.1, -0.38), (0.12, -0.2), (0.0, 0.3)])


@subject("snake", "snakes|serpent|viper|rattlesnake", "creature", light="moon")
def snake(p: Pen) -> None:
    p.line([(-0.9, 0.9), (-0.3, 0.6), (0.3, 0.85), (0.6, 0.5), (0.2, 0.2), (-0.2, -0.1),
            (0.0, -0.45)], 0.14)  # fmt: skip
    p.ell(-0.15, -0.7, 0.2, -0.4)
    p.line([(0.05, -0.7), (0.05, -0.9), (0.0, -0.95)], 0.015, "pale")  # the tongue
    _eye(p, 0.08, -0.6, 0.03)


@subject("eyes", "eye|glowing eyes|eyes in the dark|watching|staring|stare", "creature",
         light="back")  # fmt: skip
def eyes(p: Pen) -> None:
    for u, v, r in ((-0.3, -0.32, 0.06), (-0.0, -0.32, 0.06), (0.55, 0.3, 0.04), (0.75, 0.31, 0.04),
                    (-0.8, 0.5, 0.03), (-0.68, 0.5, 0.03)):  # fmt: skip
        _eye(p, u, v, r)
    p.ell(-0.55, -0.6, 0.25, 0.0)  # the head and shoulders they belong to, barely there
    p.poly([(-0.85, 1.0), (-0.6, 0.05), (0.3, 0.05), (0.55, 1.0)])
