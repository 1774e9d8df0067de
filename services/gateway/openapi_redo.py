"""The redo operation (POST /jobs/{id}/redo) for the OpenAPI document, and its body's schema."""

from typing import Any

from services.gateway.openapi_paths import IDEMPOTENCY_KEY, JOB_ID, JSON, body, errors, ref
from services.gateway.openapi_rules import CTRL
from shared.redo import RedoRequest

# Text with something besides blanks and no control characters but newline (the validator).
TEXT = f"^[^\\S{CTRL}]*[^\\s{CTRL}][^{CTRL}]*$"
# Without a scene there is nothing to paint, speak or edit: what the model validator says.
NO_SCENE = {
    "if": {"properties": {"scene": {"type": "null"}}},
    "then": {
        "properties": {
            "picture": {"const": False},
            "voice": {"const": False},
            **{name: {"type": "null"} for name in ("seed", "image_prompt", "narration")},
        }
    },
}


def components() -> dict[str, Any]:
    schema = RedoRequest.model_json_schema(mode="validation") | NO_SCENE
    for name in ("image_prompt", "narration"):
        for option in schema["properties"][name]["anyOf"]:
            if option.get("type") == "string":
                option["pattern"] = TEXT
    return {"RedoRequest": schema}


def paths() -> dict[str, Any]:
    location = {"Location": {"schema": {"type": "string"}, "description": "The new job's URL."}}
    redo = {
        "operationId": "redoJob",
        "summary": "A new job from a completed one: one scene made again, the rest reused",
        "description": (
            "Scope jobs:write; the job must be yours (admins: any) and completed. The new job "
            "has its own id, progress and events; its `request` names the job it comes from "
            "(`parent_id`) and what it takes from it (`reuse`). A scene with nothing else named "
            "gets a new picture; `narration` and `image_prompt` edit the scene (judged again "
            "by the filter: a refused edit fails the new job). No scene: the job's files are "
            "rendered again, as the full video unless `preview` is true. 409 "
            "`job_not_completed`, or `parent_assets_gone` when the job's scene files were "
            "cleaned up (GRIMREEL_NOTIFY_KEEP_WORK). With an Idempotency-Key, a retried redo "
            "answers 200 with the job the first one made."
        ),
        "parameters": [JOB_ID, IDEMPOTENCY_KEY],
        "requestBody": {"required": True, "content": {JSON: {"schema": ref("RedoRequest")}}},
        "responses": {
            "202": body(ref("JobAccepted"), "Accepted; the new job is queued.", headers=location),
            "200": body(
                ref("JobAccepted"), "An idempotent repeat: the earlier redo.", headers=location
            ),
            **errors(401, 403, 404, 409, 413, 415, 422, 429, 503),
        },
    }
    return {"/jobs/{job_id}/redo": {"post": redo}}
