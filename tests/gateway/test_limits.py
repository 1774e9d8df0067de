"""Token buckets per subject and per IP (429 + Retry-After), and the live-job cap."""

import asyncio

import pytest

from tests.gateway.conftest import auth, submit, user

STORES = pytest.mark.parametrize("memory", [False, True], ids=["redis", "memory"])


@STORES
async def test_a_subject_over_its_burst_gets_429_with_retry_after(gateway, memory) -> None:
    gw = await gateway(memory=memory, gateway_rate_per_s=0.5, gateway_rate_burst=3)
    alice, bob = user(), user()
    codes = [(await gw.client.get("/jobs", headers=auth(alice))).status for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = await gw.client.get("/jobs", headers=auth(alice))
    assert r.status == 429 and (await r.json())["error"] == "rate_limited"
    assert int(r.headers["Retry-After"]) == 2  # one token at 0.5/s
    assert (await gw.client.get("/jobs", headers=auth(bob))).status == 200  # per subject


@STORES
async def test_one_client_ip_is_limited_across_subjects(gateway, memory) -> None:
    gw = await gateway(memory=memory, gateway_ip_rate_per_s=0.1, gateway_ip_rate_burst=3)
    codes = [(await gw.client.get("/jobs", headers=auth(user()))).status for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Probes are not limited.
    assert (await gw.client.get("/health")).status == 200


async def test_concurrent_requests_take_exactly_the_burst(gateway) -> None:
    gw, alice = await gateway(gateway_rate_per_s=0.01, gateway_rate_burst=5), user()
    rs = await asyncio.gather(*(gw.client.get("/jobs", headers=auth(alice)) for _ in range(20)))
    assert sorted(r.status for r in rs).count(200) == 5


async def test_tokens_come_back_with_time(gateway) -> None:
    gw, alice = await gateway(gateway_rate_per_s=1, gateway_rate_burst=1), user()
    assert (await gw.client.get("/jobs", headers=auth(alice))).status == 200
    r = await gw.client.get("/jobs", headers=auth(alice))
    assert r.status == 429 and r.headers["Retry-After"] == "1"
    await asyncio.sleep(1.05)
    assert (await gw.client.get("/jobs", headers=auth(alice))).status == 200


@STORES
async def test_live_jobs_are_capped_per_subject_until_one_ends(gateway, memory) -> None:
    gw, alice = await gateway(memory=memory, gateway_max_active_jobs=2), user()
    first, a = await submit(gw, alice)
    second, _ = await submit(gw, alice, **{"Idempotency-Key": "second"})
    third, body = await submit(gw, alice)
    assert (first.status, second.status, third.status) == (202, 202, 429)
    assert body["error"] == "too_many_active_jobs" and third.headers["Retry-After"]
    # An idempotent repeat is not a new job: it needs no slot.
    assert (await submit(gw, alice, **{"Idempotency-Key": "second"}))[0].status == 200
    assert (await submit(gw, user()))[0].status == 202  # others are not affected
    await gw.client.post(a["links"]["cancel"], headers=auth(alice))
    assert (await submit(gw, alice))[0].status == 202


async def test_concurrent_submits_never_pass_the_cap(gateway) -> None:
    gw, alice = await gateway(gateway_max_active_jobs=3), user()
    results = await asyncio.gather(*(submit(gw, alice, {"topic": f"t {i}"}) for i in range(10)))
    assert sorted(r.status for r, _ in results).count(202) == 3
