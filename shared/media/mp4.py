"""Top-level MP4 atoms: is the file fast-start (moov before mdat), and how long is it."""

import struct
from collections.abc import Iterator
from pathlib import Path


def atoms(path: Path) -> Iterator[tuple[bytes, int, int]]:
    """(type, offset, size) of each top-level atom, reading headers only."""
    end = path.stat().st_size
    with path.open("rb") as f:
        pos = 0
        while pos + 8 <= end:
            f.seek(pos)
            size, kind = struct.unpack(">I4s", f.read(8))
            if size == 1:  # 64-bit size follows the type
                size = struct.unpack(">Q", f.read(8))[0]
            elif size == 0:  # extends to the end of the file
                size = end - pos
            if size < 8:
                raise ValueError(f"{path.name}: bad atom size {size} at offset {pos}")
            yield kind, pos, size
            pos += size


def is_faststart(path: Path) -> bool:
    """True when moov comes before mdat, so a player can start before the whole download."""
    order = [kind for kind, _, _ in atoms(path) if kind in (b"moov", b"mdat")]
    return bool(order) and order[0] == b"moov" and b"mdat" in order


def movie_duration(path: Path) -> float | None:
    """Duration from the moov/mvhd header; None when the file is not an MP4 or has no mvhd."""
    try:
        moov = next(((off, size) for kind, off, size in atoms(path) if kind == b"moov"), None)
    except (ValueError, struct.error):
        return None
    if moov is None:
        return None
    off, size = moov
    with path.open("rb") as f:
        f.seek(off + 8)
        body = f.read(min(size - 8, 1 << 20))
    at = body.find(b"mvhd")
    if at < 4:
        return None
    version = body[at + 4]
    # after the version/flags word: creation and modification times, then timescale, duration
    if version == 1:
        scale, duration = struct.unpack(">IQ", body[at + 24 : at + 36])
    else:
        scale, duration = struct.unpack(">II", body[at + 16 : at + 24])
    return duration / scale if scale else None
