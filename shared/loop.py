"""The event loop: uvloop where it is installed (a cheaper loop for a bus-bound process)."""

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run(main: Coroutine[Any, Any, T]) -> T:
    try:
        import uvloop
    except ImportError:  # e.g. Windows: the standard loop works the same, a little slower
        return asyncio.run(main)
    return uvloop.run(main)
