"""JSON Schemas of every message, exported to the committed schemas/ folder.

``python -m shared.schemas`` rewrites them; a test fails when models and files drift.
"""

import json
import sys
from pathlib import Path

from shared.messages.envelope import Envelope
from shared.messages.job import JobRequest
from shared.messages.registry import MESSAGE_TYPES

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def render_all() -> dict[str, str]:
    """File name → schema text, for the envelope, the external JobRequest and each bus type."""
    out = {
        "envelope.json": Envelope.model_json_schema(),
        "job-request.json": JobRequest.model_json_schema(),
    }
    for type_, model in MESSAGE_TYPES.items():
        schema = model.model_json_schema()
        schema["$id"] = f"urn:{type_}"
        out[f"{type_}.json"] = schema
    return {name: json.dumps(s, indent=2, sort_keys=True) + "\n" for name, s in out.items()}


def main() -> None:
    SCHEMA_DIR.mkdir(exist_ok=True)
    for name, text in render_all().items():
        (SCHEMA_DIR / name).write_text(text)
    print(f"wrote {len(render_all())} schemas to {SCHEMA_DIR}", file=sys.stderr)


if __name__ == "__main__":
    main()
