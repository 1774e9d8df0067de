"""The camera in ffmpeg: per frame, a whole-pixel crop, one resize and a whole-pixel crop again.

A slow move needs sub-pixel placement: snapping the view to whole pixels (zoompan, a plain
scale+crop) makes the picture wobble by 1-3 px. ``perspective`` places it exactly but costs
~20 ms a frame at 1080x1920 (a per-pixel lookup table rebuilt every frame, then a generic
resampler), about as much as encoding the frame; swscale resizes the frame in ~2-3 ms.

So each frame's view becomes three integer steps, steered frame by frame through ``sendcmd``:
crop a window (C px wide) of the padded 4:2:0 picture, resize it to O px (swscale, bicubic),
cut the frame at offset o. Output pixel x then shows picture position c + (x + o + 0.5) * C / O.
For every frame the integers are searched so this matches the view's own mapping to ~0.1 px at
every pixel of the frame: C/O gives the zoom to a few parts per million, c and o the offset.
All four are even, so the half-size chroma planes are cut and resized in step with the luma.
"""

from dataclasses import dataclass

import numpy as np

from services.render.engine.motion import Rect

PAD = 32  # mirrored border around each picture: crop windows may reach past its edge
SIZES = 64  # crop widths tried per frame (even), from the narrowest that holds the view
KEEP = 16  # of those, the ones with the truest zoom, whose offsets are searched
OFFSETS = 64  # final cut offsets tried per frame (even: 0, 2, ...)
CHUNK = 64  # frames searched at once: bounds the search's memory to a few MB
TOLERANCE = 0.05  # px: placements this close count as exact
FILE = "camera.cmd"


@dataclass(frozen=True)
class Axis:
    start: int  # first column (row) of the crop window, in padded picture pixels
    size: int  # its width (height)
    scaled: int  # what swscale resizes it to
    offset: int  # where the frame is cut from the resized window
    error: float  # worst distance from the ideal view over the frame's pixels, in pixels


@dataclass(frozen=True)
class Shot:
    x: Axis
    y: Axis


def fit(lo: np.ndarray, hi: np.ndarray, source: int, out: int) -> list[Axis]:
    """Per frame, integers that show picture span [lo, hi] (1-D) on ``out`` pixels."""
    found: list[Axis] = []
    for i in range(0, len(lo), CHUNK):
        found += _fit(lo[i : i + CHUNK], hi[i : i + CHUNK], source, out)
    return found


def _fit(lo: np.ndarray, hi: np.ndarray, source: int, out: int) -> list[Axis]:
    room = source + 2 * PAD
    zoom = (out / (hi - lo))[:, None]
    narrowest = np.minimum(np.ceil(out / zoom - 1e-6), room)
    size = narrowest + narrowest % 2 + 2 * np.arange(SIZES)[None, :]
    scaled = np.maximum(2 * np.rint(size * zoom / 2), out)
    # the zoom error grows across the frame; keep the sizes that get the zoom nearly right
    slope = np.where(size <= room, np.abs(size / scaled - 1 / zoom), np.inf)
    keep = np.argpartition(slope, KEEP - 1, axis=1)[:, :KEEP]
    size, scaled = (np.take_along_axis(a, keep, axis=1)[..., None] for a in (size, scaled))
    zoom = zoom[..., None]
    step = size / scaled
    target = (lo + PAD)[:, None, None] + 0.5 / zoom
    offset = 2 * np.arange(OFFSETS)[None, None, :]
    start = np.clip(2 * np.rint((target - (offset + 0.5) * step) / 2), 0, room - size)
    first = start + (offset + 0.5) * step - target
    last = first + (out - 1) * (step - 1 / zoom)
    fits = (offset + out <= scaled) & (size <= room)
    error = np.where(fits, np.maximum(np.abs(first), np.abs(last)), np.inf)
    # within the tolerance, the smallest resize wins: swscale's work grows with its area
    score = np.maximum(error, TOLERANCE) + 1e-6 * scaled
    n = np.arange(len(lo))
    k, j = np.unravel_index(score.reshape(len(lo), -1).argmin(axis=1), error.shape[1:])
    picked = (np.broadcast_to(a, error.shape)[n, k, j] for a in (start, size, scaled, offset))
    return [
        Axis(start=int(s), size=int(c), scaled=int(o), offset=int(f), error=float(e))
        for s, c, o, f, e in zip(*picked, error[n, k, j], strict=True)
    ]


def shots(views: list[Rect], w: int, h: int) -> list[Shot]:
    """One shot per frame of ``views`` (picture coordinates of a w x h picture)."""
    v = np.asarray(views, dtype=np.float64).reshape(-1, 4)
    xs = fit(v[:, 0], v[:, 2], w, w)
    ys = fit(v[:, 1], v[:, 3], h, h)
    return [Shot(x, y) for x, y in zip(xs, ys, strict=True)]


def _settings(shot: Shot) -> dict[str, int]:
    x, y = shot.x, shot.y
    return {
        "crop@cam_in w": x.size, "crop@cam_in h": y.size,
        "crop@cam_in x": x.start, "crop@cam_in y": y.start,
        "scale@cam w": x.scaled, "scale@cam h": y.scaled,
        "crop@cam_out x": x.offset, "crop@cam_out y": y.offset,
    }  # fmt: skip


def commands(plan: list[Shot], fps: int) -> str:
    """The sendcmd script: each frame's changed settings, sent as that frame arrives."""
    lines: list[str] = []
    before: dict[str, int] = {}
    for n, shot in enumerate(plan):
        now = _settings(shot)
        changed = [f"{k} {v}" for k, v in now.items() if before.get(k) != v]
        before = now
        if changed:
            lo, hi = max(n - 0.5, 0) / fps, (n + 0.5) / fps
            lines.append(f"{lo:.6f}-{hi:.6f} {', '.join(changed)};")
    return "\n".join(lines) + "\n"


def pad(w: int, h: int) -> str:
    """The border each picture gets once, before it is looped: mirrored, so no dark seam."""
    return (
        f"pad=w={w + 2 * PAD}:h={h + 2 * PAD}:x={PAD}:y={PAD},"
        f"fillborders=left={PAD}:right={PAD}:top={PAD}:bottom={PAD}:mode=mirror"
    )


def filters(plan: list[Shot], w: int, h: int, command_file: str = FILE) -> str:
    """The camera for a padded 4:2:0 stream; ``command_file`` holds ``commands(plan)``."""
    x, y = plan[0].x, plan[0].y
    # the last crop clamps its offsets to the size its input had when the graph was built,
    # so the resize starts at the largest size it will take
    most_w, most_h = max(s.x.scaled for s in plan), max(s.y.scaled for s in plan)
    return (
        f"sendcmd=f={command_file},"
        f"crop@cam_in=w={x.size}:h={y.size}:x={x.start}:y={y.start}:exact=1,"
        f"scale@cam=w={most_w}:h={most_h}:flags=bicubic:threads=1,format=yuv420p,"
        f"crop@cam_out=w={w}:h={h}:x={x.offset}:y={y.offset}:exact=1,setsar=1"
    )


def worst_error(plan: list[Shot]) -> float:
    return max(max(s.x.error, s.y.error) for s in plan)
