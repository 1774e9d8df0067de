"""What a subject draws into: five greyscale layers in the subject's own box units.

A drawing says *what* the thing looks like in a square box (u across, v down, both -1..1);
where the box sits, how big it is and how it is lit are the shot's business. `body` is the
thing itself, `pale` its pale surfaces (paper, glass, bone, sheets), `shade` dark hollows a
light may shine out of (a hearth, a hood), `dark` details drawn over everything (lettering on
a screen, cracks), `glow` the parts that give light (a flame, a screen). Subjects only call
the methods below, so each stays a few lines.
"""

from collections.abc import Sequence

from PIL import Image, ImageDraw

UV = tuple[float, float]
LAYERS = ("body", "pale", "shade", "dark", "glow")


class Pen:
    def __init__(
        self, width: int, height: int, cx: float, cy: float, half: float, tall: float = 1.0
    ):
        self.w, self.h = width, height
        self.cx, self.cy, self.half, self.tall = cx, cy, half, tall
        self.masks = {k: Image.new("L", (width, height), 0) for k in LAYERS}
        self._d = {k: ImageDraw.Draw(m) for k, m in self.masks.items()}
        self.lights: list[UV] = []  # where light comes from, for a point light on the scene

    def at(self, u: float, v: float) -> tuple[float, float]:
        """Box units to pixels; `tall` > 1 stretches upward from the base, as a low camera sees."""
        return (self.cx + u * self.half, self.cy + v * self.half * self.tall)

    def _pts(self, pts: Sequence[UV]) -> list[tuple[float, float]]:
        return [self.at(u, v) for u, v in pts]

    def poly(self, pts: Sequence[UV], layer: str = "body", fill: int = 255) -> None:
        self._d[layer].polygon(self._pts(pts), fill=fill)

    def ell(self, u0: float, v0: float, u1: float, v1: float, layer: str = "body",
            fill: int = 255) -> None:  # fmt: skip
        (x0, y0), (x1, y1) = self.at(u0, v0), self.at(u1, v1)
        self._d[layer].ellipse([min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)], fill=fill)

    def rect(self, u0: float, v0: float, u1: float, v1: float, layer: str = "body",
             fill: int = 255) -> None:  # fmt: skip
        (x0, y0), (x1, y1) = self.at(u0, v0), self.at(u1, v1)
        self._d[layer].rectangle([min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)], fill=fill)

    def line(self, pts: Sequence[UV], width: float, layer: str = "body", fill: int = 255) -> None:
        """A stroke `width` box units thick (never thinner than a pixel)."""
        px = max(1, round(width * self.half))
        self._d[layer].line(self._pts(pts), fill=fill, width=px, joint="curve")

    def ring(self, u0: float, v0: float, u1: float, v1: float, width: float,
             layer: str = "body") -> None:  # fmt: skip
        (x0, y0), (x1, y1) = self.at(u0, v0), self.at(u1, v1)
        box = [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]
        self._d[layer].ellipse(box, outline=255, width=max(1, round(width * self.half)))

    def cut(self, kind: str, *args: float) -> None:
        """Erase from the body (holes: a window in a tower, the gap under a bed)."""
        getattr(self, kind)(*args, layer="body", fill=0)

    def raw(self, layer: str = "body") -> ImageDraw.ImageDraw:
        """The layer's pixel-space drawer, for shapes made in pixels (figures.person)."""
        return self._d[layer]

    def glow(self, u0: float, v0: float, u1: float, v1: float) -> None:
        """A light-giving oval; its centre also lights the scene around it."""
        self.ell(u0, v0, u1, v1, layer="glow")
        self.lights.append(((u0 + u1) / 2, (v0 + v1) / 2))
