"""TikTok FILE_UPLOAD chunking: 5–64 MB chunks, the last one takes the remainder (≤ 128 MB),
a video under 5 MB (or within one chunk) goes whole; at most 1000 chunks."""

from dataclasses import dataclass

MB = 1024 * 1024
MIN_CHUNK = 5 * MB
MAX_CHUNK = 64 * MB
MAX_LAST = 128 * MB
MAX_CHUNKS = 1000


@dataclass(frozen=True)
class ChunkPlan:
    size: int
    chunk_size: int
    count: int

    def ranges(self) -> list[tuple[int, int]]:
        """Inclusive (first, last) byte offsets of each chunk, as Content-Range wants them."""
        out = []
        for i in range(self.count):
            first = i * self.chunk_size
            last = self.size - 1 if i == self.count - 1 else first + self.chunk_size - 1
            out.append((first, last))
        return out

    def source_info(self) -> dict[str, object]:
        return {
            "source": "FILE_UPLOAD",
            "video_size": self.size,
            "chunk_size": self.chunk_size,
            "total_chunk_count": self.count,
        }


def plan(size: int, chunk_size: int) -> ChunkPlan:
    if size <= 0:
        raise ValueError("cannot upload an empty video")
    chunk = min(max(chunk_size, MIN_CHUNK), MAX_CHUNK)
    if size < MIN_CHUNK or size <= chunk:
        return ChunkPlan(size, size, 1)
    # The count rounds down: the trailing bytes ride on the last chunk, never a tiny extra one.
    count = size // chunk
    if count > MAX_CHUNKS:
        raise ValueError(f"a {size}-byte video needs more than {MAX_CHUNKS} chunks")
    if size - (count - 1) * chunk > MAX_LAST:
        raise ValueError("the last chunk would exceed 128 MB")
    return ChunkPlan(size, chunk, count)
