"""Which music plays under a job: the user's file, or one track of their folder per job."""

from pathlib import Path

from shared.runtime.errors import Permanent

MUSIC_SUFFIXES = (".mp3", ".wav", ".ogg", ".m4a", ".flac", ".aac", ".opus")


def pick_music(path: Path, seed: int) -> Path:
    """A file as given, or one track of a folder chosen by the job (stable per job)."""
    if path.is_file():
        return path.resolve()
    tracks = sorted(p for p in path.glob("*") if p.suffix.lower() in MUSIC_SUFFIXES)
    if not tracks:
        raise Permanent(f"music path {str(path)!r} is neither a file nor a folder of audio files")
    return tracks[seed % len(tracks)].resolve()
