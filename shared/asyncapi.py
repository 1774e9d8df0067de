"""The AsyncAPI 3.0 document of the bus, generated from the message models and the topology:
the ingress queue outside publishers send to, the events queue outside consumers read (with
its outcome kinds), and each stage's queue with the kinds routed to it.

``python -m shared.asyncapi`` rewrites the committed asyncapi.json; a test fails when models,
topology and file drift apart. The gateway serves it at GET /asyncapi.json.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from shared import topology
from shared.asyncapi_messages import AMQP_BINDING, messages, name_of, schemas
from shared.runtime.rabbit_topology import EVENTS_QUEUES

SPEC_FILE = Path(__file__).resolve().parent.parent / "asyncapi.json"


def queue_binding(name: str) -> dict[str, Any]:
    return {
        "is": "queue",
        "queue": {"name": name, "durable": True, "exclusive": False, "autoDelete": False},
        "bindingVersion": AMQP_BINDING,
    }


def _channel(address: str, names: list[str], description: str) -> dict[str, Any]:
    return {
        "address": address,
        "description": description,
        "messages": {n: {"$ref": f"#/components/messages/{n}"} for n in names},
        "bindings": {"amqp": queue_binding(address)},
    }


def channels() -> dict[str, Any]:
    out = {
        "ingress": _channel(
            topology.INGRESS_QUEUE,
            ["JobRequest", "JobRequestEvent"],
            "Outside publishers send job requests here (default exchange, routing key = "
            "queue name). Every request is answered on the events queue.",
        )
    }
    outside = ", ".join(topology.OUTSIDE_KINDS)
    for i, queue in enumerate(EVENTS_QUEUES):
        out["events" if i == 0 else f"events-{i}"] = _channel(
            queue,
            [name_of(k) for k in topology.OUTSIDE_KINDS],
            f"Outcomes for outside consumers (n8n): bound to exchange {topology.EXCHANGE!r} "
            f"with routing keys {outside}; replays of a finished job's outcome arrive here only.",
        )
    for stage in topology.stages():
        routed = topology.consumes(stage)
        out[stage] = _channel(
            topology.queue_name(stage),
            [name_of(k) for k in routed],
            f"The {stage} stage's queue: bound to exchange {topology.EXCHANGE!r} with routing "
            f"keys {', '.join(routed)}.",
        )
    return out


def operations(chans: dict[str, Any]) -> dict[str, Any]:
    """grimreel's side: it receives on ingress and each stage queue, sends on events."""
    out: dict[str, Any] = {}
    for name, channel in chans.items():
        action = "send" if name.startswith("events") else "receive"
        out[f"{action}-{name}"] = {
            "action": action,
            "channel": {"$ref": f"#/channels/{name}"},
            "messages": [{"$ref": f"#/channels/{name}/messages/{m}"} for m in channel["messages"]],
        }
    return out


@cache
def spec() -> dict[str, Any]:
    chans = channels()
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "grimreel bus",
            "version": "1.0.0",
            "description": "RabbitMQ queues of grimreel: job requests in, outcomes out, and the "
            "messages between stages. Every message travels in a CloudEvents 1.0 envelope "
            "whose `type` names kind and major version; the routing key is the kind.",
        },
        "defaultContentType": "application/json",
        "servers": {
            "rabbitmq": {
                "host": "localhost:5672",
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "description": "The broker of GRIMREEL_AMQP_URL.",
            }
        },
        "channels": chans,
        "operations": operations(chans),
        "components": {
            "schemas": schemas(),
            "messages": messages(),
            "correlationIds": {
                "job": {
                    "description": "The job id (for job.rejected: the rejection's id).",
                    "location": "$message.payload#/correlationid",
                }
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
