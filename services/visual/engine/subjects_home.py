"""Things in a child's room and a family house: dolls, toys, beds, clocks, mirrors.

Box units: u across, v down, -1..1; things stand on v = 1 (the floor line).
"""

from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject


@subject("doll", "dolls|porcelain doll|puppet|dummy|ventriloquist", "object")
def doll(p: Pen) -> None:
    p.ell(-0.45, -1.0, 0.45, -0.2)  # hair behind the head
    p.ell(-0.34, -0.92, 0.34, -0.3, "pale")  # the porcelain face
    p.poly([(-0.2, -0.32), (0.2, -0.32), (0.62, 0.6), (-0.62, 0.6)])  # the dress
    for s in (-1, 1):
        p.line([(s * 0.18, -0.25), (s * 0.5, 0.15)], 0.11)
        p.rect(s * 0.08, 0.55, s * 0.22, 0.92)
        p.ell(s * 0.06, 0.86, s * 0.3, 1.0)
        p.ell(s * 0.2 - 0.07, -0.7, s * 0.2 + 0.07, -0.56, "dark")  # glass eyes
    p.line([(-0.08, -0.45), (0.08, -0.45)], 0.03, "dark")
    p.line([(-0.6, 0.58), (0.6, 0.58)], 0.05, "pale")  # the lace hem


@subject("teddy_bear", "teddy|teddy bear|stuffed bear|stuffed animal|plush", "object")
def teddy_bear(p: Pen) -> None:
    for s in (-1, 1):
        p.ell(s * 0.42 - 0.16, -1.0, s * 0.42 + 0.16, -0.7)  # ears
        p.ell(s * 0.35 - 0.22, -0.1, s * 0.35 + 0.22, 0.35)  # arms
        p.ell(s * 0.3 - 0.26, 0.55, s * 0.3 + 0.26, 1.0)  # feet
        p.ell(s * 0.17 - 0.06, -0.72, s * 0.17 + 0.06, -0.6, "dark")
    p.ell(-0.5, -0.95, 0.5, -0.1)
    p.ell(-0.55, -0.3, 0.55, 0.9)
    p.ell(-0.2, -0.55, 0.2, -0.25, "pale")  # muzzle
    p.ell(-0.07, -0.52, 0.07, -0.42, "dark")
    p.line([(0.0, -0.3), (0.0, 0.6)], 0.02, "dark")  # the seam coming apart


@subject("music_box", "music box|jewelry box|jewellery box|ballerina", "object")
def music_box(p: Pen) -> None:
    p.poly([(-0.8, 0.2), (0.8, 0.2), (0.8, 1.0), (-0.8, 1.0)])
    p.poly([(-0.8, 0.2), (0.8, 0.2), (0.7, -0.5), (-0.9, -0.5)])  # the lid, open
    p.poly([(-0.7, 0.15), (0.7, 0.15), (0.62, -0.4), (-0.8, -0.4)], "pale")  # its mirror
    p.ell(-0.08, -0.55, 0.08, -0.4, "dark")  # the dancer: head, tutu, arms up, one leg
    p.line([(0.0, -0.4), (0.0, 0.05)], 0.05, "dark")
    p.poly([(-0.22, -0.15), (0.22, -0.15), (0.0, -0.32)], "dark")
    p.line([(-0.16, -0.7), (0.0, -0.42), (0.16, -0.7)], 0.03, "dark")
    p.rect(-0.6, 0.4, 0.6, 0.8, "dark")
    p.rect(0.8, 0.45, 0.95, 0.55)  # the winding key


@subject("mirror", "mirrors|reflection|looking glass|vanity", "object", light="moon")
def mirror(p: Pen) -> None:
    p.ell(-0.66, -1.0, 0.66, 0.75)
    p.poly([(-0.15, -1.05), (0.15, -1.05), (0.0, -0.88)])  # the crest
    p.ell(-0.54, -0.88, 0.54, 0.63, "pale")
    p.ell(-0.16, -0.45, 0.16, -0.05, "dark")  # someone in the glass who is not in the room
    p.poly([(-0.38, 0.6), (-0.32, 0.1), (0.0, -0.05), (0.32, 0.1), (0.38, 0.6)], "dark")
    p.line([(-0.3, -0.6), (0.1, 0.4)], 0.02, "dark")  # a crack
    p.rect(-0.7, 0.75, 0.7, 1.0)  # the dresser it stands on


@subject("rocking_chair", "rocking chair|rocker|armchair", "object")
def rocking_chair(p: Pen) -> None:
    p.line([(-0.85, 0.8), (-0.3, 1.0), (0.3, 1.0), (0.85, 0.78)], 0.06)  # the runner
    p.line([(-0.45, -1.0), (-0.35, 0.2)], 0.07)
    p.line([(0.1, -1.0), (0.2, 0.2)], 0.07)
    p.line([(-0.48, -0.98), (0.14, -0.98)], 0.1)
    for t in (-0.3, -0.15, 0.0):  # spindles
        p.line([(t, -0.95), (t + 0.05, 0.15)], 0.03)
    p.poly([(-0.4, 0.1), (0.7, 0.1), (0.7, 0.25), (-0.4, 0.25)])
    for x in (-0.35, 0.6):
        p.line([(x, 0.2), (x - 0.05, 0.95)], 0.06)
    p.line([(0.15, -0.25), (0.75, -0.2), (0.7, 0.1)], 0.05)  # the arm


@subject("crib", "cot|cradle|nursery|bassinet|crib mobile", "object", where="in")
def crib(p: Pen) -> None:
    p.rect(-0.95, -0.1, 0.95, 0.0)
    p.rect(-0.95, 0.55, 0.95, 0.65)
    for k in range(13):
        x = -0.9 + k * 0.15
        p.line([(x, -0.05), (x, 0.6)], 0.035)
    for x in (-0.95, 0.95):
        p.line([(x, -0.35), (x, 1.0)], 0.08)
    p.line([(0.0, -1.0), (0.0, -0.75)], 0.015)  # the mobile, still turning
    p.line([(-0.45, -0.75), (0.45, -0.75)], 0.02)
    for x in (-0.45, 0.0, 0.45):
        p.line([(x, -0.75), (x, -0.55)], 0.01)
        p.poly([(x - 0.07, -0.55), (x + 0.07, -0.55), (x, -0.42)], "pale")


@subject("bed", "unmade bed|beds|bedsheets|sheets|mattress|pillow|headboard", "object", where="in")
def bed(p: Pen) -> None:
    p.rect(-0.95, -0.7, -0.82, 1.0)  # posts and headboard
    p.rect(0.82, -0.2, 0.95, 1.0)
    p.rect(-0.95, -0.7, -0.2, -0.55)
    p.rect(-0.9, 0.1, 0.9, 0.45)
    p.ell(-0.8, -0.18, -0.25, 0.15, "pale")  # pillow
    p.poly([(-0.3, 0.0), (0.2, -0.15), (0.9, 0.05), (0.95, 0.75), (-0.3, 0.55)], "pale")  # sheet
    p.line([(-0.1, 0.2), (0.5, 0.05), (0.85, 0.3)], 0.02, "dark")  # creases
    p.rect(-0.85, 0.45, 0.85, 1.0, "dark")  # the dark under it


@subject("under_bed", "under the bed|under a bed|under my bed|beneath the bed|space under",
         "place", where="in")  # fmt: skip
def under_bed(p: Pen) -> None:
    p.rect(-1.0, -0.3, 1.0, 0.0)  # the frame's edge, seen from the floor
    p.poly([(-1.0, -0.55), (1.0, -0.5), (1.0, -0.3), (-1.0, -0.3)], "pale")  # the hanging sheet
    p.rect(-0.95, 0.0, -0.85, 0.6)
    p.rect(0.85, 0.0, 0.95, 0.6)
    p.rect(-0.85, 0.0, 0.85, 0.6, "shade")
    p.glow(-0.22, 0.22, -0.12, 0.28)  # two eyes in the dark under it
    p.glow(0.08, 0.22, 0.18, 0.28)
    p.poly([(0.3, 0.5), (0.7, 0.55), (0.72, 0.62), (0.3, 0.6)], "pale")  # a hand reaching out
    for k in range(4):
        p.line([(0.7, 0.52 + k * 0.03), (0.85, 0.5 + k * 0.04)], 0.015, "pale")


@subject("baby_monitor", "monitor|baby monitor|walkie talkie|walkie-talkie|intercom", "object")
def baby_monitor(p: Pen) -> None:
    p.line([(0.25, -0.55), (0.32, -1.0)], 0.07)  # the antenna
    p.poly([(-0.45, -0.6), (0.45, -0.6), (0.5, 1.0), (-0.5, 1.0)])
    p.rect(-0.35, -0.45, 0.35, 0.1, "glow")  # the screen: a crib in green night vision
    p.lights.append((0.0, -0.2))
    p.rect(-0.25, -0.2, 0.25, 0.02, "dark")
    for k in range(5):
        p.line([(-0.22 + k * 0.11, -0.25), (-0.22 + k * 0.11, 0.02)], 0.012, "dark")
    for k in range(3):
        p.line([(-0.3, 0.35 + k * 0.12), (0.3, 0.35 + k * 0.12)], 0.03, "dark")  # speaker
    p.glow(-0.34, 0.17, -0.24, 0.25)  # the sound light, lit


@subject("childs_shoe", "child's shoe|shoe|shoes|boot|sneaker|slipper|floorboards", "object")
def childs_shoe(p: Pen) -> None:
    p.poly([(-0.9, 0.55), (-0.85, 0.05), (-0.55, -0.2), (-0.1, -0.15), (0.2, 0.1), (0.8, 0.25),
            (0.95, 0.55), (0.9, 0.75), (-0.9, 0.75)])  # fmt: skip
    p.rect(-0.95, 0.75, 0.95, 0.88, "pale")  # the sole
    p.ell(-0.7, -0.15, -0.2, 0.1, "dark")  # the opening
    for k in range(4):
        x = -0.1 + k * 0.14
        p.line([(x, 0.0 + k * 0.06), (x + 0.14, 0.2 + k * 0.05)], 0.03, "pale")  # laces
        p.line([(x + 0.14, 0.0 + k * 0.06), (x, 0.2 + k * 0.05)], 0.03, "pale")
    for y in (0.92, 1.0):  # the boards it was found under
        p.line([(-1.0, y), (1.0, y)], 0.02, "dark")
