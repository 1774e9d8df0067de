"""One tick of one schedule → one job: its topic, its profile, the same checks as intake,
then shared.jobs.submit (state first, then job.requested)."""

import hashlib
from collections.abc import Sequence

from pydantic import ValidationError

from services.scheduler.inventor import TopicInventor
from services.scheduler.topics import NoTopic, invent, pick
from shared.jobs import submit
from shared.messages.job import JobRequest, JobSpec
from shared.profiles import UnknownProfile, apply
from shared.providers.options import Offer, option_errors
from shared.runtime.bus import Bus
from shared.safety.intake import judge_topic
from shared.schedules.model import Schedule
from shared.schedules.store import ScheduleStore
from shared.state.base import JobRecord, StateStore


class Unfit(Exception):
    """This tick's job cannot be made (bad topic, unknown profile, …): noted, not retried."""


def job_id_for(s: Schedule, tick: float) -> str:
    """One id per (schedule, tick): a second submit of the same tick finds the first job."""
    return hashlib.sha256(f"{s.id}:{s.created_at!r}:{tick:.0f}".encode()).hexdigest()[:20]


def spec_for(s: Schedule, topic: str, offered: Sequence[Offer]) -> JobSpec:
    doc = {**s.job, "topic": topic, **({"profile": s.profile} if s.profile else {})}
    try:
        req = apply(JobRequest.model_validate(doc))
    except ValidationError as e:
        first = e.errors(include_url=False)[0]
        raise Unfit(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    except UnknownProfile as e:
        raise Unfit(str(e)) from None
    if findings := judge_topic(req.topic):
        raise Unfit(f"topic {req.topic!r} is not allowed ({findings[0].category})")
    if problems := option_errors(req, offered):
        raise Unfit("; ".join(f"{p['field']}: {p['message']}" for p in problems))
    return req.spec()


async def fire(
    s: Schedule,
    tick: float,
    *,
    bus: Bus,
    state: StateStore,
    store: ScheduleStore,
    offered: Sequence[Offer] = (),
    inventor: TopicInventor | None = None,
) -> JobRecord:
    try:
        if s.topic_prompt is not None and inventor is not None:
            topic = await invent(s, tick, inventor)
        else:
            topic = pick(s, await store.turn(s.id))
    except NoTopic as e:
        raise Unfit(str(e)) from None
    spec = spec_for(s, topic, offered)
    key = f"schedule:{s.id}:{tick:.0f}"  # says which schedule and tick made the job
    return await submit(
        bus, state, spec, job_id=job_id_for(s, tick), idempotency_key=key, owner=s.owner
    )
