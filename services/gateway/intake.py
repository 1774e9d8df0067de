"""Outside input → a JobRequest: one strict path for POST /jobs and the ingress queue.

JSON parsing (size and nesting bounded before the parser runs), validation with one entry per
failed field, options checked against the configured providers, the Idempotency-Key format.
"""

import json
import re
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from services.gateway.errors import ApiError
from shared.messages.job import JobRequest
from shared.profiles import UnknownProfile, apply
from shared.providers.options import Offer, option_errors
from shared.safety.intake import judge_topic
from shared.safety.taxonomy import describe

MAX_KEY_LEN = 200
# A job request is flat (a CloudEvent wraps it once); json's C parser recurses per level and
# a few thousand levels exhaust the stack, so depth is measured before it runs.
MAX_DEPTH = 16
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


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


def validate(doc: object, offered: Sequence[Offer] = ()) -> JobRequest:
    if not isinstance(doc, dict):
        raise ApiError(422, "validation_failed", "the body must be a JSON object")
    try:
        req = JobRequest.model_validate(doc)
    except ValidationError as e:
        raise ApiError(
            422, "validation_failed", "the job request is invalid", details=field_errors(e)
        ) from None
    try:
        req = apply(req)  # the job's own fields win over its profile's
    except UnknownProfile as e:
        detail = {"field": "profile", "rule": "unknown_profile", "message": str(e)}
        raise ApiError(422, "validation_failed", str(e), details=[detail]) from None
    refuse_forbidden_topic(req.topic)
    if problems := option_errors(req, offered):
        msg = "an option is not offered by the configured providers"
        raise ApiError(422, "validation_failed", msg, details=problems)
    return req


def refuse_forbidden_topic(topic: str) -> None:
    """A topic that can only produce a refused story is refused now, not after a draft. Each
    detail names the category and where the passage is in the topic (characters), without
    echoing the input back."""
    findings = judge_topic(topic)
    if findings:
        details = [
            {"field": "topic", "rule": f.category, "message": _refusal(f.category, f.phrase, topic)}
            for f in findings
        ]
        raise ApiError(
            422,
            "topic_refused",
            "the topic asks for content grimreel will not publish",
            details=details,
        )


def _refusal(category: str, passage: str, topic: str) -> str:
    start = topic.lower().find(passage.lower())
    where = f" (characters {start}-{start + len(passage)})" if start >= 0 else ""
    return f"not allowed: {describe(category)}{where}"


def _number(text: str) -> float | int:
    # JSON (and JSON Schema) has one number type: 60.0 is the integer 60. The strict model
    # refuses Python floats for ints, so integral numbers become ints here; strings never do.
    value = float(text)
    return int(value) if value.is_integer() else value


def too_deep(body: bytes, limit: int) -> bool:
    """Whether arrays and objects nest deeper than limit (brackets inside strings ignored)."""
    depth = 0
    for m in _BRACKET.finditer(_STRING.sub(b'""', body)):
        depth += 1 if m.group() in (b"[", b"{") else -1
        if depth > limit:
            return True
    return False


def loads(body: bytes, max_bytes: int) -> object:
    """JSON from HTTP and the ingress queue alike: 413 past max_bytes, 422 json_too_deep past
    MAX_DEPTH levels, 422 invalid_json when it is not JSON."""
    if len(body) > max_bytes:
        raise ApiError(413, "body_too_large", f"the body may be at most {max_bytes} bytes")
    if too_deep(body, MAX_DEPTH):
        msg = f"the JSON nests deeper than {MAX_DEPTH} levels; a job request is a flat object"
        raise ApiError(422, "json_too_deep", msg)
    try:
        return json.loads(body, parse_float=_number)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError, RecursionError) as e:
        raise ApiError(422, "invalid_json", f"the body is not JSON: {e}") from None


def parse(body: bytes, max_bytes: int, offered: Sequence[Offer] = ()) -> JobRequest:
    return validate(loads(body, max_bytes), offered)


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
