"""Base classes: bus payloads are lenient (additive evolution), external input is strict."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class BusMessage(BaseModel):
    """A payload carried on the bus. Unknown fields are ignored so v1 can grow additively."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    # Routing name without prefix/version, e.g. "story.drafted"; set by each subclass.
    kind: ClassVar[str] = ""
    version: ClassVar[int] = 1

    job_id: str
