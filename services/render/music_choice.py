"""Which music plays under a job: the one it names, else the user's file or one track of
their folder per job, else the drone the renderer makes."""

import re
from pathlib import Path

from shared.messages.job import MUSIC_NAME
from shared.runtime.errors import Permanent

MUSIC_SUFFIXES = (".mp3", ".wav", ".ogg", ".m4a", ".flac", ".aac", ".opus")
DRONE = "drone"  # the renderer's own music, offered whatever the folder holds


def _tracks(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.glob("*") if p.suffix.lower() in MUSIC_SUFFIXES)


def music_names(path: Path | None) -> list[str]:
    """What a job may name as ``music``: the drone and each track's file name without its
    suffix (a name a job could not spell is left out rather than offered)."""
    tracks = [] if path is None or not path.exists() else _tracks(path)
    stems = [t.stem for t in tracks if t.stem != DRONE and re.fullmatch(MUSIC_NAME, t.stem)]
    return [DRONE, *dict.fromkeys(stems)]


def pick_music(path: Path, seed: int) -> Path:
    """A file as given, or one track of a folder chosen by the job (stable per job)."""
    tracks = _tracks(path)
    if not tracks:
        raise Permanent(f"music path {str(path)!r} is neither a file nor a folder of audio files")
    return tracks[seed % len(tracks)].resolve()


def choose_music(path: Path | None, name: str | None, seed: int) -> Path | None:
    """The track for a job: the one it named (None for the drone), else the settings' pick."""
    if name is None:
        return None if path is None else pick_music(path, seed)
    if name == DRONE:
        return None
    for track in [] if path is None else _tracks(path):
        if track.stem == name:
            return track.resolve()
    # intake checks names against the same folder; this job was accepted by a process that
    # saw another folder, or the track was removed since
    raise Permanent(f"music {name!r} is not a track of {str(path)!r}; offered: "
                    + ", ".join(music_names(path)))  # fmt: skip
