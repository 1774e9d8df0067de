"""Things with writing on them: diaries, letters, a parish register, photographs, a portrait."""

from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject


def _lines(p: Pen, u0: float, v0: float, u1: float, v1: float, n: int, width: float) -> None:
    """Handwriting: uneven dark lines across a page."""
    for k in range(n):
        v = v0 + (v1 - v0) * k / max(n - 1, 1)
        end = u1 - (0.15 * (u1 - u0) if k % 3 == 2 else 0.0)
        p.line([(u0, v), (end, v)], width, "dark")


@subject("book", "books|diary|journal|notebook|bible|handwriting|pages|spellbook", "object")
def book(p: Pen) -> None:
    p.poly([(-1.0, 0.0), (0.0, 0.15), (1.0, 0.0), (1.0, 0.6), (0.0, 0.75), (-1.0, 0.6)])  # cover
    p.poly([(-0.92, -0.05), (-0.02, 0.08), (-0.02, 0.62), (-0.92, 0.5)], "pale")
    p.poly([(0.02, 0.08), (0.92, -0.05), (0.92, 0.5), (0.02, 0.62)], "pale")
    for k in range(6):
        v = 0.08 + k * 0.07
        p.line([(-0.82, v), (-0.12, v + 0.1)], 0.018, "dark")
        p.line([(0.12, v + 0.1), (0.82, v)], 0.018, "dark")
    p.line([(0.3, 0.7), (0.75, 0.95)], 0.035)  # a pen left on it


@subject("letter", "letters|note|notes|envelope|envelopes|complaint letters|"
         "handwritten note|invitation",
         "object")  # fmt: skip
def letter(p: Pen) -> None:
    p.poly([(-0.95, 0.35), (0.7, 0.2), (0.85, 0.95), (-0.8, 1.0)])  # the envelope under it
    p.poly([(-0.95, 0.35), (-0.05, 0.7), (0.7, 0.2)], "dark")
    p.poly([(-0.55, -0.9), (0.55, -0.95), (0.65, 0.55), (-0.5, 0.6)], "pale")  # the letter
    _lines(p, -0.42, -0.75, 0.5, 0.4, 11, 0.02)
    p.ell(0.35, 0.75, 0.6, 0.98, "dark")  # the broken wax seal


@subject("parish_register", "parish register|register|ledger|records|record book|guestbook|"
         "guest book|logbook|log book|archive|census|birth records", "object")  # fmt: skip
def parish_register(p: Pen) -> None:
    p.poly([(-1.0, -0.55), (1.0, -0.55), (1.0, 0.75), (-1.0, 0.75)])  # the heavy binding
    p.rect(-0.93, -0.48, -0.03, 0.68, "pale")
    p.rect(0.03, -0.48, 0.93, 0.68, "pale")
    for side in (-0.93, 0.03):  # ruled columns of names and dates
        for c in (0.25, 0.6):
            p.line([(side + c, -0.45), (side + c, 0.65)], 0.012, "dark")
        _lines(p, side + 0.05, -0.38, side + 0.86, 0.6, 12, 0.014)
    p.line([(0.1, 0.02), (0.85, 0.02)], 0.03, "dark")  # one name struck through
    p.line([(0.0, -0.55), (0.0, 0.78)], 0.04)
    p.line([(-0.6, -0.85), (-0.4, -0.4)], 0.03)  # the ribbon marker


@subject("newspaper", "newspapers|obituary|obituaries|clipping|clippings|headline|article",
         "object")  # fmt: skip
def newspaper(p: Pen) -> None:
    p.poly([(-0.85, -0.95), (0.85, -0.9), (0.8, 0.95), (-0.9, 0.9)], "pale")
    p.rect(-0.75, -0.82, 0.72, -0.6, "dark")  # the masthead
    p.rect(-0.72, -0.5, -0.05, 0.05, "dark")  # the photograph
    p.ell(-0.5, -0.4, -0.28, -0.18)
    p.poly([(-0.6, 0.05), (-0.55, -0.15), (-0.22, -0.15), (-0.17, 0.05)])
    _lines(p, 0.05, -0.48, 0.72, 0.05, 8, 0.02)
    _lines(p, -0.72, 0.18, 0.72, 0.8, 9, 0.02)
    p.ring(-0.78, -0.56, 0.02, 0.12, 0.025, "dark")  # circled in ink


@subject("photograph", "photographs|photo|photos|polaroid|polaroids|snapshot|picture|"
         "family photograph|old photograph|sepia photograph", "object")  # fmt: skip
def photograph(p: Pen) -> None:
    for du, dv, tilt in ((-0.35, -0.55, -0.1), (0.3, -0.35, 0.08), (-0.05, 0.05, 0.0)):
        x0, y0 = du - 0.5, dv
        p.poly([(x0, y0 + tilt), (x0 + 1.0, y0 - tilt), (x0 + 1.0, y0 + 0.95 - tilt),
                (x0, y0 + 0.95 + tilt)], "pale")  # fmt: skip  # the white-bordered print
        for k, u in enumerate((0.3, 0.5, 0.7)):  # a family posed in it, in dark silver
            h = 0.25 if k == 2 else 0.35
            p.ell(x0 + u - 0.06, y0 + 0.75 - h - 0.12, x0 + u + 0.06, y0 + 0.75 - h, "dark")
            p.poly([(x0 + u - 0.09, y0 + 0.8), (x0 + u - 0.07, y0 + 0.75 - h),
                    (x0 + u + 0.07, y0 + 0.75 - h), (x0 + u + 0.09, y0 + 0.8)], "dark")  # fmt: skip
        p.line([(x0 + 0.08, y0 + 0.82), (x0 + 0.92, y0 + 0.82)], 0.015, "dark")
    p.ell(0.45, 0.3, 0.6, 0.45, "glow")  # one face in the last print scratched bright


@subject("painting", "portrait|paintings|oil painting|framed|gallery|ancestor", "object",
         where="in", light="moon")  # fmt: skip
def painting(p: Pen) -> None:
    p.rect(-0.75, -1.0, 0.75, 0.8)  # the gilt frame
    p.rect(-0.6, -0.85, 0.6, 0.65, "pale")  # the canvas
    p.ell(-0.22, -0.62, 0.22, -0.08, "shade")  # the sitter, dark oils
    p.poly([(-0.55, 0.65), (-0.45, 0.05), (0.0, -0.08), (0.45, 0.05), (0.55, 0.65)], "shade")
    p.ell(-0.13, -0.42, -0.05, -0.34, "glow")  # eyes that follow you
    p.ell(0.05, -0.42, 0.13, -0.34, "glow")


@subject("ouija", "ouija|ouija board|planchette|spirit board|seance|séance", "object")
def ouija(p: Pen) -> None:
    p.poly([(-1.0, -0.5), (1.0, -0.5), (1.0, 0.5), (-1.0, 0.5)], "pale")
    for k in range(13):  # the letters in two arcs
        u = -0.85 + k * 0.14
        p.ell(u - 0.04, -0.25 + abs(u) * 0.2 - 0.04, u + 0.04, -0.25 + abs(u) * 0.2 + 0.04, "dark")
        p.ell(u - 0.04, 0.0 + abs(u) * 0.2 - 0.04, u + 0.04, 0.0 + abs(u) * 0.2 + 0.04, "dark")
    p.ell(-0.9, -0.45, -0.65, -0.3, "dark")  # sun and moon
    p.ell(0.65, -0.45, 0.9, -0.3, "dark")
    p.poly([(-0.1, 0.15), (0.35, 0.05), (0.45, 0.4), (0.05, 0.5)])  # the planchette
    p.ell(0.12, 0.2, 0.3, 0.35, "pale")


@subject("map", "maps|old map|hand-drawn map|directions", "object")
def map_(p: Pen) -> None:
    p.poly([(-0.95, -0.6), (-0.3, -0.5), (0.3, -0.62), (0.95, -0.52), (0.95, 0.6), (0.3, 0.5),
            (-0.3, 0.62), (-0.95, 0.52)], "pale")  # fmt: skip
    p.line([(-0.3, -0.5), (-0.3, 0.62)], 0.02, "dark")
    p.line([(0.3, -0.62), (0.3, 0.5)], 0.02, "dark")
    p.line([(-0.8, 0.3), (-0.4, 0.0), (0.0, 0.2), (0.5, -0.2), (0.75, -0.3)], 0.025, "dark")
    p.line([(0.62, -0.42), (0.85, -0.2)], 0.04, "dark")  # an X marks it
    p.line([(0.85, -0.42), (0.62, -0.2)], 0.04, "dark")
