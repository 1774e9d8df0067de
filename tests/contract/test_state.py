"""One suite, two stores: Redis and in-memory state behave the same."""

import asyncio
import json
import time
import uuid

import pytest

from shared.state.base import Approval, JobRecord, JoinBusy


async def test_create_is_once_per_id(state, job_id) -> None:
    assert await state.create(JobRecord(job_id=job_id, spec={"topic": "x"}))
    assert not await state.create(JobRecord(job_id=job_id))
    job = await state.get(job_id)
    assert job is not None and job.status == "queued" and job.spec == {"topic": "x"}
    assert await state.get(job_id + "nope") is None


async def test_advance_never_moves_a_job_backwards(state, job_id) -> None:
    await state.create(JobRecord(job_id=job_id))
    assert await state.advance(job_id, "render", 300, 55.0)
    assert not await state.advance(job_id, "story", 10, 2.0)  # a late duplicate
    job = await state.get(job_id)
    assert job is not None and (job.stage, job.status, job.progress) == ("render", "running", 55.0)


async def test_progress_only_rises(state, job_id) -> None:
    await state.create(JobRecord(job_id=job_id))
    assert await state.set_progress(job_id, 40.0)
    assert not await state.set_progress(job_id, 30.0)
    assert (await state.get(job_id)).progress == 40.0


async def test_a_final_status_is_set_once_and_then_frozen(state, job_id) -> None:
    await state.create(JobRecord(job_id=job_id))
    assert await state.finish(job_id, "completed", outputs={"video": "k"})
    assert not await state.finish(job_id, "failed", error="late")
    assert not await state.advance(job_id, "notify", 400, 99.0)
    assert not await state.set_progress(job_id, 100.5)
    job = await state.get(job_id)
    assert job is not None and job.status == "completed" and job.error is None
    assert job.outputs == {"video": "k"} and job.progress == 100.0


async def test_concurrent_finishers_only_one_wins(state, job_id) -> None:
    await state.create(JobRecord(job_id=job_id))
    results = await asyncio.gather(
        *(state.finish(job_id, "failed", error=str(i)) for i in range(20))
    )
    assert sum(results) == 1


async def test_timeline_and_subscribers_see_updates(state, job_id) -> None:
    await state.create(JobRecord(job_id=job_id))
    seen: list[dict] = []

    async def listen() -> None:
        async for update in state.subscribe(job_id):
            seen.append(update)
            if update.get("job", {}).get("status") == "completed":
                return

    task = asyncio.create_task(listen())
    await asyncio.sleep(0.1)
    await state.record(job_id, {"stage": "story", "event": "done", "seconds": 0.5})
    await state.advance(job_id, "story", 10, 5.0)
    await state.finish(job_id, "completed")
    await asyncio.wait_for(task, 3)
    assert [e["event"]["stage"] for e in seen if "event" in e] == ["story"]
    assert [u["job"]["status"] for u in seen if "job" in u] == ["running", "completed"]
    timeline = await state.timeline(job_id)
    assert timeline[0]["event"] == "done" and timeline[0]["at"] > 0


async def test_join_hands_the_set_to_exactly_one_caller(state, job_id) -> None:
    fields = [f"{i:03d}:{p}" for i in range(4) for p in ("audio", "image")]
    results = []
    for n, f in enumerate(fields * 2):  # every part twice, each from a different worker
        try:
            results.append(await state.join_part(job_id, f, json.dumps(n), 8, f"w{n}"))
        except JoinBusy:
            results.append("busy")
    winners = [r for r in results if isinstance(r, dict)]
    assert len(winners) == 1 and set(winners[0]) == set(fields)
    await state.join_done(job_id)
    assert await state.join_part(job_id, fields[0], "x", 8, "late") is None


async def test_join_is_taken_over_when_the_claimer_never_confirms(
    state, job_id, monkeypatch
) -> None:
    import shared.state.memory as mem
    import shared.state.redis as red

    for mod in (mem, red):
        monkeypatch.setattr(mod, "JOIN_LEASE_S", 0.2)
    assert await state.join_part(job_id, "000:audio", "a", 2, "w1") is None
    assert await state.join_part(job_id, "000:image", "b", 2, "w1") is not None
    with pytest.raises(JoinBusy):
        await state.join_part(job_id, "000:image", "b", 2, "w2")
    await asyncio.sleep(0.3)  # w1 died holding the claim: after the lease, w2 takes over
    assert await state.join_part(job_id, "000:image", "b", 2, "w2") is not None


async def test_a_message_is_claimed_by_one_worker_at_a_time(state, job_id) -> None:
    assert await state.claim("tts", job_id, "w1", 0.3) == "ok"
    assert await state.claim("tts", job_id, "w2", 0.3) == "busy"
    assert await state.claim("visual", job_id, "w2", 0.3) == "ok"
    await state.refresh("tts", job_id, "w1", 0.3)
    await state.release("tts", job_id, "w2")  # not the holder: no effect
    assert await state.claim("tts", job_id, "w2", 0.3) == "busy"
    await asyncio.sleep(0.4)  # w1 died: its lease lapses
    assert await state.claim("tts", job_id, "w2", 0.3) == "ok"
    await state.release("tts", job_id, "w2")
    assert await state.claim("tts", job_id, "w3", 0.3) == "ok"
    await state.mark_done("tts", job_id)
    assert await state.claim("tts", job_id, "w4", 0.3) == "done"


async def test_claim_key(state, job_id) -> None:
    assert await state.claim_key(f"idem:{job_id}", "first") == "first"
    assert await state.claim_key(f"idem:{job_id}", "second") == "first"


async def _jobs_of(state, owner: str, n: int, start: float | None = None) -> list[str]:
    """n jobs of owner, one second apart, oldest first."""
    start = time.time() - 100 if start is None else start
    ids = [uuid.uuid4().hex[:20] for _ in range(n)]
    for i, jid in enumerate(ids):
        await state.create(JobRecord(job_id=jid, owner=owner, created_at=start + i))
    return ids


async def test_list_jobs_filters_and_pages(state) -> None:
    owner = uuid.uuid4().hex
    ids = await _jobs_of(state, owner, 5)
    await state.finish(ids[0], "failed", error="x")
    page = await state.list_jobs(owner=owner, limit=2)
    assert [j.job_id for j in page] == [ids[4], ids[3]]
    page2 = await state.list_jobs(owner=owner, offset=2, limit=10)
    assert [j.job_id for j in page2] == [ids[2], ids[1], ids[0]]
    assert [j.job_id for j in await state.list_jobs(owner=owner, status="failed")] == [ids[0]]
    assert [j.job_id for j in await state.list_jobs(owner=owner, status="queued", offset=1)] == [
        ids[3],
        ids[2],
        ids[1],
    ]


async def test_a_job_moves_between_status_indexes_with_its_transitions(state) -> None:
    owner = uuid.uuid4().hex
    a, b, c = await _jobs_of(state, owner, 3)
    await state.advance(b, "story", 10, 5.0)
    await state.finish(c, "failed", error="x")

    async def listed(status: str) -> list[str]:
        return [j.job_id for j in await state.list_jobs(owner=owner, status=status)]

    assert (await listed("queued"), await listed("running"), await listed("failed")) == (
        [a],
        [b],
        [c],
    )
    assert await state.revive(c)
    assert await listed("failed") == [] and await listed("running") == [c, b]
    await state.finish(c, "cancelled")
    assert await listed("cancelled") == [c] and await listed("running") == [b]
    assert [j.job_id for j in await state.list_jobs(owner=owner)] == [c, b, a]


async def test_owners_whose_names_extend_each_other_never_share_a_listing(state) -> None:
    base = uuid.uuid4().hex
    mine = await _jobs_of(state, base, 1)
    theirs = await _jobs_of(state, f"{base}:live", 1)
    assert [j.job_id for j in await state.list_jobs(owner=base)] == mine
    assert [j.job_id for j in await state.list_jobs(owner=base, status="queued")] == mine
    assert [j.job_id for j in await state.list_jobs(owner=f"{base}:live")] == theirs
    assert await state.list_jobs(owner="") == []


async def test_jobs_past_retention_leave_the_listing_with_their_records(state) -> None:
    from shared.state.base import RETENTION_S

    owner = uuid.uuid4().hex
    old = await _jobs_of(state, owner, 2, start=time.time() - RETENTION_S - 60)
    fresh = await _jobs_of(state, owner, 1)
    assert [j.job_id for j in await state.list_jobs(owner=owner)] == fresh
    assert [await state.get(jid) for jid in old] == [None, None]


async def test_status_counts_follow_transitions_without_reading_records(state) -> None:
    before = await state.status_counts()
    ids = await _jobs_of(state, uuid.uuid4().hex, 3)
    await state.finish(ids[0], "cancelled")
    await state.finish(ids[1], "cancelled")
    after = await state.status_counts()
    assert set(after) == {"live", "completed", "failed", "cancelled"}
    assert after["cancelled"] - before["cancelled"] == 2
    assert after["live"] - before["live"] == 1


async def test_only_a_failed_job_can_be_revived_for_replay(state, job_id) -> None:
    await state.create(JobRecord(job_id=job_id))
    assert not await state.revive(job_id)
    await state.finish(job_id, "failed", error="boom")
    assert await state.revive(job_id)
    job = await state.get(job_id)
    assert job is not None and job.status == "running" and not job.error


async def test_concurrent_creates_of_one_id_leave_one_complete_job(state, job_id) -> None:
    made = await asyncio.gather(
        *(state.create(JobRecord(job_id=job_id, spec={"n": i})) for i in range(10))
    )
    assert sum(made) == 1
    job = await state.get(job_id)
    assert job is not None and job.status == "queued" and "n" in job.spec


async def test_a_paused_job_resumes_once_and_is_listed_by_its_deadline(state, job_id) -> None:
    owner = uuid.uuid4().hex
    await state.create(JobRecord(job_id=job_id, owner=owner))
    deadline = time.time() - 1  # due already
    assert await state.pause(job_id, Approval(deadline=deadline, refused=["too dark"], round=2))
    job = await state.get(job_id)
    assert job is not None and job.status == "awaiting_approval" and not job.final
    assert job.approval is not None and job.approval.refused == ["too dark"]
    assert job.approval.round == 2 and job.approval.deadline == pytest.approx(deadline)
    assert [j.job_id for j in await state.list_jobs(owner=owner, status="awaiting_approval")] == [
        job_id
    ]
    assert job_id in await state.paused_until(time.time())
    assert job_id not in await state.paused_until(deadline - 10)
    resumed = await asyncio.gather(*(state.resume(job_id) for _ in range(5)))
    assert sum(resumed) == 1  # two reviewers cannot both act
    job = await state.get(job_id)
    assert job is not None and job.status == "running" and job.approval is None
    assert job_id not in await state.paused_until(time.time())


async def test_finish_only_from_a_status_refuses_a_job_that_moved_on(state, job_id) -> None:
    await state.create(JobRecord(job_id=job_id))
    assert await state.pause(job_id, Approval(deadline=time.time()))
    assert await state.resume(job_id)
    # the expiry lost the race to an approval: the running job is not failed
    assert not await state.finish(job_id, "failed", error="expired", only_from="awaiting_approval")
    assert await state.pause(job_id, Approval(deadline=time.time()))
    assert await state.finish(job_id, "failed", error="expired", only_from="awaiting_approval")
    job = await state.get(job_id)
    assert job is not None and (job.status, job.error) == ("failed", "expired")
    assert not await state.pause(job_id, Approval(deadline=time.time()))  # final stays final
