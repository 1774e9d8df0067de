"""A job naming a channel profile runs with the profile's values (POST /jobs → stub pipeline)."""

from pathlib import Path

from tests.gateway.conftest import auth, poll, submit, user
from tests.profiles.test_profiles import NIGHT, profiles_file

__all__ = ["profiles_file"]  # the fixture, shared with the profile unit tests


async def test_a_job_with_a_profile_runs_with_the_profiles_values(
    gateway, profiles_file: Path
) -> None:
    gw, alice = await gateway(memory=True, pipeline=True), user()
    r, job = await submit(gw, alice, {"topic": "the mill at night", "profile": "night"})
    assert r.status == 202
    done = await poll(gw, alice, job["job_id"])
    assert done["status"] == "completed"
    stored = (await gw.state.get(job["job_id"])).spec
    assert {k: stored[k] for k in NIGHT} == NIGHT and stored["profile"] == "night"
    assert done["request"]["voice"] == "heart-gb" and done["request"]["tone"] == "folk"
    r = await gw.client.post(
        "/jobs", json={"topic": "the mill", "profile": "dawn"}, headers=auth(alice)
    )
    body = await r.json()
    assert r.status == 422 and "known profiles: night, short" in body["message"]
