"""Each subject is drawn recognisably: its drawing has a silhouette of its own.

For every pen-drawn subject a reference still is painted (close-up, seed 0, plain style);
then every subject is painted again with another seed and another palette, and a
nearest-neighbour over the references' edge maps must name the subject it was. Edge maps
(gradient magnitude) are used because they keep the outline and drop the colour. Whole-frame
places (corridor, house, forest ...) are left out: their layout is the seed's by design.
"""

import io

import numpy as np
import pytest
from PIL import Image, ImageFilter

from services.visual.engine.catalog import SUBJECTS
from services.visual.engine.reading import Reading
from services.visual.engine.shots import Shot
from services.visual.engine.still import paint

pytestmark = pytest.mark.slow

DRAWN = [name for name, s in SUBJECTS.items() if s.scene is None]
SIZE = (108, 192)


def edges(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as im:
        grey = im.convert("L").resize((72, 128), Image.Resampling.BOX)
    a = np.asarray(grey.filter(ImageFilter.GaussianBlur(1.5)), np.float32)
    mag = np.hypot(np.abs(np.diff(a, axis=1))[:-1], np.abs(np.diff(a, axis=0))[:, :-1])
    small = np.asarray(Image.fromarray(mag, mode="F").resize((24, 42), Image.Resampling.BOX))
    v = (small - small.mean()).ravel()
    return v / (np.linalg.norm(v) + 1e-6)


def still(name: str, light: str, style: str, seed: int) -> bytes:
    s = SUBJECTS[name]
    backdrop = {"in": "room", "out": "field"}.get(s.where, "room")
    shot = Shot(Reading(s, True, backdrop, frozenset()), "close-up", light)
    return paint(shot, style, "dread", seed, *SIZE)


def test_the_vocabulary_is_large_and_covers_every_kind() -> None:
    assert len(SUBJECTS) >= 80
    kinds = {s.kind for s in SUBJECTS.values()}
    assert kinds == {"object", "place", "figure", "creature", "weather", "light"}


@pytest.mark.parametrize(
    ("light", "style", "seed"),
    [("lamp", "sepia vintage photo", 7), ("moon", "icy blue winter", 11), ("back", "crimson", 5)],
)
def test_a_nearest_neighbour_over_references_names_the_subject(
    light: str, style: str, seed: int
) -> None:
    refs = np.stack([edges(still(n, light, "grainy film", 0)) for n in DRAWN])
    queries = np.stack([edges(still(n, light, style, seed)) for n in DRAWN])
    picked = (queries @ refs.T).argmax(axis=1)
    wrong = [(n, DRAWN[i]) for n, i in zip(DRAWN, picked, strict=True) if DRAWN[i] != n]
    assert len(wrong) <= 0.05 * len(DRAWN), f"taken for another subject: {wrong}"
    # and the measure can tell things apart at all: shuffled references would fail
    assert (queries @ np.roll(refs, 1, axis=0).T).argmax(axis=1).tolist() != picked.tolist()
