"""The paths part of the OpenAPI document: each operation, its parameters and responses.

A declarative table, one entry per operation; longer than 150 lines, read by scanning.
"""

from typing import Any, get_args

from services.gateway.views import Status

JSON = "application/json"
JOB_ID = {
    "name": "job_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
}

_ERRORS = {
    401: "Missing or invalid token; `error` names the reason (token_expired, ...).",
    403: "The token lacks a scope, or the job belongs to someone else.",
    404: "No such job.",
    409: "Conflict: an Idempotency-Key reused with another body, or a job already final.",
    413: "The body is larger than the configured limit.",
    415: "The body is not application/json.",
    422: "The request is invalid; `details` lists each field and rule.",
    429: "Rate limited, or too many unfinished jobs; see Retry-After.",
    503: "A dependency is down, or the request timed out; retry later.",
}


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    # Printable ASCII; HTTP drops spaces at either end, so those are excluded.
    "schema": {"type": "string", "maxLength": 200, "pattern": "^[!-~]([ -~]*[!-~])?$"},
    "description": "Same key + same body → the same job; another body → 409.",
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def body(schema: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}, **extra}


def errors(*codes: int) -> dict[str, Any]:
    # 400 comes from the HTTP parser itself, before the app: plain text, not ErrorBody.
    malformed = {"description": "Malformed HTTP, e.g. a request line over 8 KiB (plain text)."}
    return {"400": malformed, **{str(c): body(ref("ErrorBody"), _ERRORS[c]) for c in codes}}


def query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def jobs() -> dict[str, Any]:
    location = {"Location": {"schema": {"type": "string"}, "description": "The job's URL."}}
    create = {
        "operationId": "createJob",
        "summary": "Submit a job (scope jobs:write)",
        "parameters": [IDEMPOTENCY_KEY],
        "requestBody": {"required": True, "content": {JSON: {"schema": ref("JobRequest")}}},
        "responses": {
            "202": body(ref("JobAccepted"), "Accepted; the job is queued.", headers=location),
            "200": body(
                ref("JobAccepted"), "An idempotent repeat: the earlier job.", headers=location
            ),
            **errors(401, 403, 409, 413, 415, 422, 429, 503),
        },
    }
    listing = {
        "operationId": "listJobs",
        "summary": "List your jobs, newest first (admins: everyone's)",
        "parameters": [
            query(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                "Page size.",
            ),
            query(
                "offset",
                {"type": "integer", "minimum": 0, "maximum": 100000, "default": 0},
                "Rows to skip.",
            ),
            query(
                "status",
                {"enum": list(get_args(Status))},
                "Only jobs with this status.",
            ),
            query(
                "owner",
                {"type": "string", "minLength": 1, "maxLength": 200},
                "Admins: only this user's jobs.",
            ),
        ],
        "responses": {"200": body(ref("JobPage"), "One page."), **errors(401, 403, 422, 429, 503)},
    }
    return {"post": create, "get": listing}


def job() -> dict[str, Any]:
    return {
        "get": {
            "operationId": "getJob",
            "summary": "A job: status, progress, per-stage times, timeline, result links",
            "parameters": [JOB_ID],
            "responses": {
                "200": body(ref("JobView"), "The job."),
                **errors(401, 403, 404, 429, 503),
            },
        }
    }


def cancel() -> dict[str, Any]:
    return {
        "post": {
            "operationId": "cancelJob",
            "summary": "Cancel a queued or running job",
            "parameters": [JOB_ID],
            "responses": {
                "200": body(ref("JobSummary"), "Cancelled."),
                **errors(401, 403, 404, 409, 429, 503),
            },
        }
    }


def events() -> dict[str, Any]:
    sse = (
        "Events `snapshot` (JobView), `job` (JobSummary), `timeline`, `end`; "
        "comment lines are heartbeats."
    )
    stream = {"text/event-stream": {"schema": {"type": "string"}}}
    return {
        "get": {
            "operationId": "jobEvents",
            "summary": "Server-Sent Events until the job is final",
            "parameters": [JOB_ID],
            "responses": {
                "200": {"description": sse, "content": stream},
                **errors(401, 403, 404, 429, 503),
            },
        }
    }


def paths() -> dict[str, Any]:
    return {
        "/jobs": jobs(),
        "/jobs/{job_id}": job(),
        "/jobs/{job_id}/cancel": cancel(),
        "/jobs/{job_id}/events": events(),
    }
