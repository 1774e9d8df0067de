"""The studio's and the admin's operations for the OpenAPI document: the page, its config, a
job's files, the dead-letter queue."""

from typing import Any

from pydantic.json_schema import models_json_schema

from services.gateway.dlq_api import DeadLetterPage, Replayed
from services.gateway.openapi_paths import JOB_ID, body, errors, query, ref
from services.gateway.studio import StudioConfig

PUBLIC: list[dict[str, list[str]]] = []
MESSAGE_ID = {
    "name": "message_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{1,128}$"},
}
FILE_NAME = {
    "name": "name",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$"},
    "description": "A key of the job's `outputs` (video.mp4, thumbnail.jpg, ...) or story.json.",
}


def components() -> dict[str, Any]:
    models: list[tuple[Any, Any]] = [
        (m, "serialization") for m in (StudioConfig, DeadLetterPage, Replayed)
    ]
    _, defs = models_json_schema(models, ref_template="#/components/schemas/{model}")
    return dict(sorted(defs.get("$defs", {}).items()))


def _files() -> dict[str, Any]:
    binary = {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}
    return {
        "get": {
            "operationId": "getJobFile",
            "summary": "One of a job's files, to its owner (Range requests work on local storage)",
            "parameters": [JOB_ID, FILE_NAME],
            "responses": {
                "200": {
                    "description": "The file, with its content type (video/mp4, image/jpeg, ...).",
                    "content": {"*/*": binary},
                },
                "206": {"description": "Part of the file, for a Range request."},
                **errors(401, 403, 404, 429, 503),
            },
        }
    }


def _dead_letters() -> dict[str, Any]:
    limit = query(
        "limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}, "At most."
    )
    return {
        "get": {
            "operationId": "listDeadLetters",
            "summary": "Dead letters: messages a stage gave up on (scope admin)",
            "parameters": [limit],
            "responses": {
                "200": body(ref("DeadLetterPage"), "The first letters of the queue."),
                **errors(401, 403, 422, 429, 503),
            },
        }
    }


def _replay() -> dict[str, Any]:
    return {
        "post": {
            "operationId": "replayDeadLetter",
            "summary": "Send a dead letter back to its stage; its failed job runs again (admin)",
            "parameters": [MESSAGE_ID],
            "responses": {
                "200": body(ref("Replayed"), "Replayed."),
                **errors(401, 403, 404, 429, 503),
            },
        }
    }


def paths() -> dict[str, Any]:
    html = {"text/html": {"schema": {"type": "string"}}}
    page = {"200": {"description": "The studio's page (HTML, ES modules).", "content": html}}
    config = {"200": body(ref("StudioConfig"), "How to sign in, what a job may ask for.")}
    return {
        "/": {"get": {"operationId": "studio", "security": PUBLIC, "responses": page}},
        "/studio/config": {
            "get": {"operationId": "studioConfig", "security": PUBLIC, "responses": config}
        },
        "/jobs/{job_id}/files/{name}": _files(),
        "/admin/dead-letters": _dead_letters(),
        "/admin/dead-letters/{message_id}/replay": _replay(),
    }
