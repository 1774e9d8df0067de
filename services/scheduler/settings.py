"""The scheduler's knobs: the shared Settings plus GRIMREEL_SCHEDULES_FILE and its timing."""

from pathlib import Path

from pydantic import AliasChoices, Field, field_validator

from shared.config import Settings


class SchedulerSettings(Settings):
    schedules_file: Path | None = None  # JSON: {"schedules": [ {id, cron, ...}, ... ]}
    scheduler_poll_s: float = Field(1.0, gt=0, le=60)
    # a tick at most this old is on time; older ones were missed (the schedule's policy)
    scheduler_grace_s: float = Field(60.0, gt=0, le=3600)
    # who invents topics for schedules with a topic_prompt: GRIMREEL_TOPIC_PROVIDER, else the
    # story provider (a channel writing with a hosted model invents with it too)
    topic_provider: str = Field(
        "offline",
        validation_alias=AliasChoices("GRIMREEL_TOPIC_PROVIDER", "GRIMREEL_STORY_PROVIDER"),
    )

    @field_validator("schedules_file")
    @classmethod
    def _file(cls, v: Path | None) -> Path | None:
        if v is not None and not v.is_file():
            raise ValueError(f"{v} is not a readable file")
        return v
