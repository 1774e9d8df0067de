"""Channel profiles: named presets of job fields (voice, tone, style, language, duration,
pace, music, caption style, posting, webhook, preview) that a job or a schedule names with
``profile``; the job's own fields win.

Loaded from the JSON file GRIMREEL_PROFILES_FILE (an object: name → fields) and checked at
load with one line per bad value, as shared.config reports settings. A profile holds only
JobSpec fields a stage honours per job, so a field no stage would read is refused, not ignored.
A music name is checked against the renderer's tracks at intake, not here: the file is read
by processes (the scheduler) that may not see the render stage's music folder.
"""

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.config import ConfigError
from shared.messages.job import JobRequest

FIELDS = (
    "voice",
    "tone",
    "style",
    "language",
    "duration_s",
    "scenes",
    "pace",
    "music",
    "caption_style",
    "tiktok",
    "webhook_url",
    "email",
    "preview",
    "approval",
)
NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
Profiles = Mapping[str, Mapping[str, Any]]


class UnknownProfile(ValueError):
    def __init__(self, name: str, known: list[str]) -> None:
        listed = ", ".join(known) or "none are configured (GRIMREEL_PROFILES_FILE)"
        super().__init__(f"no profile {name!r}; known profiles: {listed}")
        self.name, self.known = name, known


class ProfilesSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRIMREEL_", extra="ignore")

    profiles_file: Path | None = None


def check(doc: object, where: str = "profiles") -> dict[str, dict[str, Any]]:
    """The profiles in doc, or ConfigError with one line per bad value."""
    if not isinstance(doc, dict):
        raise ConfigError(f"invalid {where}:\n  the file must hold a JSON object: name → fields")
    lines: list[str] = []
    for name, fields in doc.items():
        if not NAME.fullmatch(name):
            lines.append(f"  {name!r}: a profile name is 1-64 of A-Z a-z 0-9 _ -")
        if not isinstance(fields, dict):
            lines.append(f"  {name}: must be an object of job fields")
            continue
        for key in fields.keys() - set(FIELDS):
            lines.append(f"  {name}.{key}: not a profile field; a profile sets {', '.join(FIELDS)}")
        try:
            JobRequest.model_validate({"topic": "profile check", **fields, "profile": None})
        except ValidationError as e:
            for err in e.errors(include_url=False):
                loc = ".".join(map(str, err["loc"]))
                if loc in FIELDS:
                    got = err.get("input")
                    lines.append(f"  {name}.{loc}: {err['msg']} (got {got!r})")
    if lines:
        raise ConfigError(f"invalid {where}:\n" + "\n".join(lines))
    return {name: dict(fields) for name, fields in doc.items()}


@lru_cache(maxsize=4)
def load(path: Path) -> dict[str, dict[str, Any]]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"invalid profiles file {path}:\n  cannot read it as JSON: {e}") from None
    return check(doc, f"profiles file {path}")


def configured() -> dict[str, dict[str, Any]]:
    """The profiles of GRIMREEL_PROFILES_FILE (read once per process), or none."""
    path = ProfilesSettings().profiles_file
    return {} if path is None else load(path)


def apply(req: JobRequest, profiles: Profiles | None = None) -> JobRequest:
    """req with its profile's values under the fields it did not set itself."""
    if req.profile is None:
        return req
    known = configured() if profiles is None else profiles
    preset = known.get(req.profile)
    if preset is None:
        raise UnknownProfile(req.profile, sorted(known))
    own = req.model_dump(include=req.model_fields_set)
    return JobRequest.model_validate({**preset, **own})
