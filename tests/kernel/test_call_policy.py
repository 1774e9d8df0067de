"""The one call policy: retries, full jitter, Retry-After, refusals, the concurrency limit."""

import asyncio

import pytest

from shared.providers import CallPolicy, Failure, Malformed, ProviderRefused, ProviderUnavailable


class Clock:
    """Records the waits the policy asks for instead of sleeping through them."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)


def failing(*failures: BaseException, then: object = "ok"):
    calls = {"n": 0}

    async def call() -> object:
        calls["n"] += 1
        if calls["n"] <= len(failures):
            raise failures[calls["n"] - 1]
        return then

    return call, calls


class Status(Exception):
    def __init__(self, status: int, after: float | None = None) -> None:
        self.status, self.after = status, after


def classify(e: BaseException) -> Failure | None:
    if isinstance(e, Status):
        return Failure(e.status >= 500 or e.status == 429, f"HTTP {e.status}", e.after)
    return None


async def test_transient_failures_are_retried_with_growing_jittered_waits() -> None:
    clock = Clock()
    policy = CallPolicy("p", attempts=4, backoff_s=1.0, sleep=clock.sleep)
    call, calls = failing(Status(503), Status(503), Status(503))
    assert await policy.run(call, classify) == "ok"
    assert calls["n"] == 4
    for attempt, wait in enumerate(clock.waits):
        assert 0 <= wait <= 2**attempt  # full jitter: anywhere up to the doubled step
    assert len(set(clock.waits)) == 3


async def test_retry_after_is_honoured_exactly() -> None:
    clock = Clock()
    policy = CallPolicy("p", attempts=3, sleep=clock.sleep)
    call, _ = failing(Status(429, after=7.0))
    assert await policy.run(call, classify) == "ok"
    assert clock.waits == [7.0]


async def test_a_retry_after_longer_than_max_wait_leaves_the_wait_to_the_runtime() -> None:
    clock = Clock()
    policy = CallPolicy("p", attempts=5, max_wait_s=30, sleep=clock.sleep)
    call, calls = failing(Status(429, after=120.0))
    with pytest.raises(ProviderUnavailable, match=r"asks to wait 120 s\) \(after 1 attempts"):
        await policy.run(call, classify)
    assert calls["n"] == 1 and clock.waits == []


async def test_a_refusal_is_permanent_and_not_retried() -> None:
    call, calls = failing(Status(401))
    with pytest.raises(ProviderRefused, match="p: HTTP 401"):
        await CallPolicy("p", sleep=Clock().sleep).run(call, classify)
    assert calls["n"] == 1


async def test_unusable_answers_and_timeouts_count_as_transient() -> None:
    clock = Clock()
    policy = CallPolicy("p", attempts=3, timeout_s=0.05, sleep=clock.sleep)
    calls = {"n": 0}

    async def call() -> str:
        calls["n"] += 1
        if calls["n"] == 1:
            await asyncio.sleep(1)  # past the timeout
        raise Malformed("no image in the answer")

    with pytest.raises(ProviderUnavailable, match="unusable answer: no image"):
        await policy.run(call, classify)
    assert calls["n"] == 3 and len(clock.waits) == 2


async def test_errors_the_classifier_does_not_know_propagate_untouched() -> None:
    call, calls = failing(KeyError("bug"))
    with pytest.raises(KeyError):
        await CallPolicy("p", sleep=Clock().sleep).run(call, classify)
    assert calls["n"] == 1


async def test_no_more_calls_are_in_flight_than_the_limit() -> None:
    policy = CallPolicy("p", concurrency=2)
    live, peak = 0, 0

    async def call() -> None:
        nonlocal live, peak
        live += 1
        peak = max(peak, live)
        await asyncio.sleep(0.01)
        live -= 1

    await asyncio.gather(*(policy.run(call) for _ in range(8)))
    assert peak == 2
