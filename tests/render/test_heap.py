"""Memory a worker thread freed goes back to the kernel when the render asks for it."""

import os
import threading

from shared.media.heap import release_free_memory

PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * PAGE / 2**20


def _allocate_and_free(kept: list[bytearray]) -> None:
    """As a painter thread does: many mid-sized buffers, then all freed but one at the end,
    which pins the arena's top so glibc cannot shrink it on its own."""
    blocks = [bytearray(100_000) for _ in range(2000)]  # ~200 MB, below the mmap threshold
    kept.append(bytearray(100_000))
    del blocks


async def test_freed_heap_is_handed_back_to_the_kernel() -> None:
    kept: list[bytearray] = []
    worker = threading.Thread(target=_allocate_and_free, args=(kept,))
    worker.start()
    worker.join()
    held = _rss_mb()
    assert await release_free_memory()
    assert held - _rss_mb() > 100, "the freed ~200 MB stayed resident"
