"""Reading other pages and other people's jobs, scopes, cancelling, and 404s."""

from tests.gateway.conftest import auth, poll, submit, user


async def test_pages_walk_a_users_jobs_newest_first(gateway) -> None:
    gw, alice = await gateway(), user()
    ids = [(await submit(gw, alice, {"topic": f"tale {i}"}))[1]["job_id"] for i in range(5)]
    seen, url = [], "/jobs?limit=2"
    while url:
        page = await (await gw.client.get(url, headers=auth(alice))).json()
        assert len(page["items"]) <= 2
        seen += [j["job_id"] for j in page["items"]]
        url = page["next"]
    assert seen == ids[::-1]
    r = await gw.client.get("/jobs?status=completed", headers=auth(alice))
    assert (await r.json())["items"] == []
    for query in ("limit=0", "limit=101", "offset=-1", "status=weird", "colour=red"):
        r = await gw.client.get(f"/jobs?{query}", headers=auth(alice))
        assert r.status == 422, query


async def test_users_see_only_their_own_jobs_and_admins_see_all(gateway) -> None:
    gw, alice, bob = await gateway(), user(), user()
    _, job = await submit(gw, alice)
    url = f"/jobs/{job['job_id']}"
    for method, path in (("GET", url), ("POST", url + "/cancel"), ("GET", url + "/events")):
        r = await gw.client.request(method, path, headers=auth(bob))
        assert r.status == 403 and (await r.json())["error"] == "forbidden", path
    assert (await (await gw.client.get("/jobs", headers=auth(bob))).json())["items"] == []
    r = await gw.client.get(f"/jobs?owner={alice}", headers=auth(bob))
    assert r.status == 403
    admin = auth("root", "admin")
    assert (await gw.client.get(url, headers=admin)).status == 200
    page = await (await gw.client.get(f"/jobs?owner={alice}", headers=admin)).json()
    assert [j["job_id"] for j in page["items"]] == [job["job_id"]]


async def test_a_token_without_the_write_scope_cannot_submit(gateway) -> None:
    gw = await gateway(memory=True)
    r = await gw.client.post("/jobs", json={"topic": "abc"}, headers=auth(user(), "jobs:read"))
    assert r.status == 403 and (await r.json())["error"] == "insufficient_scope"


async def test_cancel_ends_a_live_job_once_and_409s_after(gateway) -> None:
    gw, alice = await gateway(), user()
    _, job = await submit(gw, alice)
    r = await gw.client.post(f"/jobs/{job['job_id']}/cancel", headers=auth(alice))
    assert r.status == 200 and (await r.json())["status"] == "cancelled"
    r = await gw.client.post(f"/jobs/{job['job_id']}/cancel", headers=auth(alice))
    assert r.status == 409 and (await r.json())["error"] == "job_final"
    view = await (await gw.client.get(f"/jobs/{job['job_id']}", headers=auth(alice))).json()
    assert view["timeline"][-1]["event"] == "cancelled" and view["error"] is None


async def test_a_cancelled_job_is_skipped_by_the_stages(gateway) -> None:
    gw, alice = await gateway(pipeline=True, gateway_max_active_jobs=1000), user()
    # Cancel in the same breath as submit: the stages find it cancelled and leave it.
    _, job = await submit(gw, alice)
    await gw.client.post(f"/jobs/{job['job_id']}/cancel", headers=auth(alice))
    _, other = await submit(gw, alice)
    assert (await poll(gw, alice, other["job_id"]))["status"] == "completed"
    assert (await poll(gw, alice, job["job_id"]))["status"] == "cancelled"


async def test_unknown_jobs_and_paths_are_json_404s(gateway) -> None:
    gw = await gateway(memory=True)
    r = await gw.client.get("/jobs/nosuchjob", headers=auth(user()))
    assert r.status == 404 and (await r.json())["error"] == "not_found"
    r = await gw.client.get("/nowhere")
    assert r.status == 404 and (await r.json())["error"] == "not_found"
    r = await gw.client.delete("/jobs")
    assert r.status == 405 and (await r.json())["error"] == "method_not_allowed"
