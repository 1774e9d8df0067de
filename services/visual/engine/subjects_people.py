"""People, or things shaped like them: a figure, a child, a bride, a hooded shape, a face, a hand.

Whole bodies reuse figures.person (long arms, a tilted head: wrong at a glance), drawn in the
box's pixels; the box's bottom edge is where the feet stand.
"""

from services.visual.engine import figures, landmarks
from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject


def _body(p: Pen, kind: str, tall: float = 2.0) -> None:
    x, feet = p.at(0.0, 1.0)
    figures.person(p.raw(), x, feet, tall * p.half * p.tall, kind)


@subject("figure", "person|someone|somebody|shadow figure|silhouette|stranger|intruder|"
         "neighbor|neighbour|"
         "hiker|hitchhiker|astronaut|character|passenger|visitor|"
         "presence|entity|ghost|apparition|man|men", "figure", light="back",
         person=True)  # fmt: skip
def figure(p: Pen) -> None:
    _body(p, "figure")


@subject("child", "children|kid|kids|girl|boy|daughter|son|twins|little girl|little boy",
         "figure", light="back")  # fmt: skip
def child(p: Pen) -> None:
    _body(p, "child", 1.3)
    p.line([(0.3, 0.1), (0.3, 0.45)], 0.04)  # a doll held by one arm, hanging
    p.ell(0.22, 0.4, 0.38, 0.55)


@subject("woman", "women|mother|wife|lady|widow|sister|grandmother|old woman|witch", "figure",
         light="back", person=True)  # fmt: skip
def woman(p: Pen) -> None:
    _body(p, "woman")


@subject("bride", "brides|veil|veiled|wedding dress|woman in white|lady in white|white dress",
         "figure", light="moon")  # fmt: skip
def bride(p: Pen) -> None:
    p.ell(-0.14, -0.95, 0.14, -0.65, "pale")
    p.poly([(-0.16, -0.9), (0.16, -0.9), (0.55, 0.95), (-0.55, 0.95)], "pale")  # the veil
    p.poly([(-0.2, -0.6), (0.2, -0.6), (0.45, 1.0), (-0.45, 1.0)], "pale")  # the dress
    p.ell(-0.08, -0.85, 0.08, -0.7, "dark")  # no face under the veil
    p.line([(-0.2, -0.1), (0.2, -0.05)], 0.03, "dark")
    p.ell(-0.12, -0.12, 0.12, 0.05)  # the wilted bouquet


@subject("nun", "nuns|habit|sister in black|abbess|convent", "figure", light="back")
def nun(p: Pen) -> None:
    p.poly([(-0.22, -0.95), (0.22, -0.95), (0.3, -0.55), (0.5, 1.0), (-0.5, 1.0), (-0.3, -0.55)])
    p.ell(-0.13, -0.85, 0.13, -0.55, "pale")  # the face in the wimple
    p.ell(-0.09, -0.76, -0.03, -0.7, "dark")
    p.ell(0.03, -0.76, 0.09, -0.7, "dark")
    p.poly([(-0.17, -0.55), (0.17, -0.55), (0.12, -0.42), (-0.12, -0.42)], "pale")
    p.rect(-0.02, -0.3, 0.02, 0.0, "pale")  # the cross
    p.rect(-0.08, -0.22, 0.08, -0.18, "pale")


@subject("hooded_figure", "hooded|hood|cloak|cloaked|robe|robed|cultist|cult|monk|reaper",
         "figure", light="back")  # fmt: skip
def hooded_figure(p: Pen) -> None:
    p.poly([(0.0, -1.0), (0.28, -0.75), (0.32, -0.45), (0.6, 1.0), (-0.6, 1.0), (-0.32, -0.45),
            (-0.28, -0.75)])  # fmt: skip
    p.ell(-0.16, -0.78, 0.16, -0.45, "shade")  # the hood's empty dark
    p.glow(-0.09, -0.64, -0.04, -0.6)
    p.glow(0.04, -0.64, 0.09, -0.6)
    p.line([(0.3, -0.2), (0.7, 0.1)], 0.06)  # a sleeve holding up a lantern
    p.line([(0.72, 0.1), (0.72, 0.25)], 0.01)
    p.glow(0.65, 0.25, 0.8, 0.45)


@subject("scarecrow", "scarecrows|straw man|effigy", "figure", where="out", light="back")
def scarecrow(p: Pen) -> None:
    x, feet = p.at(0.0, 1.0)
    landmarks.scarecrow(p.raw(), x, feet, 2.0 * p.half * p.tall)
    p.ell(-0.05, -0.66, 0.02, -0.6, "glow")


@subject("face", "faces|pale face|smiling face|grin|grinning|smile|smiling|staring face|"
         "reflection that is smiling", "figure", light="moon")  # fmt: skip
def face(p: Pen) -> None:
    p.ell(-0.55, -0.9, 0.55, 0.75, "pale")
    p.ell(-0.35, -0.35, -0.1, -0.15, "shade")
    p.ell(0.1, -0.35, 0.35, -0.15, "shade")
    p.ell(-0.25, -0.3, -0.2, -0.22, "glow")
    p.ell(0.2, -0.3, 0.25, -0.22, "glow")
    p.poly([(-0.38, 0.25), (0.0, 0.45), (0.38, 0.25), (0.0, 0.35)], "dark")  # too wide a smile
    p.poly([(-0.8, 1.0), (-0.5, 0.6), (0.5, 0.6), (0.8, 1.0)])  # shoulders
    p.poly([(-0.6, -0.6), (-0.4, -1.0), (0.4, -1.0), (0.6, -0.6), (0.55, -0.85), (-0.55, -0.85)])


@subject("hand", "hands|fingers|knuckle|knuckles|reaching hand|claw|fingernails|arm", "figure",
         light="moon")  # fmt: skip
def hand(p: Pen) -> None:
    p.poly([(-0.3, 1.0), (-0.35, 0.3), (0.3, 0.3), (0.25, 1.0)], "pale")  # the wrist
    p.ell(-0.42, -0.15, 0.4, 0.5, "pale")  # the palm
    for k, (u, top) in enumerate(((-0.35, -0.7), (-0.15, -0.95), (0.07, -1.0), (0.28, -0.85))):
        p.line([(u, 0.0), (u - 0.02 * k, top)], 0.13, "pale")  # long fingers
        p.line([(u - 0.02 * k, top + 0.05), (u - 0.02 * k, top + 0.12)], 0.05, "dark")  # nails
    p.line([(0.35, 0.3), (0.7, 0.0), (0.8, -0.25)], 0.13, "pale")  # the thumb
    p.line([(-0.2, 0.25), (0.2, 0.15)], 0.015, "dark")


@subject("clown", "clowns|jester|circus|harlequin", "figure", light="lamp")
def clown(p: Pen) -> None:
    p.ell(-0.65, -0.85, -0.25, -0.35)  # tufts of hair
    p.ell(0.25, -0.85, 0.65, -0.35)
    p.ell(-0.38, -0.95, 0.38, 0.1, "pale")
    p.poly([(-0.12, -1.25), (0.12, -1.25), (0.0, -1.5)])
    p.ell(-0.25, -0.6, -0.08, -0.45, "dark")
    p.ell(0.08, -0.6, 0.25, -0.45, "dark")
    p.ell(-0.09, -0.42, 0.09, -0.26, "glow")  # the red nose
    p.poly([(-0.28, -0.15), (0.0, -0.02), (0.28, -0.15), (0.0, -0.1)], "dark")
    p.poly([(-0.7, 1.0), (-0.4, 0.1), (0.4, 0.1), (0.7, 1.0)])
    for u in (-0.5, 0.0, 0.5):
        p.ell(u - 0.18, 0.0, u + 0.18, 0.25, "pale")  # the ruff


@subject("family", "families|parents|wedding|guests|crowd|people|congregation|mourners", "figure",
         light="back")  # fmt: skip
def family(p: Pen) -> None:
    for u, kind, tall in ((-0.5, "man", 1.9), (0.0, "woman", 1.75), (0.45, "child", 1.1)):
        x, feet = p.at(u, 1.0)
        figures.person(p.raw(), x, feet, tall * p.half * p.tall, kind)
