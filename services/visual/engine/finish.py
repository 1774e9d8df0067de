"""The film finish every still gets last: exposure, contrast, saturation, vignette, grain."""

import numpy as np

from services.visual.engine import procedural as pr
from services.visual.engine.canvas import Canvas


def finish(cv: Canvas) -> np.ndarray:
    """The canvas as 8-bit RGB."""
    pal = cv.pal
    img = cv.img * pal.exposure
    # A soft shoulder instead of clipping, so lamps and the moon bloom rather than flatten.
    img = img / (1.0 + 0.35 * img)
    luma = img @ np.asarray([0.2126, 0.7152, 0.0722], np.float32)
    img = luma[..., None] + (img - luma[..., None]) * pal.saturation
    # Contrast pivots low, around the dark mid-tones these scenes live in.
    img = np.clip(img, 0.0, None)
    img = 0.18 * (img / 0.18) ** pal.contrast
    img *= pr.vignette(cv.w, cv.h, 0.9)[..., None]
    g = pr.grain(cv.rng, cv.w, cv.h, pal.grain)
    # Grain shows most in the mid-tones and barely in the blacks, like real film.
    img += (g * np.clip(luma * 3.0, 0.15, 1.0))[..., None]
    img = np.clip(img, 0.0, 1.0) ** (1 / 1.15)
    rgb: np.ndarray = (img * 255.0 + 0.5).astype(np.uint8)
    return rgb
