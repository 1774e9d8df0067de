"""How a hosted provider is called: a limit on calls in flight, a timeout per call, and retries
with backoff on rate limits, 5xx, timeouts and broken answers, honouring the server's Retry-After.

One policy for every hosted adapter (voices here, images in services/visual): only the reading
of an SDK's exceptions differs, so each adapter passes its own ``classify``. It lives in the tts
package because shared/ had no owner for provider code when it was written; it imports nothing
from tts, so it can move to shared/ as it is.
"""

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class ProviderRefused(Exception):
    """A refusal retrying cannot change: bad key, unknown voice, content the provider refuses."""


class ProviderUnavailable(Exception):
    """Still failing after every attempt: rate limits, 5xx, timeouts or unreadable answers."""


class Malformed(Exception):
    """The provider answered 2xx with a body we cannot use; worth another attempt."""


@dataclass(frozen=True)
class Failure:
    retry: bool
    reason: str
    after_s: float | None = None  # what the server asked for in Retry-After


Classify = Callable[[BaseException], Failure | None]  # None: not a provider error, re-raise


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds from Retry-After (delta seconds or an HTTP date) or retry-after-ms."""
    if not headers:
        return None
    lower = {k.lower(): v for k, v in headers.items()}
    if (ms := lower.get("retry-after-ms")) is not None:
        try:
            return max(float(ms) / 1000.0, 0.0)
        except ValueError:
            pass
    value = lower.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if value.strip() else None
        return None if when is None else max(when.timestamp() - time.time(), 0.0)


def status_failure(status: int, detail: str, headers: Mapping[str, str] | None) -> Failure:
    """The usual HTTP reading: 408/409/429/5xx are worth retrying, other statuses are final."""
    retry = status in (408, 409, 429) or status >= 500
    return Failure(retry, f"HTTP {status}: {detail[:300]}", retry_after(headers))


class CallPolicy:
    """One per provider and process; ``run`` is safe to call from many tasks at once."""

    def __init__(
        self,
        provider: str,
        *,
        concurrency: int,
        timeout_s: float,
        attempts: int,
        backoff_s: float,
        max_wait_s: float = 60.0,
    ) -> None:
        self.provider, self.timeout_s, self.attempts = provider, timeout_s, attempts
        self.backoff_s, self.max_wait_s = backoff_s, max_wait_s
        self._limit = asyncio.Semaphore(concurrency)

    async def run(self, call: Callable[[], Awaitable[T]], classify: Classify) -> T:
        last = "no attempt made"
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
            wait = self._wait(attempt, failure.after_s)
            if wait is None:  # told to come back later than a caller should hold a message
                last += f" (asks to wait {failure.after_s:g} s)"
                break
            await asyncio.sleep(wait)
        raise ProviderUnavailable(f"{self.provider}: {last} (after {attempt + 1} attempts)")

    def _wait(self, attempt: int, after_s: float | None) -> float | None:
        if after_s is not None:
            return after_s if after_s <= self.max_wait_s else None
        # Full jitter: workers that failed together do not come back together.
        return min(self.backoff_s * 2**attempt, self.max_wait_s) * random.uniform(0.5, 1.0)
