"""The camera: one slow, continuous move across the whole video, a different leg per scene.

It is drawn by a single ``perspective`` filter on the joined picture stream. ``perspective``
resamples with sub-pixel precision, so a drift of a few pixels per second glides; zoompan and
scale+crop snap the view to whole pixels (and swscale moves its sampling grid with every size
change): on a test dot they wobbled 1-3 px between frames, this under 0.1 px. One instance for
the whole video, not one per scene, keeps ffmpeg's memory from growing with the scene count
(each instance holds a 16 MB lookup table) and resamples each frame once, even in crossfades.

Each scene is a leg from one framing to the next, eased so the camera rests at the middle of
every crossfade and both pictures of a dissolve stand still.
"""

from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Framing:
    """A view: zoom, and where its centre sits in the room the zoom leaves (-1 .. 1)."""

    zoom: float
    fx: float = 0.0
    fy: float = 0.0

    def rect(self, w: int, h: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the view in picture pixels."""
        hw, hh = w / (2 * self.zoom), h / (2 * self.zoom)
        cx = w / 2 + self.fx * (w / 2 - hw)
        cy = h / 2 + self.fy * (h / 2 - hh)
        return cx - hw, cy - hh, cx + hw, cy + hh


# the framings the legs run between: in, across, out, up... so neighbours never repeat a move
FRAMINGS = (
    Framing(1.0, 0.0, -0.2),
    Framing(1.13, 0.0, -0.4),
    Framing(1.13, 0.8, -0.1),
    Framing(1.02, 0.0, 0.0),
    Framing(1.16, -0.6, -0.7),
    Framing(1.12, -0.7, 0.6),
    Framing(1.03, 0.0, 0.2),
    Framing(1.15, 0.5, 0.5),
)


def framings(scenes: int, first: int = 0) -> list[Framing]:
    """scenes + 1 framings: the camera runs from framing k to framing k + 1 during scene k."""
    return [FRAMINGS[(first + k) % len(FRAMINGS)] for k in range(scenes + 1)]


def _piecewise(starts: list[int], ends: list[int], values: list[tuple[float, float]]) -> str:
    """An expression of the frame number: eased from a to b over each [start, end]."""
    n = "(in-1)"  # perspective counts input frames from 1
    expr = ""
    for k in range(len(starts) - 1, -1, -1):
        a, b = values[k]
        span = max(ends[k] - starts[k], 1)
        # st/ld keep the progress in a register: p*p*(3-2p), a smoothstep, without repeating p
        ease = f"st(0,clip(({n}-{starts[k]})/{span},0,1))*ld(0)*(3-2*ld(0))"
        leg = f"{a:.3f}+{b - a:.3f}*{ease}"
        expr = leg if not expr else f"if(lt({n},{ends[k]}),{leg},{expr})"
    return expr


def camera(cuts: list[int], total_frames: int, w: int, h: int, first: int = 0) -> str:
    """A ``perspective`` filter for legs that change at frames ``cuts`` (one per later scene)."""
    starts = [0, *cuts]
    ends = [*cuts, max(total_frames - 1, 1)]
    rects = [f.rect(w, h) for f in framings(len(starts), first)]
    sides = [
        _piecewise(starts, ends, [(r0[i], r1[i]) for r0, r1 in pairwise(rects)]) for i in range(4)
    ]
    left, top, right, bottom = sides
    corners = {
        "x0": left, "y0": top, "x1": right, "y1": top,
        "x2": left, "y2": bottom, "x3": right, "y3": bottom,
    }  # fmt: skip
    opts = ":".join(f"{k}='{v}'" for k, v in corners.items())
    return f"perspective={opts}:interpolation=linear:sense=source:eval=frame"
