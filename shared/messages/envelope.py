"""The CloudEvents-1.0 shaped envelope every bus message travels in."""

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

TYPE_PREFIX = "grimreel."


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return uuid.uuid4().hex


class Envelope(BaseModel):
    """CloudEvents 1.0 attribute names plus correlationid (job id) and causationid."""

    model_config = ConfigDict(extra="ignore")

    specversion: str = "1.0"
    id: str = Field(default_factory=_new_id)
    source: str = "grimreel"
    type: str
    time: datetime = Field(default_factory=_now)
    subject: str | None = None
    datacontenttype: str = "application/json"
    correlationid: str
    causationid: str | None = None
    data: dict[str, Any]

    @property
    def kind(self) -> str:
        """Routing key: the type without prefix and version (``story.drafted``)."""
        return split_type(self.type)[0]

    @property
    def major(self) -> int:
        return split_type(self.type)[1]


def make_type(kind: str, version: int) -> str:
    return f"{TYPE_PREFIX}{kind}.v{version}"


def split_type(type_: str) -> tuple[str, int]:
    """``grimreel.story.drafted.v1`` → (``story.drafted``, 1). Raises ValueError when malformed."""
    if not type_.startswith(TYPE_PREFIX):
        raise ValueError(f"type {type_!r} does not start with {TYPE_PREFIX!r}")
    body, _, ver = type_[len(TYPE_PREFIX) :].rpartition(".")
    if not body or not ver.startswith("v") or not ver[1:].isdigit():
        raise ValueError(f"type {type_!r} has no '.v<major>' suffix")
    return body, int(ver[1:])
