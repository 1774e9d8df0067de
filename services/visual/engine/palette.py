"""Colour and exposure from the style, mood and prompt words.

A palette is chosen by keyword votes (style counts double: it is the job-wide look), then the
mood shifts exposure, fog and contrast. Colours are sRGB in [0, 1]; the scenes stay dark because
the sky and shadow colours are dark, not because the frame is crushed afterwards.
"""

import re
from dataclasses import dataclass, replace
from typing import Any

RGB = tuple[float, float, float]


def scale(c: RGB, k: float) -> RGB:
    return (c[0] * k, c[1] * k, c[2] * k)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


@dataclass(frozen=True)
class Palette:
    sky_top: RGB
    sky_low: RGB
    fog: RGB
    moon: RGB
    warm: RGB  # lamps, windows, candles
    shadow: RGB  # silhouettes: never pure black, film has a floor
    saturation: float = 0.85
    exposure: float = 1.0
    fog_density: float = 0.6
    contrast: float = 1.1
    grain: float = 0.03


PALETTES: dict[str, Palette] = {
    "moonlit": Palette(
        (0.010, 0.020, 0.032),
        (0.10, 0.15, 0.17),
        (0.30, 0.37, 0.38),
        (0.86, 0.92, 0.90),
        (1.00, 0.62, 0.26),
        (0.010, 0.014, 0.018),
    ),
    "blood": Palette(
        (0.030, 0.006, 0.008),
        (0.22, 0.05, 0.04),
        (0.36, 0.16, 0.13),
        (0.95, 0.70, 0.60),
        (1.00, 0.35, 0.15),
        (0.016, 0.004, 0.004),
    ),
    "sickly": Palette(
        (0.012, 0.022, 0.010),
        (0.12, 0.17, 0.08),
        (0.31, 0.36, 0.25),
        (0.85, 0.92, 0.70),
        (0.90, 0.85, 0.35),
        (0.008, 0.012, 0.006),
    ),
    "frost": Palette(
        (0.010, 0.016, 0.040),
        (0.12, 0.17, 0.26),
        (0.36, 0.42, 0.50),
        (0.88, 0.93, 1.00),
        (0.95, 0.75, 0.45),
        (0.008, 0.010, 0.020),
    ),
    "sepia": Palette(
        (0.025, 0.018, 0.012),
        (0.20, 0.15, 0.10),
        (0.40, 0.34, 0.26),
        (0.95, 0.86, 0.70),
        (1.00, 0.68, 0.30),
        (0.014, 0.010, 0.006),
        saturation=0.6,
    ),
    "noir": Palette(
        (0.015, 0.015, 0.015),
        (0.15, 0.15, 0.15),
        (0.36, 0.36, 0.36),
        (0.92, 0.92, 0.92),
        (0.90, 0.88, 0.84),
        (0.010, 0.010, 0.010),
        saturation=0.0,
    ),
    "ember": Palette(
        (0.020, 0.012, 0.010),
        (0.20, 0.10, 0.05),
        (0.34, 0.24, 0.18),
        (0.98, 0.80, 0.58),
        (1.00, 0.50, 0.14),
        (0.012, 0.008, 0.006),
    ),
}

VOTES: dict[str, tuple[str, ...]] = {
    "moonlit": ("moon", "moonlight", "teal", "night", "cyan"),
    "blood": ("red", "blood", "bloody", "crimson", "scarlet", "hell", "demon", "gore"),
    "sickly": ("green", "sickly", "toxic", "swamp", "rot", "rotting", "bog", "decay"),
    "frost": ("blue", "cold", "ice", "icy", "winter", "snow", "frozen", "frost"),
    "sepia": ("sepia", "vintage", "old photo", "polaroid", "faded", "1970s", "1920s", "victorian"),
    "noir": ("black and white", "monochrome", "noir", "grayscale", "greyscale", "b&w"),
    "ember": ("amber", "orange", "fire", "candle", "candlelight", "lantern", "ember", "burning"),
}

# Mood words, and look words a style may use; each nudges the finish, not the colours.
MODIFIERS: dict[str, dict[str, Any]] = {  # Any: mypy cannot match ** to fields
    "dread": {"exposure": 0.9, "fog_density": 0.7},
    "terror": {"contrast": 1.3, "exposure": 0.95},
    "panic": {"contrast": 1.3},
    "fear": {"contrast": 1.2},
    "unease": {"fog_density": 0.8, "saturation": 0.7},
    "eerie": {"fog_density": 0.85},
    "mystery": {"fog_density": 0.95},
    "grief": {"saturation": 0.45, "exposure": 0.85},
    "lonely": {"saturation": 0.55, "fog_density": 0.8},
    "calm": {"fog_density": 0.4, "exposure": 1.05},
    "shock": {"contrast": 1.4, "exposure": 1.1},
    "despair": {"saturation": 0.4, "exposure": 0.8},
    "muted": {"saturation": 0.65},
    "vivid": {"saturation": 1.1},
    "grainy": {"grain": 0.05},
    "clean": {"grain": 0.015},
    "pitch": {"exposure": 0.75},
    "foggy": {"fog_density": 1.0},
    "misty": {"fog_density": 0.9},
}


def _count(text: str, words: tuple[str, ...]) -> int:
    return sum(len(re.findall(rf"\b{re.escape(w)}\b", text)) for w in words)


def choose(style: str, mood: str, prompt: str) -> Palette:
    style, mood, prompt = style.lower(), mood.lower(), prompt.lower()
    scores = {
        name: 2 * _count(style, words) + _count(mood, words) + _count(prompt, words)
        for name, words in VOTES.items()
    }
    best = max(scores, key=lambda n: (scores[n], n == "moonlit"))
    palette = PALETTES[best] if scores[best] > 0 else PALETTES["moonlit"]
    for word, changes in MODIFIERS.items():
        if re.search(rf"\b{word}", f"{style} {mood}"):
            palette = replace(palette, **changes)
    return palette
