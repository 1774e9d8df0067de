"""The contact sheet: one tile per scene, in order, each with the start of its narration."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from services.render.contact import COLUMNS, TILE_H, TILE_W, make_contact_sheet, shorten


def still(folder: Path, i: int, grey: int) -> Path:
    path = folder / f"scene-{i:03d}.png"
    Image.new("RGB", (1080, 1920), (grey, grey, grey)).save(path)
    return path


def test_every_scene_gets_a_tile_in_reading_order(tmp_path: Path) -> None:
    greys = [20, 60, 100, 140, 180, 220]
    images = [still(tmp_path, i, g) for i, g in enumerate(greys)]
    out = make_contact_sheet(
        images, [f"Scene {i} said this." for i in range(6)], tmp_path / "c.jpg"
    )
    with Image.open(out) as sheet:
        assert sheet.format == "JPEG"
        grid = np.asarray(sheet.convert("L"), dtype=np.float32)
    rows = -(-len(greys) // COLUMNS)
    assert grid.shape[1] > COLUMNS * TILE_W and grid.shape[0] > rows * TILE_H
    for i, g in enumerate(greys):  # the middle of each tile is that scene's still
        x = 12 + (i % COLUMNS) * (TILE_W + 12) + TILE_W // 2
        y = 12 + (i // COLUMNS) * (TILE_H + 64 + 12) + TILE_H // 2
        assert abs(grid[y, x] - g) < 6, (i, grid[y, x], g)


def test_captions_are_cut_at_a_word() -> None:
    text = "The knocking came from under the floor, every night at three, and nobody else heard it."
    short = shorten(text)
    assert short.endswith("…") and short.count("\n") == 1
    kept = short[:-1].replace("\n", " ")
    assert text.startswith(kept) and text[len(kept)] in " ,"  # cut between words
    assert all(len(line) <= 33 for line in short.split("\n"))
    assert shorten("Short.") == "Short."


def test_pictures_and_captions_must_match(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2 pictures for 1 captions"):
        make_contact_sheet([still(tmp_path, 0, 10), still(tmp_path, 1, 10)], ["x"], tmp_path / "c")
