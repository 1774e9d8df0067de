"""The /schedules operations for the OpenAPI document and their two component schemas."""

from typing import Any

from services.gateway.openapi_paths import JSON, body, errors, ref
from services.gateway.schedules_api import ScheduleView
from shared.schedules.model import ScheduleSpec

SCHEDULE_ID = {
    "name": "schedule_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
}


def components() -> dict[str, Any]:
    return {
        "ScheduleSpec": ScheduleSpec.model_json_schema(mode="validation"),
        "ScheduleView": ScheduleView.model_json_schema(mode="serialization"),
    }


def _view() -> dict[str, str]:
    return ref("ScheduleView")


def paths() -> dict[str, Any]:
    listing = {"type": "object", "properties": {"items": {"type": "array", "items": _view()}}}
    create = {
        "operationId": "createSchedule",
        "summary": "Add a recurring job (scope jobs:write); topics_file is admin only",
        "requestBody": {
            "required": True,
            "content": {JSON: {"schema": ref("ScheduleSpec")}},
        },
        "responses": {
            "201": body(_view(), "Created; Location is its URL."),
            **errors(401, 403, 409, 413, 415, 422, 429, 503),
        },
    }
    one = {
        "get": {
            "operationId": "getSchedule",
            "summary": "A schedule, its next tick and its last job",
            "parameters": [SCHEDULE_ID],
            "responses": {"200": body(_view(), "The schedule."), **errors(401, 403, 404, 429)},
        },
        "delete": {
            "operationId": "deleteSchedule",
            "summary": "Remove a schedule made over the API (file ones: 409)",
            "parameters": [SCHEDULE_ID],
            "responses": {"204": {"description": "Gone."}, **errors(401, 403, 404, 409, 429)},
        },
    }
    listed = {
        "operationId": "listSchedules",
        "summary": "Your schedules (admins: all, the file's included)",
        "responses": {"200": body(listing, "Every schedule you may see."), **errors(401, 403)},
    }
    return {"/schedules": {"post": create, "get": listed}, "/schedules/{schedule_id}": one}
