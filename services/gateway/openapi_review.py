"""The approval gate's operations (story, approve, edit, reject) for the OpenAPI document."""

from typing import Any

from services.gateway.openapi_paths import JOB_ID, JSON, body, errors, ref
from services.gateway.views import RejectBody, StoryView
from shared.review import StoryEdit


def components() -> dict[str, Any]:
    schemas = {
        "StoryView": StoryView.model_json_schema(mode="serialization"),
        "StoryEdit": StoryEdit.model_json_schema(mode="validation"),
        "RejectBody": RejectBody.model_json_schema(mode="validation"),
    }
    for schema in list(schemas.values()):  # nested models as #/components/schemas refs
        for name, sub in schema.pop("$defs", {}).items():
            schemas.setdefault(name, sub)
    out: dict[str, Any] = _refs(schemas)
    return out


def _refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: (v.replace("#/$defs/", "#/components/schemas/") if k == "$ref" else _refs(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_refs(v) for v in node]
    return node


def _action(op: str, summary: str, ok: str, code: str, **extra: Any) -> dict[str, Any]:
    return {
        "post": {
            "operationId": op,
            "summary": summary,
            "parameters": [JOB_ID],
            **extra,
            "responses": {
                code: body(ref("JobSummary"), ok),
                **errors(401, 403, 404, 409, 413, 415, 422, 429, 503),
            },
        }
    }


def paths() -> dict[str, Any]:
    paused = "Only while the job is awaiting_approval (409 otherwise)."
    edit = _action(
        "editStory",
        "Edit scenes of a paused job's story (scope jobs:write); judged again by the filter",
        f"The edit is being judged; the job comes back to awaiting_approval. {paused}",
        "202",
        requestBody={"required": True, "content": {JSON: {"schema": ref("StoryEdit")}}},
    )
    story = {
        "get": {
            "operationId": "getStory",
            "summary": "The story that passed the filter, scene by scene",
            "parameters": [JOB_ID],
            "responses": {
                "200": body(ref("StoryView"), "The story."),
                **errors(401, 403, 404, 429, 503),
            },
        },
        **edit,
    }
    reject_body = {"required": False, "content": {JSON: {"schema": ref("RejectBody")}}}
    return {
        "/jobs/{job_id}/story": story,
        "/jobs/{job_id}/approve": _action(
            "approveJob",
            "Approve a paused job's story (scope jobs:write): voices, pictures, render follow",
            f"Approved; the job runs on. {paused}",
            "202",
        ),
        "/jobs/{job_id}/reject": _action(
            "rejectJob",
            "Reject a paused job's story (scope jobs:write): the job is cancelled",
            f"Rejected; status cancelled, error says why. {paused}",
            "200",
            requestBody=reject_body,
        ),
    }
