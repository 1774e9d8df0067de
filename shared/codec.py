"""Bytes ↔ envelope ↔ typed message. Does not trust content_type (n8n sends none)."""

import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from shared.messages.base import BusMessage
from shared.messages.envelope import Envelope, split_type
from shared.messages.registry import MESSAGE_TYPES, type_of


class DecodeError(Exception):
    """The message can never be handled; the reason goes into the dead-letter headers."""


def encode(env: Envelope) -> bytes:
    return env.model_dump_json().encode()


def wrap(
    msg: BusMessage, *, source: str, causation: str | None = None, id: str | None = None
) -> Envelope:
    extra = {} if id is None else {"id": id}
    return Envelope(
        **extra,
        type=type_of(msg),
        source=source,
        subject=msg.job_id,
        correlationid=msg.job_id,
        causationid=causation,
        data=msg.model_dump(mode="json"),
    )


def _headers_envelope(headers: Mapping[str, Any], body: Any) -> dict[str, Any]:
    fields = {k[3:]: _text(v) for k, v in headers.items() if k.lower().startswith("ce-")}
    fields["data"] = body
    return fields


def _text(v: Any) -> Any:
    return v.decode() if isinstance(v, bytes) else v


def decode_envelope(body: bytes, headers: Mapping[str, Any] | None = None) -> Envelope:
    """Envelope from a JSON body, or from ``ce-*`` headers with the data as body."""
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DecodeError(f"body is not JSON: {e}") from None
    headers = headers or {}
    if any(k.lower() == "ce-type" for k in headers):
        doc = _headers_envelope(headers, doc)
    if not isinstance(doc, dict) or "type" not in doc:
        raise DecodeError("not an envelope: no 'type' field in body or ce-type header")
    try:
        return Envelope.model_validate(doc)
    except ValidationError as e:
        raise DecodeError(f"bad envelope: {_brief(e)}") from None


def _fast_envelope(body: bytes, headers: Mapping[str, Any] | None) -> Envelope | None:
    """One pass in pydantic's parser for the common case; None sends it the long way."""
    if headers and any(k.lower() == "ce-type" for k in headers):
        return None
    try:
        return Envelope.model_validate_json(body)
    except ValidationError:
        return None  # decode_envelope says what is wrong, in its own words


def decode(body: bytes, headers: Mapping[str, Any] | None = None) -> tuple[Envelope, BusMessage]:
    env = _fast_envelope(body, headers) or decode_envelope(body, headers)
    model = MESSAGE_TYPES.get(env.type)
    if model is None:
        try:
            kind, major = split_type(env.type)
        except ValueError as e:
            raise DecodeError(str(e)) from None
        known = sorted(t for t in MESSAGE_TYPES if t.startswith(f"grimreel.{kind}."))
        if known:
            raise DecodeError(f"unsupported major version v{major} of {kind}; handled: {known}")
        raise DecodeError(f"unknown message type {env.type!r}")
    try:
        msg = model.model_validate(env.data)
    except ValidationError as e:
        raise DecodeError(f"invalid {env.type}: {_brief(e)}") from None
    if msg.job_id != env.correlationid:
        raise DecodeError("data.job_id differs from the envelope's correlationid")
    return env, msg


def _brief(e: ValidationError) -> str:
    parts = []
    for err in e.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)
