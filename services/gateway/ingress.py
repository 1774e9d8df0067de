"""The ingress queue consumer: outside publishers (scripts, n8n) send a JobRequest as JSON.

Validated exactly as POST /jobs is (the same intake functions); invalid messages go to the
dead-letter queue with the reason in their headers, and the consumer keeps serving.
"""

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import structlog

from services.gateway.admission import accept
from services.gateway.auth import system_owner
from services.gateway.config import GatewaySettings
from services.gateway.errors import ApiError
from services.gateway.intake import check_key, loads, validate
from services.gateway.metrics import REJECTED, SUBMITTED
from shared.providers.options import Offer
from shared.runtime.bus import Bus, Delivery
from shared.state.base import StateStore

log = structlog.get_logger("gateway")
STAGE = "ingress"  # topology.queue_name(STAGE) is topology.INGRESS_QUEUE
ENVELOPE_TYPE = "grimreel.job.request.v1"
OWNER = system_owner("ingress")  # no JWT subject can claim it (see auth.SYSTEM_PREFIX)


def _text(v: Any) -> Any:
    return v.decode(errors="replace") if isinstance(v, bytes) else v


def unwrap(body: bytes, headers: Mapping[str, Any], max_bytes: int) -> tuple[object, str | None]:
    """The JobRequest document, and a default idempotency key when it came in a CloudEvent
    (structured: envelope in the body; binary: ce-* headers) — source + id name one event."""
    doc = loads(body, max_bytes)
    ce = {k.lower()[3:]: _text(v) for k, v in headers.items() if k.lower().startswith("ce-")}
    if ce:
        attrs, data = ce, doc
    elif isinstance(doc, dict) and "specversion" in doc:
        attrs, data = doc, doc.get("data")
    else:
        return doc, None
    if attrs.get("type") != ENVELOPE_TYPE:
        raise ApiError(422, "unsupported_type", f"CloudEvents type must be {ENVELOPE_TYPE!r}")
    source, event_id = attrs.get("source"), attrs.get("id")
    if not isinstance(source, str) or not isinstance(event_id, str):
        return data, None
    return data, "ce:" + hashlib.sha256(f"{source}\x00{event_id}".encode()).hexdigest()[:40]


def header_key(headers: Mapping[str, Any]) -> str | None:
    for k, v in headers.items():
        if k.lower() == "idempotency-key":
            return check_key(str(_text(v)))
    return None


def reason_of(e: ApiError) -> str:
    parts = [f"{e.code}: {e.message}"]
    parts += [f"{d['field']}: {d['message']}" for d in e.details or []]
    return "; ".join(parts)


class Ingress:
    def __init__(
        self,
        bus: Bus,
        state: StateStore,
        settings: GatewaySettings,
        offered: Sequence[Offer] = (),
    ) -> None:
        self.bus, self.state, self.settings, self.offered = bus, state, settings, offered

    async def __call__(self, d: Delivery) -> None:
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(stage=STAGE, message_id=d.message_id)
        if d.delivery_count >= self.settings.delivery_limit - 1:
            await self._reject(d, f"delivered {d.delivery_count + 1} times without finishing")
            return
        try:
            doc, event_key = unwrap(d.body, d.headers, self.settings.gateway_max_body_bytes)
            key = header_key(d.headers) or event_key
            req = validate(doc, self.offered)
            done = await accept(self.bus, self.state, req, owner=OWNER, key=key)
        except ApiError as e:
            if e.status >= 500:
                raise  # transient (bus or Redis down): the bus hands it back for a redelivery
            REJECTED.labels(STAGE, e.code).inc()
            await self._reject(d, reason_of(e))
            return
        if done.created:
            SUBMITTED.labels(STAGE).inc()
        log.info("ingress.accepted", job_id=done.job.job_id, created=done.created)
        await d.ack()

    async def _reject(self, d: Delivery, reason: str) -> None:
        log.warning("ingress.rejected", reason=reason)
        await d.dead_letter(reason, STAGE)
