"""A float RGB frame that scenes paint onto: silhouettes through masks, lights added, fog mixed.

Scenes draw shapes with Pillow (fast C polygons) into a greyscale mask and hand it here; only the
mask's bounding box is composited, so a small window costs a small fraction of the frame.
"""

from collections.abc import Callable, Sequence

import numpy as np
from PIL import Image, ImageDraw

from services.visual.engine import procedural as pr
from services.visual.engine.palette import RGB, Palette, mix, scale

Draw = Callable[[ImageDraw.ImageDraw], None]
Points = Sequence[tuple[float, float]]
Box = Sequence[float]


# Shapes as Draw callables whose coordinates are bound when made, so a loop can make one per item.
def polygon(points: Points) -> Draw:
    return lambda d: d.polygon(list(points), fill=255)


def rectangle(box: Box, *, outline_width: int = 0) -> Draw:
    if outline_width:
        return lambda d: d.rectangle(list(box), outline=255, width=outline_width)
    return lambda d: d.rectangle(list(box), fill=255)


def ellipse(box: Box) -> Draw:
    return lambda d: d.ellipse(list(box), fill=255)


class Canvas:
    def __init__(self, width: int, height: int, palette: Palette, rng: np.random.Generator):
        self.w, self.h = width, height
        self.u = width / 1080.0  # one unit = one pixel of a 1080-wide frame
        self.pal = palette
        self.rng = rng
        self.img = np.zeros((height, width, 3), np.float32)
        self._mottle_field: np.ndarray | None = None

    def mask(self, draw: Draw) -> Image.Image:
        m = Image.new("L", (self.w, self.h), 0)
        draw(ImageDraw.Draw(m))
        return m

    def fill(
        self,
        mask: Image.Image,
        color: RGB,
        *,
        opacity: float = 1.0,
        blur: float = 1.2,
        texture: float = 0.0,
    ) -> None:
        """Paint color through mask (blur in units softens the edge; texture mottles big areas)."""
        box = mask.getbbox()
        if box is None:
            return
        pad = int(3 * blur * self.u) + 2
        x0, y0 = max(0, box[0] - pad), max(0, box[1] - pad)
        x1, y1 = min(self.w, box[2] + pad), min(self.h, box[3] + pad)
        a = pr.soft(mask.crop((x0, y0, x1, y1)), blur * self.u)[..., None] * opacity
        paint: np.ndarray = np.asarray(color, np.float32)
        if texture:  # moonlight catching rock, earth and grass: fog-hued, never brighter than it
            mottle = self._mottle()[y0:y1, x0:x1, None] - 0.5
            paint = paint + mottle * texture * np.asarray(self.pal.fog, np.float32)
        region = self.img[y0:y1, x0:x1]
        region *= 1.0 - a
        region += a * paint

    def _mottle(self) -> np.ndarray:
        if self._mottle_field is None:
            small = pr.fbm(self.rng, self.w // 4, self.h // 4, cells=9, octaves=4)
            self._mottle_field = pr.upscale(small, self.w, self.h)
        return self._mottle_field

    def silhouette(
        self, draw: Draw, depth: float, *, blur: float = 1.2, texture: float = 0.0
    ) -> Image.Image:
        """Dark shape whose colour fades toward the fog with distance (depth 0 near, 1 far)."""
        m = self.mask(draw)
        color = self.toward_fog(self.pal.shadow, depth * 0.8)
        self.fill(m, color, blur=blur + depth * 2, texture=texture)
        return m

    def toward_fog(self, color: RGB, t: float) -> RGB:
        """Aerial perspective: far things take the fog's hue but stay darker than the fog."""
        t = min(max(t * self.pal.fog_density, 0.0), 1.0)
        return mix(color, scale(self.pal.fog, 0.6), t)

    def light(self, field: np.ndarray, color: RGB, strength: float) -> None:
        """Additive light from a [0, 1] field (glows, beams)."""
        self.img += (field * strength)[..., None] * np.asarray(color, np.float32)

    def glow(
        self, mask: Image.Image, color: RGB, *, core: float, radius: float, halo: float
    ) -> None:
        """A lit shape (window, lamp): its solid core plus a soft halo around it."""
        self.fill(mask, scale(color, core), blur=0.8)
        f = np.asarray(mask, dtype=np.float32) * (1.0 / 255.0)
        self.light(pr.bloom(f, radius * self.u), color, halo)

    def point_light(self, x: float, y: float, radius: float, color: RGB, strength: float) -> None:
        """Light from a small source falling off with distance (bulbs, lamps, tail lights)."""
        r = radius * self.u
        x0, x1 = max(0, int(x - 8 * r)), min(self.w, int(x + 8 * r) + 1)
        y0, y1 = max(0, int(y - 8 * r)), min(self.h, int(y + 8 * r) + 1)
        if x0 >= x1 or y0 >= y1:
            return
        d = pr.radial(x1 - x0, y1 - y0, x - x0, y - y0, r)
        fall = strength / (1.0 + d * d) - strength / 65.0  # reaches zero at the crop's edge
        self.img[y0:y1, x0:x1] += np.clip(fall, 0, None)[..., None] * np.asarray(color, np.float32)

    def fog(self, amount: np.ndarray, color: RGB | None = None) -> None:
        """Mix toward the fog colour by a [0, 1] field (or any colour)."""
        c = np.asarray(color or self.pal.fog, np.float32)
        a = np.clip(amount * self.pal.fog_density, 0.0, 1.0)[..., None]
        self.img *= 1.0 - a
        self.img += a * c

    def fog_band(self, y: float, height: float, strength: float) -> None:
        """A drifting horizontal fog bank centred on row y (both in frame fractions)."""
        # Fog is soft: noise made at quarter size and upscaled costs a tenth of full size.
        small = pr.fbm(self.rng, self.w // 4, self.h // 4, cells=3.0, octaves=4, stretch=4.0)
        noise = pr.upscale(small, self.w, self.h)
        rows = (np.arange(self.h, dtype=np.float32) / self.h - y) / height
        band = np.exp(-rows * rows)[:, None]
        self.fog(band * (0.35 + 0.65 * noise) * strength)
