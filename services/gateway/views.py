"""What the API returns, as pydantic models: handlers build them, the OpenAPI spec reads them."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.messages.job import JobSpec

Status = Literal["queued", "running", "awaiting_approval", "completed", "failed", "cancelled"]


class View(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Links(View):
    self: str
    events: str
    cancel: str


class JobAccepted(View):
    job_id: str
    status: Status
    links: Links


class StageTime(View):
    stage: str
    runs: int = Field(description="Messages this stage finished for the job (one per scene).")
    busy_s: float = Field(description="Handler time summed over its runs.")
    wall_s: float | None = Field(description="First start to last finish; null while running.")
    retries: int


class TimelineEvent(View):
    model_config = ConfigDict(extra="allow")

    at: datetime
    stage: str
    event: str | None = None
    seconds: float | None = None


class ApprovalView(View):
    deadline: datetime = Field(description="When the job fails if nobody approves it.")
    refused: list[str] | None = Field(
        description="Why the reviewer's last edit was refused (the story is unchanged); null "
        "when it passed or there was none."
    )


class StoryScene(View):
    index: int
    narration: str
    image_prompt: str


class StoryView(View):
    job_id: str
    title: str
    scenes: list[StoryScene]


class RejectBody(View):
    reason: str | None = Field(None, max_length=500)


class Output(View):
    key: str
    url: str | None = Field(description="Presigned GET link; null when it cannot be made.")


class JobView(View):
    job_id: str
    status: Status
    stage: str
    progress: float = Field(ge=0, le=100, description="Percent done.")
    attempts: int
    error: str | None
    owner: str | None
    idempotency_key: str | None
    created_at: datetime
    updated_at: datetime
    request: JobSpec
    stages: list[StageTime]
    timeline: list[TimelineEvent]
    outputs: dict[str, Output]
    approval: ApprovalView | None = Field(None, description="Set while awaiting approval.")
    links: Links


class JobSummary(View):
    job_id: str
    status: Status
    stage: str
    progress: float
    error: str | None
    owner: str | None
    created_at: datetime
    updated_at: datetime
    approval: ApprovalView | None = None
    links: Links


class JobPage(View):
    items: list[JobSummary]
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page; null on the last page.")


class FieldProblem(View):
    field: str
    rule: str
    message: str


class ErrorBody(View):
    error: str = Field(description="A stable code, e.g. token_expired or validation_failed.")
    message: str
    details: list[FieldProblem] | None = None


class Health(View):
    status: Literal["ok"]


class Ready(View):
    status: Literal["ready", "unready"]
    checks: dict[str, Literal["ok", "failed", "timeout"]]


def links(job_id: str) -> Links:
    return Links(
        self=f"/jobs/{job_id}", events=f"/jobs/{job_id}/events", cancel=f"/jobs/{job_id}/cancel"
    )


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")
