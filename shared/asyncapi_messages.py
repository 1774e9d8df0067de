"""The messages of the AsyncAPI document: every bus kind in its envelope, the job request as
ingress reads it (plain or in a CloudEvent) with the headers a sender may set, and the JSON
Schemas of them all, generated from the pydantic models."""

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from shared.messages.base import BusMessage
from shared.messages.envelope import Envelope, make_type
from shared.messages.job import REQUEST_TYPE, JobRequest
from shared.messages.registry import KINDS

SCHEMAS = "#/components/schemas/"
AMQP_BINDING = "0.3.0"
_TEXT = {"type": "string"}

INGRESS_HEADERS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "idempotency-key": {
            **_TEXT,
            "maxLength": 200,
            "description": "Same key + same body: one job; a repeat after it finished gets "
            "its outcome again. Another body under the key: job.rejected "
            "(idempotency_conflict).",
        },
        "correlation-id": {**_TEXT, "description": "Echoed in job.rejected."},
        "x-correlation-id": {**_TEXT, "description": "Same as correlation-id."},
        "ce-type": {**_TEXT, "description": f"Binary CloudEvents mode: {REQUEST_TYPE}"},
        "ce-id": {**_TEXT, "description": "With ce-source, the default idempotency key."},
        "ce-source": _TEXT,
        "ce-specversion": _TEXT,
    },
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": SCHEMAS + name}


def wrapped(type_: str, data: str) -> dict[str, Any]:
    """The envelope with this type and this payload as its data."""
    return {
        "allOf": [
            ref("Envelope"),
            {
                "type": "object",
                "properties": {"type": {"const": type_}, "data": ref(data)},
                "required": ["type", "data"],
            },
        ]
    }


def request_event_schema(type_: str) -> dict[str, Any]:
    return {
        "title": "JobRequestEvent",
        "type": "object",
        "description": "A job request in a structured CloudEvent; source + id give the default "
        "idempotency key, correlationid (else id) is echoed in job.rejected.",
        "properties": {
            "specversion": {"const": "1.0"},
            "type": {"const": type_},
            "source": _TEXT,
            "id": _TEXT,
            "correlationid": _TEXT,
            "data": ref("JobRequest"),
        },
        "required": ["specversion", "type", "data"],
    }


def name_of(kind: str) -> str:
    return KINDS[kind].__name__


def schemas() -> dict[str, Any]:
    models: list[tuple[type[BaseModel], Any]] = [(Envelope, "serialization")]
    models += [(JobRequest, "validation")]
    models += [(m, "validation") for m in KINDS.values()]
    _, defs = models_json_schema(models, ref_template="#/components/schemas/{model}")
    out = dict(sorted(defs.get("$defs", {}).items()))
    out["JobRequestEvent"] = request_event_schema(REQUEST_TYPE)
    return out


def _summary(model: type[BusMessage]) -> str:
    doc = (model.__doc__ or "").strip()
    return doc.split("\n\n")[0].replace("\n", " ") if doc else f"{model.kind} (v{model.version})"


def messages() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, model in KINDS.items():
        type_ = make_type(kind, model.version)
        out[name_of(kind)] = {
            "name": type_,
            "title": kind,
            "summary": _summary(model),
            "contentType": "application/json",
            "payload": wrapped(type_, name_of(kind)),
            "correlationId": {"$ref": "#/components/correlationIds/job"},
            "bindings": {"amqp": {"messageType": type_, "bindingVersion": "0.3.0"}},
        }
    request = "A job request as plain JSON; n8n's RabbitMQ Send node sends this."
    out["JobRequest"] = {
        "name": "job.request",
        "title": "job request",
        "summary": request,
        "contentType": "application/json",
        "headers": INGRESS_HEADERS,
        "payload": ref("JobRequest"),
    }
    out["JobRequestEvent"] = {
        "name": REQUEST_TYPE,
        "title": "job request in a CloudEvent",
        "summary": "Structured CloudEvents mode; binary mode sends ce-* headers instead.",
        "contentType": "application/json",
        "headers": INGRESS_HEADERS,
        "payload": ref("JobRequestEvent"),
    }
    return out
