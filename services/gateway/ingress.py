"""The ingress queue consumer: outside publishers (scripts, n8n) send a JobRequest as JSON.

Validated exactly as POST /jobs is (the same intake functions). Every request gets an answer
on the events queue: a refused one a ``job.rejected`` with the sender's key, correlation id,
reason and field errors (and the original goes to the dead-letter queue for operators); a
repeat of a finished job's request its outcome again. The consumer keeps serving throughout.
"""

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

import structlog

from services.gateway import answers
from services.gateway.admission import accept
from services.gateway.auth import system_owner
from services.gateway.config import GatewaySettings
from services.gateway.errors import ApiError
from services.gateway.intake import check_key, loads, validate
from services.gateway.metrics import REJECTED, SUBMITTED
from services.gateway.sender import KEY_HEADER, Sender, event_key, sender_of, text, unwrap
from shared.providers.options import Offer
from shared.runtime.bus import Bus, Delivery
from shared.state.base import JobRecord, StateStore
from shared.storage.base import Storage

log = structlog.get_logger("gateway")
STAGE = "ingress"  # topology.queue_name(STAGE) is topology.INGRESS_QUEUE
OWNER = system_owner("ingress")  # no JWT subject can claim it (see auth.SYSTEM_PREFIX)


def header_key(headers: Mapping[str, Any]) -> str | None:
    for k, v in headers.items():
        if k.lower() == KEY_HEADER:
            return check_key(str(text(v)))
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
        storage: Storage,
        offered: Sequence[Offer] = (),
    ) -> None:
        self.bus, self.state, self.settings = bus, state, settings
        self.storage, self.offered = storage, offered

    async def __call__(self, d: Delivery) -> None:
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(stage=STAGE, message_id=d.message_id)
        if d.delivery_count >= self.settings.delivery_limit - 1:
            msg = f"delivered {d.delivery_count + 1} times without finishing"
            await self._refuse(d, ApiError(422, "delivery_limit", msg), sender_of(d))
            return
        doc: object = None
        try:
            doc = loads(d.body, self.settings.gateway_max_body_bytes)
            data, attrs = unwrap(doc, d.headers)
            key = header_key(d.headers) or event_key(attrs)
            req = await asyncio.to_thread(validate, data, self.offered)  # judged off the loop
            done = await accept(self.bus, self.state, req, owner=OWNER, key=key)
        except ApiError as e:
            if e.status >= 500:
                raise  # transient (bus or Redis down): the bus hands it back for a redelivery
            REJECTED.labels(STAGE, e.code).inc()
            await self._refuse(d, e, sender_of(d, doc))
            return
        if done.created:
            SUBMITTED.labels(STAGE).inc()
        else:
            await self._replay(done.job)
        log.info("ingress.accepted", job_id=done.job.job_id, created=done.created)
        await d.ack()

    async def _refuse(self, d: Delivery, e: ApiError, sender: Sender) -> None:
        """Answer first, then dead-letter: if the answer cannot go out, the message comes back
        (an exception here requeues it) rather than vanishing unanswered."""
        reason = reason_of(e)
        log.warning("ingress.rejected", reason=reason, idempotency_key=sender.idempotency_key)
        await self.bus.publish(answers.rejection(e, sender))
        await d.dead_letter(reason, STAGE)

    async def _replay(self, job: JobRecord) -> None:
        env = await answers.outcome(job, self.state, self.storage, self.settings.url_expiry_s)
        if env is not None:
            await self.bus.publish_outside(env)
            log.info("ingress.replayed", job_id=job.job_id, type=env.type)
