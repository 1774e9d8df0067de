"""A user's music: one file, or a folder from which each job gets a stable pick."""

from pathlib import Path

import pytest

from services.render.music_choice import pick_music
from shared.runtime import Permanent


def test_a_file_is_used_as_given(tmp_path: Path) -> None:
    f = tmp_path / "theme.mp3"
    f.write_bytes(b"x")
    assert pick_music(f, 123) == f.resolve()


def test_a_folder_gives_each_job_a_stable_track(tmp_path: Path) -> None:
    for name in ("a.mp3", "b.wav", "c.ogg", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    picks = {pick_music(tmp_path, seed).name for seed in range(30)}
    assert picks == {"a.mp3", "b.wav", "c.ogg"}
    assert pick_music(tmp_path, 7) == pick_music(tmp_path, 7)


def test_a_folder_without_audio_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(Permanent, match="neither a file nor a folder of audio"):
        pick_music(tmp_path, 1)
