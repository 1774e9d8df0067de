"""The camera's path: one slow, continuous move across the whole video, a leg per scene.

Each scene is a leg from one framing to the next, eased (smoothstep) so the camera rests at the
middle of every crossfade and both pictures of a dissolve stand still. The path is a view
rectangle per frame, in sub-pixel picture coordinates; camera.py turns it into ffmpeg filters.
"""

from dataclasses import dataclass

Rect = tuple[float, float, float, float]  # left, top, right, bottom in picture pixels


@dataclass(frozen=True)
class Framing:
    """A view: zoom, and where its centre sits in the room the zoom leaves (-1 .. 1)."""

    zoom: float
    fx: float = 0.0
    fy: float = 0.0

    def rect(self, w: int, h: int) -> Rect:
        """(left, top, right, bottom) of the view in picture pixels."""
        hw, hh = w / (2 * self.zoom), h / (2 * self.zoom)
        cx = w / 2 + self.fx * (w / 2 - hw)
        cy = h / 2 + self.fy * (h / 2 - hh)
        return cx - hw, cy - hh, cx + hw, cy + hh


# the framings the legs run between: in, across, out, up... so neighbours never repeat a move.
# Zooms stay within 1.04-1.19: camera.py places views to ~0.1 px there, and a view that never
# shows the whole still keeps its resampling taps off the picture's edge
FRAMINGS = (
    Framing(1.04, 0.0, -0.2),
    Framing(1.16, 0.0, -0.4),
    Framing(1.16, 0.8, -0.1),
    Framing(1.05, 0.0, 0.0),
    Framing(1.18, -0.6, -0.7),
    Framing(1.15, -0.7, 0.6),
    Framing(1.06, 0.0, 0.2),
    Framing(1.17, 0.5, 0.5),
)


def framings(scenes: int, first: int = 0) -> list[Framing]:
    """scenes + 1 framings: the camera runs from framing k to framing k + 1 during scene k."""
    return [FRAMINGS[(first + k) % len(FRAMINGS)] for k in range(scenes + 1)]


def path(cuts: list[int], total_frames: int, w: int, h: int, first: int = 0) -> list[Rect]:
    """The view of every frame, for legs that change at frames ``cuts`` (one per later scene)."""
    starts = [0, *cuts]
    ends = [*cuts, max(total_frames - 1, 1)]
    rects = [f.rect(w, h) for f in framings(len(starts), first)]
    views: list[Rect] = []
    leg = 0
    for n in range(total_frames):
        while leg + 1 < len(starts) and n >= ends[leg]:
            leg += 1
        p = min(max((n - starts[leg]) / max(ends[leg] - starts[leg], 1), 0.0), 1.0)
        ease = p * p * (3 - 2 * p)
        a, b = rects[leg], rects[leg + 1]
        views.append((
            a[0] + (b[0] - a[0]) * ease, a[1] + (b[1] - a[1]) * ease,
            a[2] + (b[2] - a[2]) * ease, a[3] + (b[3] - a[3]) * ease,
        ))  # fmt: skip
    return views
