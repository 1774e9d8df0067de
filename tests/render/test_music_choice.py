"""A user's music: one file, or a folder from which each job gets a stable pick."""

from pathlib import Path

import pytest

from services.render.music_choice import choose_music, music_names, pick_music
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


def test_a_job_may_name_the_drone_or_a_track_of_the_folder(tmp_path: Path) -> None:
    for name in ("bells.mp3", "rain on glass.wav", "bad|name.ogg", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert music_names(tmp_path) == ["drone", "bells", "rain on glass"]
    assert music_names(None) == ["drone"]
    assert choose_music(tmp_path, "rain on glass", 1) == (tmp_path / "rain on glass.wav").resolve()
    assert choose_music(tmp_path, "drone", 1) is None  # the renderer makes its drone
    assert choose_music(None, None, 1) is None
    assert choose_music(tmp_path, None, 7) == pick_music(tmp_path, 7)  # the settings' pick


def test_a_track_that_is_gone_fails_the_render_naming_the_offered_ones(tmp_path: Path) -> None:
    (tmp_path / "bells.mp3").write_bytes(b"x")
    with pytest.raises(Permanent, match=r"music 'waltz' is not a track.*offered: drone, bells"):
        choose_music(tmp_path, "waltz", 1)
