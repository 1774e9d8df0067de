"""Closing what a stage's dependencies hold open (HTTP sessions, S3 clients) when it stops.

A provider behind wrappers (the cache, the prompt screen, the voice treatment) is reached through
their ``inner``: the wrappers hold nothing of their own to close, and a provider that holds
nothing has no ``close``. A hosted provider's SDK client, kept as ``client``, is closed too.
One object shared by several stages in one process closes once.
"""

import inspect
from collections.abc import Iterable

import structlog

log = structlog.get_logger("runtime")


DEEPEST = 16  # wrappers around one provider; a proxy inventing an `inner` per call ends here


def _chain(thing: object) -> list[object]:
    out: list[object] = []
    while thing is not None and len(out) < DEEPEST and all(thing is not seen for seen in out):
        out.append(thing)
        thing = getattr(thing, "inner", None)
    return out


async def close_all(resources: Iterable[object]) -> int:
    """Close each resource (and what it wraps) that has an async ``close``; a failure is logged,
    never raised, so one bad close does not keep the others open. Returns how many closed."""
    done: set[int] = set()
    closed = 0
    for resource in resources:
        wrapped = _chain(resource)
        # a hosted provider keeps its SDK client (AsyncOpenAI, AsyncAnthropic) as `client`
        held = [c for t in wrapped if (c := getattr(t, "client", None)) is not None]
        for thing in [*wrapped, *held]:
            close = getattr(thing, "close", None)
            if close is None or id(thing) in done:
                continue
            done.add(id(thing))
            try:
                done_closing = close()
                if inspect.isawaitable(done_closing):  # a sync close has closed already
                    await done_closing
            except Exception as exc:
                log.warning("runtime.close_failed", resource=type(thing).__name__, error=str(exc))
            else:
                closed += 1
    return closed
