"""The job request (strict, external) and its bus form."""

import re
import unicodedata
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from shared.messages.base import BusMessage
from shared.messages.envelope import make_type

Tone = Literal["psychological", "creature", "paranormal", "true-crime", "folk", "cosmic", "slasher"]
# How the burned-in captions look; render (services/render/engine/ass.py) draws each one.
CaptionStyleName = Literal["karaoke", "subtle", "bold"]
PACE_MIN, PACE_MAX = 0.7, 1.4  # beyond these a time-stretched voice smears or gabbles
MUSIC_NAME = r"^[A-Za-z0-9 _.'()+-]{1,64}$"  # a track's file name without its suffix

_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def _reject_control(value: str, field: str) -> str:
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n":
            raise ValueError(f"{field} must not contain control characters (found U+{ord(ch):04X})")
    return value


JOB_ID = r"^[A-Za-z0-9_-]{1,64}$"


class Reuse(BaseModel):
    """What a derived job takes from its parent (JobSpec.parent_id) instead of making it again:
    the scenes whose narration (audio and word timings) is the parent's, the scenes whose
    picture is, and the seed of each picture drawn again (the seed the painter gets)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    audio: tuple[int, ...] = ()
    images: tuple[int, ...] = ()
    seeds: dict[int, int] = Field(default_factory=dict)


class JobSpec(BaseModel):
    """What a job asks for. Lenient when read from the bus (unknown fields ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    topic: Annotated[str, Field(min_length=3, max_length=300)]
    duration_s: Annotated[int, Field(ge=20, le=180)] = 60
    scenes: Annotated[int, Field(ge=3, le=15)] | None = None
    language: Annotated[str, Field(max_length=16)] = "en"
    tone: Tone = "paranormal"
    voice: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")] = (
        "default"
    )
    style: Annotated[str, Field(max_length=200)] = (
        "grainy 35mm film still, cold moonlight, deep shadows, muted teal and amber"
    )
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] | None = None
    webhook_url: Annotated[str, Field(max_length=2048)] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    tiktok: bool = False
    # Unset: the process settings decide (the voice's own rate, GRIMREEL_RENDER_MUSIC_PATH, the
    # karaoke captions). pace stretches the narration (1.2 is 20 % faster, the pitch kept);
    # music names a track the renderer offers (checked at intake like voice).
    pace: Annotated[float, Field(ge=PACE_MIN, le=PACE_MAX)] | None = None
    music: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    caption_style: CaptionStyleName | None = None
    # hold the story for a person to approve (or edit, or reject) before voices and pictures
    # are made; unset: the profile decides, else off
    approval: bool | None = None
    # a channel profile's name (shared/profiles.py): its values fill the fields not set here
    profile: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")] | None = None
    # a draft: render makes a 540x960 video with its fastest encoder instead of the full one
    preview: bool | None = None
    # Set by a redo (POST /jobs/{id}/redo, `grimreel redo`), never by a request: the job this
    # one derives from, and what it takes from it rather than making it again.
    parent_id: Annotated[str, Field(pattern=JOB_ID)] | None = None
    reuse: Reuse | None = None


# The CloudEvents type of a JobRequest sent to the ingress queue inside an event.
REQUEST_KIND, REQUEST_VERSION = "job.request", 1
REQUEST_TYPE = make_type(REQUEST_KIND, REQUEST_VERSION)


class JobRequest(JobSpec):
    """External input (HTTP body, ingress queue): unknown fields and wrong types are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    # a request cannot claim another job's assets: these are absent from its schema, refused
    parent_id: SkipJsonSchema[None] = None
    reuse: SkipJsonSchema[None] = None

    @field_validator("parent_id", "reuse", mode="before")
    @classmethod
    def _derived_only(cls, v: object) -> None:
        if v is not None:
            raise ValueError("is set by a redo (POST /jobs/{id}/redo), not by a request")
        return None

    @field_validator("topic", "style")
    @classmethod
    def _no_control(cls, v: str, info: object) -> str:
        name = getattr(info, "field_name", "text")
        v = _reject_control(v, name).strip()
        if name == "topic" and len(v) < 3:
            raise ValueError("topic must have at least 3 non-blank characters")
        return v

    @field_validator("language")
    @classmethod
    def _lang(cls, v: str) -> str:
        if not _LANG.fullmatch(v):  # fullmatch: "$" would let a trailing newline in
            raise ValueError("language must be a language tag such as 'en', 'de' or 'pt-BR'")
        return v

    @field_validator("music")
    @classmethod
    def _music(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(MUSIC_NAME, v):
            raise ValueError(
                "music must be a track's name: letters, digits, spaces and _ . ' ( ) + -"
            )
        return v

    @field_validator("webhook_url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", v):
            raise ValueError("webhook_url must be an http(s) URL")
        return v

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is not None and not _EMAIL.fullmatch(v):
            raise ValueError("email must look like name@example.com")
        return v

    def spec(self) -> JobSpec:
        return JobSpec.model_validate(self.model_dump())


class JobRequested(BusMessage):
    kind: ClassVar[str] = "job.requested"

    spec: JobSpec
    idempotency_key: str | None = None
