"""Machines that talk, watch, record or count: phones, radios, a TV full of static, clocks."""

import math

from services.visual.engine.pen import Pen
from services.visual.engine.vocab import subject


@subject("phone", "phones|smartphone|cellphone|cell phone|mobile|text message|screen|"
         "missed call|voicemail|voice mail",
         "light")  # fmt: skip
def phone(p: Pen) -> None:
    p.poly([(-0.42, -0.95), (0.42, -0.95), (0.45, 0.95), (-0.45, 0.95)])
    p.rect(-0.36, -0.8, 0.36, 0.78, "glow")
    for k in range(4):  # message bubbles on the lit screen
        x = -0.3 if k % 2 == 0 else -0.05
        p.rect(x, -0.6 + k * 0.3, x + 0.35, -0.45 + k * 0.3, "dark")
    p.lights.append((0.0, 0.0))


@subject("telephone", "rotary phone|landline|receiver|payphone|pay phone|phone booth|dial tone",
         "object")  # fmt: skip
def telephone(p: Pen) -> None:
    p.poly([(-0.8, 1.0), (-0.6, 0.1), (0.6, 0.1), (0.8, 1.0)])
    p.ell(-0.45, 0.2, 0.45, 0.95, "pale")  # the dial
    p.ell(-0.15, 0.45, 0.15, 0.7)
    for k in range(8):
        a = math.pi * (0.2 + k * 0.2)
        u, v = 0.3 * math.cos(a), 0.575 + 0.28 * math.sin(a)
        p.ell(u - 0.05, v - 0.05, u + 0.05, v + 0.05, "dark")
    p.poly([(-0.95, -0.1), (-0.7, -0.35), (0.7, -0.35), (0.95, -0.1), (0.7, 0.05), (-0.7, 0.05)])
    p.ell(-1.0, -0.3, -0.6, 0.1)  # the handset's two ends
    p.ell(0.6, -0.3, 1.0, 0.1)
    p.line([(0.8, 0.1), (0.95, 0.6), (0.7, 0.9), (0.9, 1.0)], 0.03)  # the cord


@subject(
    "radio",
    "radios|transistor|static on the radio|broadcast|frequency|wireless|speaker|smart speaker",
    "object",
)
def radio(p: Pen) -> None:
    p.poly([(-0.95, -0.3), (-0.85, -0.55), (0.85, -0.55), (0.95, -0.3), (0.95, 0.8),
            (-0.95, 0.8)])  # fmt: skip
    p.line([(0.6, -0.55), (0.95, -1.0)], 0.03)  # aerial
    for k in range(6):
        p.line([(-0.8, -0.3 + k * 0.16), (0.05, -0.3 + k * 0.16)], 0.06, "dark")  # grille
    p.rect(0.2, -0.35, 0.85, -0.05, "glow")  # the tuning dial, lit
    p.rect(0.5, -0.35, 0.53, -0.05, "dark")
    p.ell(0.25, 0.15, 0.5, 0.45, "pale")
    p.ell(0.58, 0.15, 0.83, 0.45, "pale")
    p.rect(-0.85, 0.8, -0.7, 1.0)
    p.rect(0.7, 0.8, 0.85, 1.0)


@subject("tv_static", "tv|television|static|snow on the screen|crt|television set|vhs|"
         "vhs tape|videotape|tape",
         "light", where="in")  # fmt: skip
def tv_static(p: Pen) -> None:
    p.rect(-0.95, -0.75, 0.95, 0.7)
    p.rect(-0.8, -0.62, 0.5, 0.55, "glow")  # the screen
    for k in range(14):  # static: broken scan lines
        y = -0.58 + k * 0.083
        p.line([(-0.78 + (k * 37 % 11) * 0.02, y), (-0.2 + (k * 53 % 13) * 0.05, y)], 0.015,
               "dark")  # fmt: skip
    p.ell(0.62, -0.5, 0.82, -0.3, "dark")
    p.ell(0.62, -0.15, 0.82, 0.05, "dark")
    p.line([(-0.2, -0.75), (-0.6, -1.0)], 0.02)
    p.line([(0.2, -0.75), (0.6, -1.0)], 0.02)  # rabbit ears
    p.rect(-0.8, 0.7, -0.65, 1.0)
    p.rect(0.65, 0.7, 0.8, 1.0)


@subject("camera", "cameras|camcorder|video camera|tripod|polaroid camera|footage|recording",
         "object")  # fmt: skip
def camera(p: Pen) -> None:
    p.rect(-0.7, -0.5, 0.45, 0.1)
    p.poly([(0.45, -0.4), (0.95, -0.6), (0.95, 0.2), (0.45, 0.0)])  # lens hood
    p.ell(0.6, -0.4, 0.9, 0.0, "pale")
    p.ell(0.68, -0.32, 0.82, -0.08, "dark")
    p.ell(-0.6, -0.85, -0.05, -0.45)  # film reels
    p.ell(-0.2, -0.85, 0.35, -0.45)
    p.glow(-0.6, -0.4, -0.48, -0.28)  # the red recording light
    for a, b in ((-0.1, -0.6), (-0.1, 0.4), (-0.1, -0.1)):
        p.line([(a, 0.1), (b, 1.0)], 0.04)  # tripod legs


@subject("headphones", "headphone|headset|earbuds|earphones", "object")
def headphones(p: Pen) -> None:
    p.ring(-0.75, -0.95, 0.75, 0.55, 0.1)
    p.cut("rect", -1.0, -0.2, 1.0, 1.0)
    p.rect(-0.85, -0.2, -0.62, 0.45)
    p.rect(0.62, -0.2, 0.85, 0.45)
    p.rect(-0.65, -0.12, -0.55, 0.37, "pale")
    p.rect(0.55, -0.12, 0.65, 0.37, "pale")
    p.line([(-0.75, 0.45), (-0.6, 0.8), (0.2, 0.95), (0.6, 0.8)], 0.025)


@subject("computer", "laptop|computer|desktop|webcam|email|chat window|monitor screen", "light")
def computer(p: Pen) -> None:
    p.poly([(-0.85, -0.75), (0.85, -0.75), (0.85, 0.35), (-0.85, 0.35)])
    p.rect(-0.75, -0.65, 0.75, 0.25, "glow")
    for k in range(5):
        p.line([(-0.6, -0.5 + k * 0.15), (0.1 + (k % 2) * 0.3, -0.5 + k * 0.15)], 0.03, "dark")
    p.poly([(-0.95, 0.45), (0.95, 0.45), (1.0, 0.6), (-1.0, 0.6)])  # keyboard deck
    p.lights.append((0.0, -0.2))


@subject("security_desk", "security desk|cctv|security camera|surveillance|guard station|"
         "night guard|security guard|security monitors", "light", where="in")  # fmt: skip
def security_desk(p: Pen) -> None:
    for r, (x0, y0) in enumerate(((-0.95, -0.95), (0.02, -0.95), (-0.95, -0.3), (0.02, -0.3))):
        p.rect(x0, y0, x0 + 0.93, y0 + 0.6)
        p.rect(x0 + 0.06, y0 + 0.06, x0 + 0.87, y0 + 0.54, "glow")
        p.rect(x0 + 0.3 + r * 0.05, y0 + 0.2, x0 + 0.4 + r * 0.05, y0 + 0.5, "dark")  # someone
        p.ell(x0 + 0.3 + r * 0.05, y0 + 0.12, x0 + 0.4 + r * 0.05, y0 + 0.22, "dark")
    p.rect(-1.0, 0.35, 1.0, 0.5)  # the desk
    p.rect(-0.95, 0.5, -0.8, 1.0)
    p.rect(0.8, 0.5, 0.95, 1.0)
    p.poly([(-0.3, 0.5), (0.3, 0.5), (0.2, 0.95), (-0.2, 0.95)])  # the empty chair's back


@subject("clock", "clocks|alarm clock|digital clock|3:33|nightstand", "light", where="in")
def clock(p: Pen) -> None:
    p.poly([(-0.95, -0.2), (0.95, -0.2), (0.85, 0.5), (-0.85, 0.5)])
    p.rect(-0.8, -0.1, 0.8, 0.4, "shade")
    for i, x in enumerate((-0.62, -0.18, 0.26)):  # "3:33" in glowing segments
        w, t = 0.3, 0.05
        p.rect(x, -0.02, x + w, -0.02 + t, "glow")
        p.rect(x, 0.13, x + w, 0.13 + t, "glow")
        p.rect(x, 0.28, x + w, 0.28 + t, "glow")
        p.rect(x + w - t, -0.02, x + w, 0.33, "glow")
        if i == 0:
            p.glow(-0.27, 0.05, -0.23, 0.09)
            p.glow(-0.27, 0.2, -0.23, 0.24)
    p.lights.append((0.0, 0.15))
    p.rect(-1.0, 0.5, 1.0, 0.62)  # the nightstand's top
    p.rect(-0.9, 0.62, 0.9, 1.0)


@subject("grandfather_clock", "grandfather clock|pendulum|ticking|chime|chiming", "object")
def grandfather_clock(p: Pen) -> None:
    p.poly([(-0.4, -0.8), (0.0, -1.0), (0.4, -0.8), (0.4, 1.0), (-0.4, 1.0)])
    p.ell(-0.3, -0.78, 0.3, -0.22, "pale")
    p.line([(0.0, -0.5), (0.0, -0.7)], 0.03, "dark")
    p.line([(0.0, -0.5), (0.14, -0.42)], 0.03, "dark")
    p.rect(-0.22, -0.1, 0.22, 0.75, "dark")
    p.line([(0.0, -0.1), (0.08, 0.45)], 0.02, "pale")
    p.ell(-0.03, 0.38, 0.19, 0.58, "pale")  # the brass bob
