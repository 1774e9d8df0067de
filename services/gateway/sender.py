"""Who sent an ingress message, read before anything else can fail: the CloudEvent around the
request (binary: ``ce-*`` headers; structured: the envelope as the body), the sender's
idempotency key and correlation id. Even a body that is not JSON gets an answer the sender can
match to what it sent."""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.gateway.errors import ApiError
from services.gateway.intake import MAX_KEY_LEN
from shared.messages.envelope import split_type
from shared.messages.job import REQUEST_KIND, REQUEST_TYPE, REQUEST_VERSION
from shared.runtime.bus import Delivery

KEY_HEADER = "idempotency-key"
# Where a sender may put its correlation id, after the AMQP correlation_id property (n8n's
# Send node sets headers only) and before the CloudEvent's correlationid extension and id.
CORRELATION_HEADERS = ("correlation-id", "x-correlation-id", "correlationid")


@dataclass(frozen=True)
class Sender:
    idempotency_key: str | None = None
    correlation_id: str | None = None
    message_id: str | None = None


def text(v: Any) -> Any:
    return v.decode(errors="replace") if isinstance(v, bytes) else v


def _echo(v: Any) -> str | None:
    """A value the sender chose, fit to be sent back: text, control characters replaced, and
    no longer than a valid key."""
    if v is None:
        return None
    s = "".join(c if c.isprintable() else "\ufffd" for c in str(text(v)))
    return s[:MAX_KEY_LEN] or None


def _lower(headers: Mapping[str, Any]) -> dict[str, Any]:
    return {k.lower(): text(v) for k, v in headers.items()}


def attributes(doc: object, headers: Mapping[str, Any]) -> dict[str, Any] | None:
    """The CloudEvent attributes of a message, if it came in one (doc may be None: unread)."""
    ce = {k[3:]: v for k, v in _lower(headers).items() if k.startswith("ce-")}
    if ce:
        return ce
    if isinstance(doc, dict) and "specversion" in doc:
        return doc
    return None


def unwrap(doc: object, headers: Mapping[str, Any]) -> tuple[object, dict[str, Any] | None]:
    """The JobRequest document and the CloudEvent attributes around it, if any. A CloudEvent of
    another type, or of a version this gateway does not read, is refused."""
    attrs = attributes(doc, headers)
    if attrs is None:
        return doc, None
    data = doc if any(k.lower().startswith("ce-") for k in headers) else attrs.get("data")
    type_ = attrs.get("type")
    try:
        kind, major = split_type(str(type_))
    except ValueError:
        kind, major = "", 0
    if kind == REQUEST_KIND and major != REQUEST_VERSION:
        msg = f"CloudEvents type {type_!r}: this gateway reads version {REQUEST_VERSION} only"
        raise ApiError(422, "unsupported_version", f"{msg} ({REQUEST_TYPE!r})")
    if type_ != REQUEST_TYPE:
        raise ApiError(422, "unsupported_type", f"CloudEvents type must be {REQUEST_TYPE!r}")
    return data, attrs


def event_key(attrs: Mapping[str, Any] | None) -> str | None:
    """The default idempotency key of a CloudEvent: source + id name one event."""
    source, event_id = (attrs or {}).get("source"), (attrs or {}).get("id")
    if not isinstance(source, str) or not isinstance(event_id, str):
        return None
    return "ce:" + hashlib.sha256(f"{source}\x00{event_id}".encode()).hexdigest()[:40]


def sender_of(d: Delivery, doc: object = None) -> Sender:
    headers = _lower(d.headers)
    attrs = attributes(doc, d.headers) or {}
    correlation = d.correlation_id or next(
        (headers[h] for h in CORRELATION_HEADERS if headers.get(h)), None
    )
    ce_id = attrs.get("id") if isinstance(attrs.get("id"), str) else None
    return Sender(
        idempotency_key=_echo(headers.get(KEY_HEADER)) or event_key(attrs),
        correlation_id=_echo(correlation or attrs.get("correlationid") or ce_id),
        message_id=_echo(d.message_id),
    )
