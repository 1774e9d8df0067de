"""Outside input → a JobRequest: one strict path for POST /jobs and the ingress queue.

JSON parsing, validation with one entry per failed field, and the Idempotency-Key format.
"""

import json
from typing import Any

from pydantic import ValidationError

from services.gateway.errors import ApiError
from shared.messages.job import JobRequest
from shared.safety.rules import check_text

MAX_KEY_LEN = 200


def field_errors(e: ValidationError) -> list[dict[str, Any]]:
    """Each failed field and rule; the offending input is never echoed back."""
    return [
        {
            "field": ".".join(str(p) for p in err["loc"]) or "(body)",
            "rule": err["type"],
            "message": err["msg"],
        }
        for err in e.errors(include_url=False, include_input=False)
    ]


def validate(doc: object) -> JobRequest:
    if not isinstance(doc, dict):
        raise ApiError(422, "validation_failed", "the body must be a JSON object")
    try:
        req = JobRequest.model_validate(doc)
    except ValidationError as e:
        raise ApiError(
            422, "validation_failed", "the job request is invalid", details=field_errors(e)
        ) from None
    refuse_forbidden_topic(req.topic)
    return req


def refuse_forbidden_topic(topic: str) -> None:
    """A topic that can only produce a refused story is refused now, not after a draft."""
    findings = check_text(topic)
    if findings:
        details = [
            {"field": "topic", "rule": f.category, "message": f"not allowed: {f.phrase!r}"}
            for f in findings
        ]
        raise ApiError(
            422,
            "topic_refused",
            "the topic asks for content grimreel will not publish",
            details=details,
        )


def _number(text: str) -> float | int:
    # JSON (and JSON Schema) has one number type: 60.0 is the integer 60. The strict model
    # refuses Python floats for ints, so integral numbers become ints here; strings never do.
    value = float(text)
    return int(value) if value.is_integer() else value


def loads(body: bytes) -> object:
    """JSON from HTTP and the ingress queue alike; 422 invalid_json when it is not."""
    try:
        return json.loads(body, parse_float=_number)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as e:
        raise ApiError(422, "invalid_json", f"the body is not JSON: {e}") from None


def parse(body: bytes) -> JobRequest:
    return validate(loads(body))


def check_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not 0 < len(key) <= MAX_KEY_LEN or not key.isascii() or not key.isprintable():
        raise ApiError(
            422,
            "validation_failed",
            "bad Idempotency-Key",
            details=[
                {
                    "field": "Idempotency-Key",
                    "rule": "header",
                    "message": f"1-{MAX_KEY_LEN} printable ASCII characters",
                }
            ],
        )
    return key
