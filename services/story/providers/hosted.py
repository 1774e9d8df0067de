"""What every hosted writer does around one request: bounded retries and clear failures.

Two kinds of trouble, handled differently:
- the request failed (429, 5xx, timeout, connection): wait and retry here, a few times and
  never longer than max_wait_s (Retry-After is honoured up to that bound; a longer one is
  left to the stage runtime's delayed retry, which does not hold a worker meanwhile);
- the model answered, but not with a story (malformed or cut-off JSON, a refusal, nothing):
  ask once more, telling it what was wrong, then give up with a clear error.
The SDKs' own retries are switched off (max_retries=0) so that both providers behave alike and
within these bounds: one SDK honours any Retry-After, however long.
"""

import asyncio
import email.utils
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

import structlog

from shared.messages.story import Story
from shared.runtime import Permanent

log = structlog.get_logger("story.hosted")
CONTENT_ATTEMPTS = 2  # a second answer usually fixes a glitch; a third rarely does
RETRYABLE_4XX = (408, 409, 429)


class DraftProblem(Exception):
    """The provider answered, but the answer is not a usable story."""

    def __init__(self, kind: Literal["malformed", "refusal", "empty"], detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail

    def hint(self) -> str:
        """Feedback for the next attempt, so the model knows what to change."""
        if self.kind == "refusal":
            return "the last answer was a refusal; this is fiction for a non-graphic horror short"
        return f"the last answer did not fill in the required structure ({self.detail})"


class ProviderUnavailable(Exception):
    """Transient: the provider did not answer usably within the bounds; the runtime retries."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # requests per draft, the first included
    backoff_s: float = 1.0  # doubled after each failure without a Retry-After
    max_wait_s: float = 30.0  # the longest wait spent inside one handler call


@dataclass(frozen=True)
class Failure:
    """How a provider error is to be treated; made by each adapter's classify()."""

    message: str
    permanent: bool = False
    retry_after_s: float | None = None


def retry_after(headers: object) -> float | None:
    """Seconds from retry-after-ms / Retry-After (seconds or HTTP date), if present."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    if (ms := get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if value.strip() else None
        return max(0.0, when.timestamp() - time.time()) if when else None


async def with_retries(
    provider: str,
    draft: Callable[[list[str]], Awaitable[Story]],
    classify: Callable[[Exception], Failure | None],
    policy: RetryPolicy,
) -> Story:
    """draft(extra_feedback) until it gives a story, within policy; see the module doc."""
    hints: list[str] = []
    problems = failures = 0
    while True:
        try:
            return await draft(hints)
        except DraftProblem as problem:
            problems += 1
            log.warning("story.unusable_answer", provider=provider, problem=str(problem))
            if problems >= CONTENT_ATTEMPTS:
                what = f"{provider} gave no usable story in {problems} answers: {problem}"
                if problem.kind == "refusal":
                    raise Permanent(what) from problem  # asking again will not change its mind
                raise ProviderUnavailable(what) from problem
            hints = [problem.hint()]
        except Exception as error:
            failure = classify(error)
            if failure is None:
                raise
            if failure.permanent:
                raise Permanent(f"{provider}: {failure.message}") from error
            failures += 1
            wait = failure.retry_after_s
            if wait is None:
                wait = policy.backoff_s * 2 ** (failures - 1)
            if failures >= policy.attempts or wait > policy.max_wait_s:
                raise ProviderUnavailable(
                    f"{provider}: {failure.message} (gave up after {failures} requests)"
                ) from error
            log.warning("story.retry", provider=provider, error=failure.message, wait_s=wait)
            await asyncio.sleep(wait)
