"""A schedule: a cron expression in a time zone, where its topics come from, the job it makes
and what happens to ticks missed while no scheduler ran."""

import time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from shared.messages.job import JobRequest
from shared.safety.intake import judge_topic
from shared.schedules.timing import check_cron

Missed = Literal["skip", "latest", "all"]
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
Topic = Annotated[str, Field(min_length=3, max_length=300)]


class ScheduleSpec(BaseModel):
    """What a client or the schedules file declares."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    id: Annotated[str, Field(pattern=ID_PATTERN)] | None = None  # generated when left out
    cron: Annotated[str, Field(max_length=120, examples=["0 9 * * 1-5"])]
    timezone: Annotated[str, Field(max_length=64)] = "UTC"
    # exactly one topic source: a list taken in turn, a file of lines taken in turn, or a
    # prompt from which the topic provider invents one topic per tick
    topics: Annotated[list[Topic], Field(max_length=1000)] | None = None
    topics_file: Annotated[str, Field(max_length=1024)] | None = None
    topic_prompt: Annotated[str, Field(max_length=300)] | None = None
    profile: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    job: dict[str, Any] = Field(default_factory=dict)  # JobRequest fields but topic/profile
    missed: Missed = "skip"  # ticks missed while no scheduler ran: none, the newest, or all
    missed_cap: Annotated[int, Field(ge=1, le=100)] = 10  # "all" fires at most this many
    enabled: bool = True

    @field_validator("cron")
    @classmethod
    def _cron(cls, v: str) -> str:
        check_cron(v)
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            msg = f"unknown time zone {v!r}; use an IANA name like 'Europe/Berlin'"
            raise ValueError(msg) from None
        return v

    @field_validator("topics")
    @classmethod
    def _topics(cls, v: list[str] | None, info: ValidationInfo) -> list[str] | None:
        if _stored(info):
            return v
        for topic in v or []:
            if findings := judge_topic(topic):
                raise ValueError(f"topic {topic!r} is not allowed ({findings[0].category})")
        return v

    @model_validator(mode="after")
    def _one_source(self, info: ValidationInfo) -> "ScheduleSpec":
        sources = [self.topics, self.topics_file, self.topic_prompt]
        if sum(s is not None for s in sources) != 1:
            raise ValueError("give exactly one of topics, topics_file or topic_prompt")
        if self.topics == []:
            raise ValueError("topics must not be empty")
        if (
            self.topic_prompt is not None
            and not _stored(info)
            and (found := judge_topic(self.topic_prompt))
        ):
            raise ValueError(f"topic_prompt is not allowed ({found[0].category})")
        if {"topic", "profile"} & self.job.keys():
            raise ValueError("job must not set topic or profile (they are the schedule's)")
        try:
            JobRequest.model_validate({**self.job, "topic": "schedule check"})
        except ValidationError as e:
            first = e.errors(include_url=False)[0]
            raise ValueError(f"job.{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
        return self


class Schedule(ScheduleSpec):
    """A stored schedule: its spec plus who owns the jobs it makes and where it came from."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    owner: str
    source: Literal["api", "file"] = "api"
    created_at: float = Field(default_factory=time.time)


STORED = {"stored": True}  # validation context of a schedule read back from the store


def _stored(info: ValidationInfo) -> bool:
    """A schedule read back from the store was judged when it was made; the scheduler reads
    every schedule on every poll, and each tick's topic is judged again when it fires."""
    return bool(info.context and info.context.get("stored"))
