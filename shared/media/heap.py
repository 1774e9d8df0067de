"""Giving the memory this process has freed back to the kernel, before a long child runs.

glibc keeps freed memory in its arenas for reuse: after the stills are painted and the voices
made (one process in `grimreel run`; numpy and Pillow buffers, many of them in worker threads,
each thread with an arena of its own), a worker held ~470 MB of free heap through a render,
beside ffmpeg's ~450 MB (issue #18). ``malloc_trim(0)`` returns the free pages of every arena,
not only the top of the heap. Elsewhere than glibc (musl, macOS) this does nothing.
"""

import asyncio
import ctypes
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        fn = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = [ctypes.c_size_t], ctypes.c_int
    return fn


def trim_heap() -> bool:
    """Return the allocator's free pages to the kernel; True when some were released."""
    fn = _malloc_trim()
    return bool(fn(0)) if fn is not None else False


async def release_free_memory() -> bool:
    """``trim_heap`` off the event loop: it walks every arena (~50 ms after 600 MB were freed)."""
    return await asyncio.to_thread(trim_heap)
