"""Interiors seen in one-point perspective: a hallway with light at its end, stairs going down.

The box is ray-cast per pixel in numpy (each pixel's depth is where its ray first meets a wall,
the floor or the ceiling), so shading, falloff and floorboards are in true perspective for the
cost of a few array operations, with no 3-D library.
"""

import numpy as np

from services.visual.engine import procedural as pr
from services.visual.engine.canvas import Canvas

FLOOR, CEILING, HALF_WIDTH = 1.0, 1.5, 1.0  # the box, in the camera's units (eye at 0)
NEAR, BACK = 0.5, 5.0


class Box:
    def __init__(self, cv: Canvas, vx: float, vy: float, slope: float = 0.0):
        self.cv, self.vx, self.vy = cv, vx, vy
        self.f = 0.6 * cv.w  # focal length: the near end of the box overfills a portrait frame
        self.slope = slope  # the floor falls this much per unit of depth (stairs down)

    def proj(self, x: float, y: float, z: float) -> tuple[float, float]:
        return self.vx + self.f * x / z, self.vy + self.f * y / z

    def floor_y(self, z: float) -> float:
        return FLOOR + self.slope * (z - NEAR)

    def render(self, light: tuple[float, float, float], steps: float = 0.0) -> np.ndarray:
        """Shade walls, floor and ceiling; returns the depth of every pixel (BACK = the far end)."""
        cv = self.cv
        ys, xs = np.mgrid[: cv.h, : cv.w].astype(np.float32)
        dx, dy = (xs - self.vx) / self.f, (ys - self.vy) / self.f
        big = np.float32(1e6)
        z_wall = np.where(np.abs(dx) > 1e-6, HALF_WIDTH / np.maximum(np.abs(dx), 1e-6), big)
        s0 = FLOOR - self.slope * NEAR
        z_floor = np.where(dy - self.slope > 1e-6, s0 / np.maximum(dy - self.slope, 1e-6), big)
        z_ceil = np.where(dy < -1e-6, CEILING / np.maximum(-dy, 1e-6), big)
        z = np.minimum(np.minimum(z_wall, z_floor), z_ceil)
        on_floor, on_ceil = z == z_floor, z == z_ceil
        albedo = np.full(z.shape, 0.55, np.float32)
        grime = pr.fbm(cv.rng, cv.w, cv.h, cells=7, octaves=5)
        albedo *= 0.55 + 0.45 * grime  # water stains and soot on the walls
        if steps:  # lit treads with a bright worn nosing, dark risers, down the stairs
            phase = (z * steps) % 1.0
            tread = np.where(phase < 0.08, 1.0, np.where(phase < 0.55, 0.6, 0.14))
            albedo = np.where(on_floor, tread * (0.7 + 0.3 * grime), albedo)
        else:  # floorboards run away from the camera
            boards = np.abs(((dx * z * 5.0) % 1.0) - 0.5) > 0.46
            albedo = np.where(on_floor, np.where(boards, 0.15, 0.5) * (0.6 + 0.4 * grime), albedo)
        albedo = np.where(on_ceil, albedo * 0.45, albedo)
        # Light comes from the far end: surfaces brighten with depth, the near end falls to black.
        falloff = np.exp(-(BACK - np.minimum(z, BACK)) * 0.55)
        shade = albedo * (0.02 + falloff)
        shade = np.where(z >= BACK, albedo * 0.12, shade)  # the end wall is lit from behind: dark
        cv.img[:] = shade[..., None] * np.asarray(light, np.float32) * 0.6
        return z

    def back_light(self, z: np.ndarray, color: tuple[float, float, float], power: float) -> None:
        """The opening at the far end: a hazy bright doorway that everything is seen against."""
        cv = self.cv
        ys, xs = np.mgrid[: cv.h, : cv.w].astype(np.float32)
        wx, wy = (xs - self.vx) / self.f * BACK, (ys - self.vy) / self.f * BACK
        opening = ((z >= BACK) & (np.abs(wx) < 0.5) & (wy > -0.8)).astype(np.float32)
        haze = pr.fbm(cv.rng, cv.w, cv.h, cells=5, octaves=3)
        cv.img += (opening * (0.6 + 0.4 * haze) * power)[..., None] * np.asarray(color, np.float32)
        cv.light(pr.bloom(opening, 90 * cv.u), color, 0.35 * power)

    def doorway(self, side: int, z0: float, z1: float, top: float) -> list[tuple[float, float]]:
        """A door on the left (-1) or right (+1) wall, as a screen polygon."""
        x = side * HALF_WIDTH
        return [
            self.proj(x, self.floor_y(z0), z0),
            self.proj(x, top, z0),
            self.proj(x, top, z1),
            self.proj(x, self.floor_y(z1), z1),
        ]

    def rail(self, side: int, height: float, thick: float) -> list[tuple[float, float]]:
        """A handrail along one wall, following the floor's fall, as a screen polygon."""
        x = side * HALF_WIDTH * 0.97
        zs = np.linspace(NEAR + 0.15, BACK - 0.2, 24)
        top = [self.proj(x, self.floor_y(z) - height, z) for z in zs]
        low = [self.proj(x, self.floor_y(z) - height + thick, z) for z in zs[::-1]]
        return top + low
