"""How a hosted provider is called: a limit on calls in flight, a timeout per call, and retries
with full-jitter backoff on rate limits, 5xx, timeouts and unusable answers, honouring the
server's Retry-After up to a bound (a longer wait is left to the runtime's delayed retry, which
holds no worker meanwhile).

Written here rather than on tenacity/stamina: the part a library would take over (a loop with
exponential full-jitter waits) is ten lines, while the parts that are ours — a semaphore whose
wait does not count against the timeout, Retry-After from the error, giving up early when the
server asks for longer than a handler should hold a message — would be callbacks around it.
"""

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from shared.providers.errors import Failure, Malformed, ProviderRefused, ProviderUnavailable

T = TypeVar("T")
Classify = Callable[[BaseException], Failure | None]  # None: not a provider error, re-raise


def no_classify(_: BaseException) -> Failure | None:
    return None


class CallPolicy:
    """One per provider and process; ``run`` is safe to call from many tasks at once."""

    def __init__(
        self,
        provider: str,
        *,
        concurrency: int = 4,
        timeout_s: float = 60.0,
        attempts: int = 3,
        backoff_s: float = 1.0,
        max_wait_s: float = 60.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.provider, self.timeout_s, self.attempts = provider, timeout_s, attempts
        self.backoff_s, self.max_wait_s = backoff_s, max_wait_s
        self._limit = asyncio.Semaphore(concurrency)
        self._sleep = sleep  # tests pass a recording clock instead of waiting

    async def run(self, call: Callable[[], Awaitable[T]], classify: Classify = no_classify) -> T:
        last = "no attempt made"
        attempt = 0
        for attempt in range(self.attempts):
            try:
                # The timeout starts once a slot is free: waiting in our own queue is not the
                # provider being slow.
                async with self._limit, asyncio.timeout(self.timeout_s):
                    return await call()
            except TimeoutError:
                failure = Failure(True, f"no answer within {self.timeout_s:g} s")
            except Malformed as e:
                failure = Failure(True, f"unusable answer: {e}")
            except (ProviderRefused, ProviderUnavailable):
                raise
            except Exception as e:
                found = classify(e)
                if found is None:
                    raise
                failure = found
            if not failure.retry:
                raise ProviderRefused(f"{self.provider}: {failure.reason}") from None
            last = failure.reason
            if attempt + 1 == self.attempts:
                break
            wait = self.wait_s(attempt, failure.after_s)
            if wait is None:  # told to come back later than a caller should hold a message
                last += f" (asks to wait {failure.after_s:g} s)"
                break
            await self._sleep(wait)
        raise ProviderUnavailable(f"{self.provider}: {last} (after {attempt + 1} attempts)")

    def wait_s(self, attempt: int, after_s: float | None) -> float | None:
        """Seconds before the next attempt; None when the server asks for more than max_wait_s."""
        if after_s is not None:
            return after_s if after_s <= self.max_wait_s else None
        # Full jitter (anywhere up to the doubled step): workers that failed together spread out
        # instead of coming back together.
        ceiling: float = min(self.backoff_s * 2**attempt, self.max_wait_s)
        return random.uniform(0.0, ceiling)
