"""The schedules file (GRIMREEL_SCHEDULES_FILE): JSON, checked at start with one line per
bad value, in the style of shared.config's settings errors."""

import json
from pathlib import Path

from pydantic import ValidationError

from shared.config import ConfigError
from shared.schedules.model import Schedule

OWNER = "@scheduler"  # jobs of file schedules: a system owner no token can claim


def load(path: Path) -> list[Schedule]:
    """{"schedules": [...]} (or the bare list); each entry needs an id, may name an owner."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        msg = f"invalid schedules file {path}:\n  cannot read it as JSON: {e}"
        raise ConfigError(msg) from None
    entries = doc.get("schedules") if isinstance(doc, dict) else doc
    if not isinstance(entries, list):
        raise ConfigError(f'invalid schedules file {path}:\n  expected {{"schedules": [...]}}')
    out, lines, seen = [], [], set()
    for i, entry in enumerate(entries):
        name = entry.get("id", f"#{i}") if isinstance(entry, dict) else f"#{i}"
        if not isinstance(entry, dict):
            lines.append(f"  {name}: must be an object")
            continue
        try:
            s = Schedule.model_validate({"owner": OWNER, **entry, "source": "file"})
        except ValidationError as e:
            for err in e.errors(include_url=False):
                loc = ".".join(map(str, err["loc"]))
                msg = str(err["msg"]).removeprefix("Value error, ")
                lines.append(f"  {name}{'.' + loc if loc else ''}: {msg}")
            continue
        if s.id in seen:
            lines.append(f"  {s.id}: the id is used twice")
        seen.add(s.id)
        out.append(s)
    if lines:
        raise ConfigError(f"invalid schedules file {path}:\n" + "\n".join(lines))
    return out
