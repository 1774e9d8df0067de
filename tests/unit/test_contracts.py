"""Message contracts: committed schemas match the models; strict outside, lenient inside."""

import json
from typing import Any

import pytest
from pydantic import ValidationError

from shared import asyncapi, topology
from shared.codec import DecodeError, decode, encode, wrap
from shared.messages import (
    FieldError,
    JobCompleted,
    JobRejected,
    JobRequest,
    JobRequested,
    JobSpec,
)
from shared.schemas import SCHEMA_DIR, render_all


def test_committed_schemas_match_the_models() -> None:
    rendered = render_all()
    committed = {p.name: p.read_text() for p in SCHEMA_DIR.glob("*.json")}
    assert set(committed) == set(rendered), "run `python -m shared.schemas` and commit"
    for name, text in rendered.items():
        assert committed[name] == text, f"{name} drifted: run `python -m shared.schemas`"


def test_bus_messages_ignore_unknown_fields() -> None:
    env = wrap(JobRequested(job_id="j1", spec=JobSpec(topic="a cellar")), source="t")
    data = {**env.data, "added_in_v1_1": 7, "spec": {**env.data["spec"], "new": True}}
    _, msg = decode(encode(env.model_copy(update={"data": data})))
    assert isinstance(msg, JobRequested) and msg.spec.topic == "a cellar"


def test_envelope_in_ce_headers_with_data_as_body() -> None:
    body = json.dumps({"job_id": "j2", "spec": {"topic": "a cellar"}}).encode()
    headers = {
        "ce-specversion": b"1.0",
        "ce-id": "m1",
        "ce-source": "n8n",
        "ce-type": "grimreel.job.requested.v1",
        "ce-correlationid": "j2",
    }
    env, msg = decode(body, headers)
    assert env.id == "m1" and env.source == "n8n" and msg.job_id == "j2"


def test_job_id_must_match_correlation() -> None:
    env = wrap(JobRequested(job_id="j1", spec=JobSpec(topic="a cellar")), source="t")
    with pytest.raises(DecodeError, match="correlationid"):
        decode(encode(env.model_copy(update={"correlationid": "other"})))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"topic": "ok topic", "colour": "red"}, "colour"),
        ({"topic": "ok topic", "duration_s": "60"}, "duration_s"),
        ({"topic": "ok topic", "duration_s": 5}, "duration_s"),
        ({"topic": "x" * 301}, "topic"),
        ({"topic": "bad\x07bell"}, "topic"),
        ({"topic": "ok topic", "scenes": 40}, "scenes"),
        ({"topic": "ok topic", "email": "not-an-email"}, "email"),
        ({"topic": "ok topic", "webhook_url": "ftp://x"}, "webhook_url"),
        ({"topic": "ok topic", "language": "english!"}, "language"),
        ({}, "topic"),
    ],
)
def test_external_job_requests_are_strict_and_name_the_field(body, field) -> None:
    with pytest.raises(ValidationError) as e:
        JobRequest.model_validate_json(json.dumps(body))
    assert field in str(e.value)


def test_a_good_job_request_becomes_a_spec() -> None:
    req = JobRequest.model_validate_json('{"topic": "  the well  ", "duration_s": 45, "seed": 3}')
    spec = req.spec()
    assert (spec.topic, spec.duration_s, spec.seed) == ("the well", 45, 3)


def test_a_completion_names_its_video_and_thumbnail_links_or_null() -> None:
    urls = {"video.mp4": "https://s/v", "thumbnail.jpg": "https://s/t", "captions.srt": "x"}
    done = JobCompleted(job_id="j", outputs={}, urls=urls)
    assert (done.video_url, done.thumbnail_url) == ("https://s/v", "https://s/t")
    bare = JobCompleted(job_id="j", outputs={"video": "k"}, urls={"video": "https://s/old"})
    assert (bare.video_url, bare.thumbnail_url) == ("https://s/old", None)
    _, back = decode(encode(wrap(done, source="t")))  # the links survive the bus
    assert isinstance(back, JobCompleted) and back.video_url == "https://s/v"


def test_a_rejection_is_an_outside_outcome_with_its_field_errors() -> None:
    msg = JobRejected(
        job_id="r-1",
        code="validation_failed",
        reason="the job request is invalid",
        errors=[FieldError(field="topic", rule="string_too_short", message="too short")],
        idempotency_key="k",
        correlation_id="c",
    )
    env, back = decode(encode(wrap(msg, source="t")))
    assert env.type == "grimreel.job.rejected.v1" and back == msg
    assert env.kind in topology.OUTSIDE_KINDS and env.kind not in topology.ROUTES


def test_committed_asyncapi_matches_models_and_topology() -> None:
    assert asyncapi.SPEC_FILE.read_text() == asyncapi.render(), (
        "asyncapi.json is stale: run `python -m shared.asyncapi` and commit it"
    )


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_asyncapi_names_every_queue_and_kind_and_every_reference_resolves() -> None:
    doc = asyncapi.spec()
    chans = doc["channels"]
    assert chans["ingress"]["address"] == topology.INGRESS_QUEUE
    assert set(chans["events"]["messages"]) == {"JobCompleted", "JobFailed", "JobRejected"}
    for stage in topology.stages():
        names = {doc["components"]["messages"][m]["title"] for m in chans[stage]["messages"]}
        assert names == set(topology.consumes(stage)), stage
    for ref in _refs(doc):
        node: Any = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]  # KeyError: a dangling reference
    for op in doc["operations"].values():  # AsyncAPI 3: an operation's messages are its channel's
        assert all(
            m["$ref"].startswith(op["channel"]["$ref"] + "/messages/") for m in op["messages"]
        )
