"""The pack's workflows as the test imports them: the shipped JSON with only what a user would
edit changed (the topic, the gateway's address, credentials) plus recorder Code nodes that
append what reached each branch to a file the test reads."""

import copy
import json
from pathlib import Path
from typing import Any

from tests.n8n.harness import PACK

Doc = dict[str, Any]


def load(name: str) -> Doc:
    doc: Doc = json.loads((PACK / "workflows" / name).read_text())
    return doc


def credentials(amqp_vhost: str, token: str) -> list[Doc]:
    """The credential templates with the test broker's vhost and a token filled in."""
    creds: list[Doc] = json.loads((PACK / "credentials.json").read_text())
    for c in creds:
        if c["type"] == "rabbitmq":
            c["data"].update(username="guest", password="guest", vhost=amqp_vhost)
        else:
            c["data"]["value"] = f"Bearer {token}"
    return creds


def _node(doc: Doc, name: str) -> Doc:
    node: Doc = next(n for n in doc["nodes"] if n["name"] == name)
    return node


def _pick(request: dict[str, Any], key: str, **more: str) -> str:
    out = {"request": request, "key": key, **more}
    return f"return [{{ json: {json.dumps(out)} }}];"


def send(wf_id: str, request: dict[str, Any], key: str, garbage: str | None = None) -> Doc:
    """Workflow (a) sending ``request`` under ``key``, or ``garbage`` as the raw body."""
    doc = copy.deepcopy(load("grimreel-send.json"))
    doc["id"], doc["name"] = wf_id, f"{doc['name']} [{wf_id}]"
    _node(doc, "Pick a topic")["parameters"]["jsCode"] = _pick(request, key)
    if garbage is not None:
        _node(doc, "Send to grimreel.ingress")["parameters"]["message"] = garbage
    return doc


def _recorder(name: str, branch: str, file: Path, event: str, pos: list[int]) -> Doc:
    code = f"""const fs = require('fs');
const ev = {event};
const video = $input.first().binary?.video;
fs.appendFileSync({json.dumps(str(file))}, JSON.stringify({{
  branch: {json.dumps(branch)}, event: ev, at_ms: Date.now(),
  video: video ? {{ mimeType: video.mimeType, fileSize: video.fileSize }} : null,
}}) + "\\n");
return $input.all();"""
    return {
        "parameters": {"jsCode": code},
        "name": name,
        "type": "n8n-nodes-base.code",
        "typeVersion": 2,
        "position": pos,
        "id": f"rec-{branch}",
    }


def _record_after(doc: Doc, after: str, branch: str, file: Path, event: str) -> None:
    name = f"Record {branch}"
    x, y = _node(doc, after)["position"]
    doc["nodes"].append(_recorder(name, branch, file, event, [x + 260, y]))
    doc["connections"][after] = {"main": [[{"node": name, "type": "main", "index": 0}]]}


def events(file: Path) -> Doc:
    """Workflow (b) recording every event at the end of the branch it took."""
    doc = copy.deepcopy(load("grimreel-events.json"))
    ev = "$('grimreel events').first().json.content"
    for after, branch in (
        ("Post or store the video (configure me)", "completed"),
        ("Tell someone: job failed (configure me)", "failed"),
        ("Tell someone: request refused (configure me)", "rejected"),
        ("Other event", "other"),
    ):
        _record_after(doc, after, branch, file, ev)
    return doc


def http(request: dict[str, Any], key: str, gateway: str, file: Path) -> Doc:
    """Workflow (c) against the test's gateway, recording the job it ended with."""
    doc = copy.deepcopy(load("grimreel-http.json"))
    _node(doc, "Pick a topic")["parameters"]["jsCode"] = _pick(request, key, gateway=gateway)
    # the job as the last poll saw it: the true output of "Completed?", else the item itself
    done = "$('Completed?').first().json"
    _record_after(doc, "Post or store the video (configure me)", "completed", file, done)
    _record_after(doc, "Tell someone: job failed (configure me)", "failed", file, "$json")
    return doc
