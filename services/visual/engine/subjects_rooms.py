"""Places indoors drawn as one thing: an attic, a cellar door, a closet, a bathtub, a lift."""

from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject


@subject("attic", "attics|loft|rafters|crawlspace|crawl space|roof beams", "place", where="in",
         light="back")  # fmt: skip
def attic(p: Pen) -> None:
    p.poly([(-1.0, 1.0), (-1.0, 0.3), (0.0, -1.0), (1.0, 0.3), (1.0, 1.0), (0.9, 1.0),
            (0.9, 0.35), (0.0, -0.82), (-0.9, 0.35), (-0.9, 1.0)])  # fmt: skip
    for k in range(5):  # rafters
        u = -0.8 + k * 0.4
        p.line([(u, 1.0), (u * 0.3, -0.6)], 0.04)
    p.ell(-0.18, -0.55, 0.18, -0.2, "glow")  # the round gable window
    p.line([(0.0, -0.55), (0.0, -0.2)], 0.03, "dark")
    p.line([(-0.18, -0.38), (0.18, -0.38)], 0.03, "dark")
    p.rect(-0.75, 0.55, -0.3, 1.0)  # boxes under sheets
    p.poly([(0.2, 1.0), (0.3, 0.45), (0.55, 0.35), (0.75, 0.5), (0.8, 1.0)], "pale")


@subject("cellar_door", "cellar door|cellar doors|cellar|basement|basement door|storm cellar|"
         "trapdoor|trap door|hatch|bulkhead", "place", light="back")  # fmt: skip
def cellar_door(p: Pen) -> None:
    p.poly([(-0.95, 0.2), (0.95, 0.2), (0.8, 0.95), (-0.8, 0.95)], "glow")  # light from below
    p.lights.append((0.0, 0.6))
    p.poly([(-0.95, 0.2), (-0.05, 0.2), (-0.15, -0.9), (-0.85, -0.7)])  # one leaf thrown open
    for k in range(4):
        v = 0.3 + k * 0.17
        p.rect(-0.7 + k * 0.04, v, 0.7 - k * 0.04, v + 0.07, "dark")  # steps going down
    p.poly([(0.05, 0.2), (0.95, 0.2), (0.8, 0.98), (0.1, 0.98)])  # the other leaf, shut
    for u in (0.3, 0.6):
        p.line([(u, 0.25), (u - 0.05, 0.95)], 0.02, "dark")
    p.ell(-0.5, -0.35, -0.38, -0.2, "pale")  # the iron ring


@subject("closet", "closets|wardrobe|cupboard|armoire|closet door", "place", where="in",
         light="moon")  # fmt: skip
def closet(p: Pen) -> None:
    p.rect(-0.8, -1.0, 0.8, 1.0)
    p.rect(-0.7, -0.9, 0.0, 0.95, "pale")  # one door shut
    p.rect(0.0, -0.9, 0.7, 0.95, "shade")  # the other open on the dark
    p.ell(0.25, -0.45, 0.31, -0.4, "glow")  # eyes inside
    p.ell(0.4, -0.45, 0.46, -0.4, "glow")
    p.poly([(0.7, -0.9), (0.95, -0.8), (0.95, 0.9), (0.7, 0.95)])  # the door leaf
    p.ell(-0.12, -0.05, -0.05, 0.02, "dark")
    p.line([(0.05, -0.75), (0.65, -0.75)], 0.02, "pale")  # the rail, hangers
    for u in (0.12, 0.55):
        p.poly([(u - 0.06, -0.75), (u + 0.06, -0.75), (u + 0.1, 0.1), (u - 0.1, 0.1)])


@subject("bathtub", "bathtub|bath|tub|bathroom|shower|shower curtain|sink|drain", "place",
         where="in", light="moon")  # fmt: skip
def bathtub(p: Pen) -> None:
    p.poly([(-0.95, 0.0), (0.95, 0.0), (0.85, 0.75), (-0.85, 0.75)], "pale")
    p.poly([(-0.85, 0.05), (0.85, 0.05), (0.8, 0.2), (-0.8, 0.2)], "dark")  # the dark water
    for u in (-0.75, 0.75):  # claw feet
        p.ell(u - 0.1, 0.7, u + 0.1, 0.95)
    p.line([(0.75, -0.05), (0.75, -0.4), (0.55, -0.45)], 0.05)  # the tap
    p.poly([(-0.95, -1.0), (-0.3, -1.0), (-0.35, 0.0), (-0.95, 0.0)], "pale")  # the curtain
    for u in (-0.85, -0.7, -0.55, -0.42):
        p.line([(u, -1.0), (u + 0.02, 0.0)], 0.015, "dark")
    p.poly([(-0.2, 0.05), (-0.1, -0.2), (0.0, -0.25), (0.1, -0.1), (0.12, 0.05)])  # a hand, rising


@subject("elevator", "elevators|lift|elevator doors|elevator shaft", "place", where="in",
         light="lamp")  # fmt: skip
def elevator(p: Pen) -> None:
    p.rect(-0.8, -0.9, 0.8, 1.0)
    p.rect(-0.65, -0.7, 0.65, 1.0, "glow")  # the car, lit inside
    p.rect(-0.65, -0.7, -0.25, 1.0, "pale")  # doors half open
    p.rect(0.25, -0.7, 0.65, 1.0, "pale")
    p.ell(-0.09, -0.3, 0.09, -0.1, "dark")  # someone standing in it
    p.poly([(-0.14, 0.9), (-0.16, -0.08), (0.16, -0.08), (0.14, 0.9)], "dark")
    p.rect(-0.4, -0.98, 0.4, -0.82, "dark")  # the floor indicator
    p.glow(-0.05, -0.95, 0.05, -0.85)


@subject("hospital_bed", "hospital bed|gurney|stretcher|operating table|asylum bed|iron bed",
         "object", where="in", light="moon")  # fmt: skip
def hospital_bed(p: Pen) -> None:
    p.line([(-0.95, -0.5), (-0.95, 0.95)], 0.05)
    p.line([(0.95, -0.2), (0.95, 0.95)], 0.05)
    p.line([(-0.95, -0.5), (-0.6, -0.5), (-0.6, 0.2)], 0.04)  # the iron head rail
    p.rect(-0.95, 0.15, 0.95, 0.3)
    p.poly(
        [(-0.9, 0.15), (-0.5, -0.05), (0.5, -0.1), (0.9, 0.15)], "pale"
    )  # a shape under the sheet
    p.line([(0.6, -1.0), (0.6, 0.95)], 0.03)  # the drip stand
    p.poly([(0.5, -0.95), (0.7, -0.95), (0.68, -0.65), (0.52, -0.65)], "pale")
    p.line([(-0.9, 0.95), (0.9, 0.95)], 0.04)
    for u in (-0.8, 0.8):
        p.ell(u - 0.06, 0.9, u + 0.06, 1.0, "dark")


@subject("mall", "shopping mall|mall|store|storefront|shop window|escalator|food court|"
         "department store|mannequin|mannequins", "place", where="in", light="back")  # fmt: skip
def mall(p: Pen) -> None:
    p.rect(-1.0, -1.0, 1.0, -0.75)  # the shuttered shop's fascia
    p.rect(-0.9, -0.7, 0.9, 0.9, "glow")  # a lit shop window
    for u in (-0.5, 0.05, 0.55):  # mannequins behind the glass
        p.ell(u - 0.1, -0.5, u + 0.1, -0.3, "dark")
        p.poly([(u - 0.18, -0.28), (u + 0.18, -0.28), (u + 0.12, 0.3), (u - 0.12, 0.3)], "dark")
        p.line([(u, 0.3), (u, 0.9)], 0.04, "dark")
    p.rect(-1.0, 0.9, 1.0, 1.0)
    for k in range(8):  # the half-down shutter's slats
        p.line([(-0.9, -0.7 + k * 0.05), (0.9, -0.7 + k * 0.05)], 0.02)


@subject("empty_room", "room|dark room|empty room|silent room|motel room|bedroom|dark bedroom|"
         "chair|empty chair|chair out of place", "place", where="in", light="moon")  # fmt: skip
def empty_room(p: Pen) -> None:
    p.poly([(-0.2, -0.95), (0.35, -0.95), (0.9, 1.0), (-0.75, 1.0)], "pale")  # window light
    p.line([(-0.25, -0.2), (-0.2, 0.9)], 0.06)  # one chair, turned to the wall
    p.line([(0.25, -0.2), (0.3, 0.9)], 0.06)
    p.line([(-0.27, -0.2), (0.27, -0.2)], 0.08)
    p.line([(-0.26, 0.0), (0.26, 0.0)], 0.04)
    p.poly([(-0.3, 0.3), (0.35, 0.3), (0.45, 0.45), (-0.2, 0.45)])
    p.line([(-0.15, 0.45), (-0.12, 0.95)], 0.05)
    p.line([(0.4, 0.45), (0.45, 0.85)], 0.05)


@subject("scrawl", "wallpaper|peeled wallpaper|writing on the wall|written on the wall|walls|"
         "wall|word written|nickname|scrawled|"
         "scratched", "object", where="in", light="lamp")  # fmt: skip
def scrawl(p: Pen) -> None:
    p.rect(-1.0, -1.0, 1.0, 1.0, "pale")  # the plaster under the paper
    for k in range(5):  # strips of wallpaper hanging off
        u = -0.95 + k * 0.42
        p.poly([(u, -1.0), (u + 0.32, -1.0), (u + 0.3, -0.2 - k * 0.1), (u + 0.1, 0.1 - k * 0.05)])
    for k in range(9):  # the same word, over and over
        v = -0.1 + k * 0.12
        for j in range(4):
            u = -0.9 + j * 0.48 + (k % 2) * 0.1
            p.line([(u, v), (u + 0.08, v - 0.06), (u + 0.16, v), (u + 0.24, v - 0.06),
                    (u + 0.32, v)], 0.018, "dark")  # fmt: skip
