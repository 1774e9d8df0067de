"""Places outdoors drawn as one thing on the land: a lighthouse, a well, a church, a cabin."""

from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject


@subject("lighthouse", "lighthouses|lighthouse keeper|beacon|lamp room", "place", where="out",
         light="back")  # fmt: skip
def lighthouse(p: Pen) -> None:
    p.poly([(-0.3, 1.0), (-0.16, -0.55), (0.16, -0.55), (0.3, 1.0)])
    for v in (-0.2, 0.3, 0.75):  # the painted bands
        w = 0.2 + (v + 0.55) * 0.08
        p.poly([(-w, v), (w, v), (w + 0.02, v + 0.15), (-w - 0.02, v + 0.15)], "pale")
    p.rect(-0.24, -0.6, 0.24, -0.52)  # the gallery
    p.rect(-0.13, -0.82, 0.13, -0.6, "glow")  # the lamp, burning
    p.poly([(-0.16, -0.82), (0.0, -0.98), (0.16, -0.82)])
    p.poly([(0.1, -0.78), (1.0, -0.95), (1.0, -0.5), (0.1, -0.66)], "glow")  # its beam
    p.poly([(-1.0, 1.0), (-0.6, 0.85), (0.7, 0.8), (1.0, 1.0)])  # the rock it stands on


@subject("well", "wells|stone well|wishing well|well shaft|bucket", "place", where="out",
         light="moon")  # fmt: skip
def well(p: Pen) -> None:
    p.ell(-0.7, 0.0, 0.7, 0.35, "dark")  # the black mouth
    p.poly([(-0.75, 0.15), (0.75, 0.15), (0.75, 0.95), (-0.75, 0.95)], "pale")
    for k in range(4):  # courses of stone
        v = 0.3 + k * 0.17
        p.line([(-0.75, v), (0.75, v)], 0.02, "dark")
        for u in (-0.5, -0.1, 0.3) if k % 2 else (-0.3, 0.1, 0.5):
            p.line([(u, v), (u, v + 0.17)], 0.02, "dark")
    p.line([(-0.65, 0.15), (-0.65, -0.75)], 0.07)  # posts, roof, winch and rope
    p.line([(0.65, 0.15), (0.65, -0.75)], 0.07)
    p.poly([(-0.9, -0.7), (0.0, -1.0), (0.9, -0.7), (0.8, -0.6), (-0.8, -0.6)])
    p.line([(-0.65, -0.45), (0.65, -0.45)], 0.06)
    p.line([(0.05, -0.45), (0.05, 0.05)], 0.015)


@subject("church", "churches|chapel|steeple|bell tower|parish|church door|rectory", "place",
         where="out", light="back")  # fmt: skip
def church(p: Pen) -> None:
    p.rect(-0.2, -0.65, 0.2, 1.0)  # the tower
    p.poly([(-0.22, -0.65), (0.0, -0.95), (0.22, -0.65)])
    p.line([(0.0, -0.95), (0.0, -1.1)], 0.03)
    p.line([(-0.06, -1.04), (0.06, -1.04)], 0.03)
    p.poly([(-0.85, 1.0), (-0.85, 0.1), (-0.2, -0.3), (-0.2, 1.0)])  # the nave, both sides
    p.poly([(0.85, 1.0), (0.85, 0.1), (0.2, -0.3), (0.2, 1.0)])
    p.ell(-0.1, -0.45, 0.1, -0.25, "glow")  # the rose window
    p.poly([(-0.1, 1.0), (-0.1, 0.65), (0.0, 0.55), (0.1, 0.65), (0.1, 1.0)], "glow")  # door ajar
    for u in (-0.6, -0.4, 0.4, 0.6):
        p.poly([(u - 0.05, 0.7), (u - 0.05, 0.35), (u, 0.28), (u + 0.05, 0.35), (u + 0.05, 0.7)],
               "dark")  # fmt: skip


@subject("cabin", "cabins|log cabin|hut|shack|hunting lodge|lodge|cottage in the woods", "place",
         where="out", light="moon")  # fmt: skip
def cabin(p: Pen) -> None:
    p.rect(-0.8, -0.1, 0.8, 0.95)
    for k in range(7):  # logs
        p.line([(-0.85, -0.05 + k * 0.14), (0.85, -0.05 + k * 0.14)], 0.03, "dark")
    p.poly([(-0.98, -0.05), (0.0, -0.75), (0.98, -0.05)])
    p.rect(0.4, -0.8, 0.58, -0.35)  # the chimney
    p.rect(-0.6, 0.2, -0.2, 0.55, "glow")  # one window lit
    p.line([(-0.4, 0.2), (-0.4, 0.55)], 0.03, "dark")
    p.rect(0.15, 0.3, 0.5, 0.95, "dark")  # the door
    p.rect(-1.0, 0.95, 1.0, 1.0)


@subject("barn", "barns|silo|hayloft|stable|farmyard", "place", where="out", light="back")
def barn(p: Pen) -> None:
    p.poly([(-0.8, 1.0), (-0.8, -0.1), (-0.55, -0.6), (0.0, -0.85), (0.55, -0.6), (0.8, -0.1),
            (0.8, 1.0)])  # fmt: skip
    p.rect(-0.35, 0.2, 0.35, 1.0, "dark")  # the big doors, one open
    p.line([(-0.35, 0.2), (0.0, 0.6), (0.35, 0.2)], 0.03, "pale")
    p.rect(-0.15, -0.45, 0.15, -0.2, "glow")  # the hayloft door, lit
    p.rect(0.85, -0.5, 1.0, 1.0)  # the silo at its side
    p.ell(0.85, -0.62, 1.0, -0.4)


@subject("swing", "swings|playground|swing set|seesaw|slide|merry-go-round", "place",
         where="out", light="back")  # fmt: skip
def swing(p: Pen) -> None:
    p.line([(-0.95, 1.0), (-0.7, -0.8), (-0.45, 1.0)], 0.05)  # the A-frames
    p.line([(0.95, 1.0), (0.7, -0.8), (0.45, 1.0)], 0.05)
    p.line([(-0.75, -0.8), (0.75, -0.8)], 0.06)
    p.line([(-0.35, -0.8), (-0.25, 0.35)], 0.015)  # one seat swinging on its own
    p.line([(0.0, -0.8), (0.1, 0.35)], 0.015)
    p.rect(-0.3, 0.33, 0.15, 0.4)
    p.line([(0.3, -0.8), (0.3, 0.55)], 0.015)
    p.line([(0.55, -0.8), (0.55, 0.55)], 0.015)
    p.rect(0.27, 0.53, 0.58, 0.6)


@subject("bridge", "bridges|covered bridge|footbridge|overpass|river crossing", "place",
         where="out", light="back")  # fmt: skip
def bridge(p: Pen) -> None:
    p.rect(-1.0, -0.1, 1.0, 0.05)  # the deck
    p.poly([(-1.0, 0.05), (-0.65, 0.05), (-0.65, 1.0), (-1.0, 1.0)])
    p.poly([(0.65, 0.05), (1.0, 0.05), (1.0, 1.0), (0.65, 1.0)])
    p.line([(-0.55, 0.9), (0.55, 0.9)], 0.02, "pale")  # the water under it
    p.ring(-0.62, 0.05, 0.62, 1.6, 0.1)  # the stone arch over the water
    p.line([(-1.0, -0.35), (1.0, -0.35)], 0.02)  # the railing
    for k in range(11):
        p.line([(-1.0 + k * 0.2, -0.35), (-1.0 + k * 0.2, -0.1)], 0.02)
    p.ell(0.1, -0.62, 0.2, -0.5)  # someone standing at the rail
    p.poly([(0.08, -0.5), (0.22, -0.5), (0.21, -0.1), (0.09, -0.1)])


@subject("tunnel", "tunnels|underpass|mine shaft|mine|culvert|railway tunnel", "place",
         light="back")  # fmt: skip
def tunnel(p: Pen) -> None:
    p.poly([(-1.0, 1.0), (-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (0.7, 1.0), (0.7, -0.2),
            (0.0, -0.75), (-0.7, -0.2), (-0.7, 1.0)])  # fmt: skip
    p.ell(-0.12, -0.12, 0.12, 0.2, "glow")  # the light at the far end
    p.line([(-0.5, 1.0), (-0.05, 0.2)], 0.03, "pale")  # rails running into it
    p.line([(0.5, 1.0), (0.05, 0.2)], 0.03, "pale")
    for k in range(5):
        v = 0.3 + k * 0.16
        p.line([(-0.1 - k * 0.1, v), (0.1 + k * 0.1, v)], 0.02, "dark")


@subject("dead_tree", "dead tree|hanging tree|oak|old oak|willow|bare tree|tree", "place",
         where="out", light="back")  # fmt: skip
def dead_tree(p: Pen) -> None:
    p.poly([(-0.12, 1.0), (-0.06, -0.1), (0.06, -0.1), (0.14, 1.0)])
    for a, b, c in ((-0.05, -0.9, -0.1), (0.05, 0.85, -0.2), (0.0, -0.4, -0.85), (0.0, 0.45, -0.9)):
        p.line([(a, 0.1), ((a + b) / 2, (c + 0.1) / 2 - 0.1), (b, c)], 0.05)
        p.line([((a + b) / 2, (c + 0.1) / 2 - 0.1), (b * 0.6, c - 0.15)], 0.025)
    p.line([(0.45, -0.5), (0.45, -0.05)], 0.012)  # a frayed rope hanging from a bough
