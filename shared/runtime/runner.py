"""Runs one stage's handlers: decode, skip, state, call, publish, settle, retry, dead-letter.

About 200 lines: the per-message algorithm and its failure paths stay in one class so the
order of the steps (claim, handle, publish, settle) reads top to bottom.
"""

import asyncio
import hashlib
import os
import time
from collections.abc import Sequence

import structlog

from shared import lifecycle, timeline, topology
from shared.codec import DecodeError, decode, decode_envelope, wrap
from shared.config import Settings
from shared.messages.base import BusMessage
from shared.messages.envelope import Envelope
from shared.runtime.bus import Bus, Delivery
from shared.runtime.errors import Cancelled, Permanent
from shared.runtime.join import complete_join, joins
from shared.runtime.metrics import DEAD_LETTERS, DURATION, FAILED, HANDLED, RETRIED, WAITED
from shared.runtime.outage import Dependency
from shared.runtime.stage import Context, Output, Stage
from shared.state.base import Entry, JoinBusy, StateStore

log = structlog.get_logger("runtime")


class StageRunner:
    def __init__(
        self,
        stage: Stage,
        bus: Bus,
        state: StateStore,
        settings: Settings,
        state_dependency: Dependency | None = None,
    ) -> None:
        self.stage, self.bus, self.state, self.settings = stage, bus, state, settings
        self.state_dependency = state_dependency
        self._claims: dict[str, str] = {}  # message id → claim token, while handling
        self._beat: asyncio.Task[None] | None = None
        self._source = f"grimreel/{stage.name}"
        self._duration, self._handled = DURATION.labels(stage.name), HANDLED.labels(stage.name)

    async def __call__(self, d: Delivery) -> None:
        structlog.contextvars.clear_contextvars()
        try:
            env, msg = decode(d.body, d.headers)
        except DecodeError as e:
            structlog.contextvars.bind_contextvars(stage=self.stage.name, message_id=d.message_id)
            await self._undecodable(d, str(e))
            return
        structlog.contextvars.bind_contextvars(
            stage=self.stage.name, job_id=msg.job_id, message_id=env.id, type=env.type
        )
        if d.attempt == 0 and d.delivery_count == 0:
            WAITED.labels(self.stage.name).observe(max(0.0, time.time() - env.time.timestamp()))
        if d.delivery_count >= self.settings.delivery_limit - 1:
            reason = f"message was delivered {d.delivery_count + 1} times without finishing"
            await self._give_up(d, env, msg, reason, cause="redelivered_too_often")
            return
        await self._handle(d, env, msg)

    async def _handle(self, d: Delivery, env: Envelope, msg: BusMessage) -> None:
        name, token = self.stage.name, os.urandom(16).hex()
        entry = Entry(
            msg.job_id,
            name,
            env.id,
            token,
            self.settings.claim_lease_s,
            topology.entry_rank(name, msg),
            topology.progress_band(name)[0],
            d.attempt,
            topology.reaches_final(msg),
            side=not topology.moves_job(msg),
        )
        verdict = await self.state.enter(entry)
        if verdict == "unknown" and await self._recovered(d, env, msg):
            verdict = await self.state.enter(entry)
        if verdict == "unknown":
            await d.dead_letter(f"{lifecycle.LOST}: job {msg.job_id} not re-created", name)
        elif verdict in ("done", "busy") or verdict.startswith("skip:"):
            log.info("message.skipped", why=verdict)
            if verdict == "busy":  # a duplicate is being handled by another worker right now
                await d.retry(self.settings.retry_delays_s[0], "duplicate in flight", count=False)
            else:
                await d.ack()
        else:
            self._claims[env.id] = token
            self._ensure_heartbeat()
            try:
                await self._run(d, env, msg, token)
            finally:
                self._claims.pop(env.id, None)

    def _outages(self) -> int:
        return self.state_dependency.outages if self.state_dependency else 0

    async def _check_still_known(self, env: Envelope, msg: BusMessage) -> None:
        """After an outage mid-message: if the job's state is gone, this message's work may
        have landed in an empty store (a join part counted against nothing) and no later
        message would ever tell; heal or fail the job now."""
        if await self.state.get(msg.job_id) is None:
            lost = await lifecycle.recover(self.state, msg, self.stage.name)
            if lost is not None:
                log.error("job.state_lost", reason=lost.reason)
                await self._publish(lost, env, "failed")

    async def _recovered(self, d: Delivery, env: Envelope, msg: BusMessage) -> bool:
        """The job has no state (Redis lost it): re-create it, or fail it with the reason."""
        lost = await lifecycle.recover(self.state, msg, self.stage.name)
        if lost is None:
            log.warning("job.recovered", reason=lifecycle.LOST)
            return True
        self._count_dead("state_lost")
        log.error("message.dead_lettered", reason=lost.reason)
        await self._publish(lost, env, "failed")
        return False

    def _ensure_heartbeat(self) -> None:
        # One task per stage refreshes every live claim: cheaper than a task per message.
        if self._beat is None or self._beat.done():
            self._beat = asyncio.create_task(self._heartbeat())

    async def _heartbeat(self) -> None:
        while self._claims:
            await asyncio.sleep(self.settings.claim_lease_s / 3)
            for message_id, token in list(self._claims.items()):
                try:  # outages wait inside refresh; anything else must not end the heartbeat
                    lease = self.settings.claim_lease_s
                    await self.state.refresh(self.stage.name, message_id, token, lease)
                except Exception as e:
                    log.error("claim.refresh_failed", message=message_id, error=repr(e)[:300])

    async def _run(self, d: Delivery, env: Envelope, msg: BusMessage, token: str) -> None:
        name = self.stage.name
        ctx = Context(msg.job_id, name, env.id, d.attempt, log, self.state)
        t0 = time.perf_counter()
        outages = self._outages()
        try:
            out = await self.stage.handler_for(msg)(msg, ctx)
            emitted = await self._emit(env, out)
            if self._outages() != outages:  # state came back: maybe empty (no persistence)
                await self._check_still_known(env, msg)
        except Cancelled:
            await self.state.leave(
                msg.job_id, name, env.id, timeline.event(name, timeline.CANCELLED)
            )
            log.info("message.cancelled")
            await d.ack()
            return
        except Permanent as e:
            await self.state.release(name, env.id, token)
            await self._give_up(d, env, msg, str(e), "permanent", scene=e.scene)
            return
        except JoinBusy as e:
            await self.state.release(name, env.id, token)
            await d.retry(self.settings.retry_delays_s[0], str(e), count=False)
            return
        except Exception as e:
            await self.state.release(name, env.id, token)
            await self._failed(d, env, msg, e)
            return
        took = time.perf_counter() - t0
        self._duration.observe(took)
        self._handled.inc()
        side = {"side": True} if not topology.moves_job(msg) else {}
        event = timeline.event(name, timeline.DONE, seconds=took, outputs=emitted, **side)
        await self.state.leave(msg.job_id, name, env.id, event)
        log.info("message.handled", seconds=round(took, 3))
        await d.ack()

    async def _emit(self, env: Envelope, out: Output) -> int:
        outs: Sequence[BusMessage] = (
            [] if out is None else [out] if isinstance(out, BusMessage) else out
        )
        for i, o in enumerate(outs):
            if joins(topology.JOIN, o):
                claimer = f"{env.id}:{os.urandom(16).hex()}"
                ready = await complete_join(self.state, topology.JOIN, o, claimer)
                if ready is not None:
                    await self._publish(ready, env, f"join:{o.job_id}")
                    await self.state.join_done(o.job_id)
                continue
            await self._publish(o, env, f"{i}")
        return len(outs)

    async def _publish(self, out: BusMessage, cause: Envelope, salt: str) -> None:
        # A deterministic id lets downstream stages recognise a republished duplicate.
        digest = hashlib.sha256(f"{cause.id}|{self.stage.name}|{salt}".encode()).hexdigest()[:32]
        await self.bus.publish(wrap(out, source=self._source, causation=cause.id, id=digest))

    async def _failed(self, d: Delivery, env: Envelope, msg: BusMessage, e: Exception) -> None:
        reason = f"{type(e).__name__}: {e}"[:2000]
        if d.attempt + 1 >= self.settings.max_attempts:
            reason = f"{reason} (after {d.attempt + 1} attempts)"
            await self._give_up(d, env, msg, reason, "retries_exhausted")
            return
        delays = self.settings.retry_delays_s
        delay = delays[min(d.attempt, len(delays) - 1)]
        RETRIED.labels(self.stage.name).inc()
        await self.state.bump_attempts(msg.job_id)
        await self.state.record(
            msg.job_id,
            timeline.event(self.stage.name, timeline.RETRY, reason=reason, delay_s=delay),
        )
        log.warning("message.retry", reason=reason, attempt=d.attempt + 1, delay_s=delay)
        await d.retry(delay, reason)

    def _count_dead(self, cause: str) -> None:
        FAILED.labels(self.stage.name).inc()
        DEAD_LETTERS.labels(self.stage.name, cause).inc()

    async def _give_up(
        self,
        d: Delivery,
        env: Envelope,
        msg: BusMessage,
        reason: str,
        cause: str,
        scene: int | None = None,
    ) -> None:
        self._count_dead(cause)
        log.error("message.dead_lettered", reason=reason)
        await self.fail_job(msg.job_id, reason, env, scene=scene)
        await d.dead_letter(reason, self.stage.name)

    async def _undecodable(self, d: Delivery, reason: str) -> None:
        self._count_dead("undecodable")
        log.error("message.undecodable", reason=reason)
        try:
            env = decode_envelope(d.body, d.headers)
            await self.fail_job(env.correlationid, reason, env)
        except DecodeError:
            pass  # no job id to fail; the dead letter carries the reason
        await d.dead_letter(reason, self.stage.name)

    async def fail_job(
        self, job_id: str, reason: str, cause: Envelope, scene: int | None = None
    ) -> None:
        failed = await lifecycle.fail(self.state, job_id, self.stage.name, reason, scene)
        if failed is not None:
            await self._publish(failed, cause, "failed")
