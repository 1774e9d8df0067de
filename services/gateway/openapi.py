"""The OpenAPI 3.1 document, generated from the pydantic models the handlers use.

``python -m services.gateway.openapi`` rewrites the committed openapi.json; a test fails
when the models and the file drift apart.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic.json_schema import models_json_schema

from services.gateway import openapi_rules, views
from services.gateway.openapi_paths import body, paths, ref
from services.gateway.openapi_redo import components as redo_schemas
from services.gateway.openapi_redo import paths as redo_paths
from services.gateway.openapi_review import components as review_schemas
from services.gateway.openapi_review import paths as review_paths
from services.gateway.openapi_schedules import components as schedule_schemas
from services.gateway.openapi_schedules import paths as schedule_paths
from services.gateway.openapi_studio import components as studio_schemas
from services.gateway.openapi_studio import paths as studio_paths
from shared.messages.job import JobRequest

PUBLIC: list[dict[str, list[str]]] = []  # security override: no token needed
SPEC_FILE = Path(__file__).resolve().parents[2] / "openapi.json"

RESPONSES = (
    views.JobAccepted,
    views.JobView,
    views.JobSummary,
    views.JobPage,
    views.ErrorBody,
    views.Health,
    views.Ready,
)


def components() -> dict[str, Any]:
    models: list[tuple[Any, Any]] = [(JobRequest, "validation")]
    models += [(m, "serialization") for m in RESPONSES]
    _, defs = models_json_schema(models, ref_template="#/components/schemas/{model}")
    schemas = dict(sorted(defs.get("$defs", {}).items()))
    openapi_rules.apply(schemas["JobRequest"])
    return schemas


def public(operation_id: str, responses: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"operationId": operation_id, "security": PUBLIC, "responses": responses}}


def ops() -> dict[str, Any]:
    text = {"text/plain": {"schema": {"type": "string"}}}
    ready = {
        "200": body(ref("Ready"), "RabbitMQ, Redis and storage answer."),
        "503": body(ref("Ready"), "Something does not answer; `checks` says what."),
    }
    return {
        "/health": public("health", {"200": body(ref("Health"), "Alive.")}),
        "/ready": public("ready", ready),
        "/metrics": public(
            "metrics", {"200": {"description": "Prometheus text format.", "content": text}}
        ),
        "/openapi.json": public("openapi", {"200": body({"type": "object"}, "This document.")}),
        "/asyncapi.json": public(
            "asyncapi",
            {"200": body({"type": "object"}, "The AsyncAPI 3.0 document of the queues.")},
        ),
    }


@cache
def spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "grimreel gateway",
            "version": "1.0.0",
            "description": "Submit topics, follow jobs, fetch finished vertical horror videos.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}],
        "paths": {
            **paths(),
            **review_paths(),
            **ops(),
            **schedule_paths(),
            **redo_paths(),
            **studio_paths(),
        },
        "components": {
            "schemas": {
                **components(),
                **review_schemas(),
                **schedule_schemas(),
                **redo_schemas(),
                **studio_schemas(),
            },
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }


def render() -> str:
    return json.dumps(spec(), indent=2, sort_keys=True) + "\n"


def main() -> None:
    SPEC_FILE.write_text(render())
    print(f"wrote {SPEC_FILE}")


if __name__ == "__main__":
    main()
