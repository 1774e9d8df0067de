"""Webhooks and e-mail for one outcome, at least once, each delivery recorded on the timeline.

A redelivered message (a crash, a shutdown mid-retry) runs this again: the timeline says what
was delivered already, and only the rest is tried. Nothing here raises: a channel that fails is
reported on the job, never a reason to fail or retry the job.
"""

import asyncio
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from services.notify.deps import NotifyDeps
from services.notify.mail import mask, valid_address
from services.notify.metrics import DELIVERIES
from services.notify.protocols import Delivery
from services.notify.targets import redact, url_id
from shared.runtime import Context
from shared.timeline import Event

MailFor = Callable[[str], EmailMessage]


def _done(history: list[Event], channel: str, kind: str, ok: str) -> list[Event]:
    return [e for e in history if e.event == channel and e.type == kind and e.status == ok]


async def _record(ctx: Context, channel: str, **fields: Any) -> None:
    DELIVERIES.labels(channel, str(fields.get("status"))).inc()
    ctx.log.info(f"notify.{channel}", **fields)
    await ctx.note(event=channel, **fields)


def webhook_targets(deps: NotifyDeps, spec: dict[str, Any]) -> list[tuple[str, str]]:
    own = spec.get("webhook_url")
    targets = [("job", own)] if isinstance(own, str) and own else []
    targets += [("global", u) for u in deps.webhook_urls if u != own]
    return targets


async def _webhook_note(
    ctx: Context, kind: str, target: str, url: str, d: Delivery | None, skipped: str = ""
) -> None:
    await _record(
        ctx,
        "webhook",
        type=kind,
        target=target,
        url=redact(url),
        url_id=url_id(url),
        status=d.status if d else "skipped",
        attempts=d.attempts if d else 0,
        code=d.code if d else None,
        error=d.error if d else skipped,
    )


async def send_webhooks(
    ctx: Context,
    deps: NotifyDeps,
    event: dict[str, Any],
    spec: dict[str, Any],
    history: list[Event],
) -> None:
    kind = event["type"]
    delivered = {e.get("url_id") for e in _done(history, "webhook", kind, "delivered")}
    todo = [(t, u) for t, u in webhook_targets(deps, spec) if url_id(u) not in delivered]
    if not todo:
        return
    if deps.webhooks is None:
        for target, url in todo:
            await _webhook_note(ctx, kind, target, url, None, "GRIMREEL_WEBHOOK_SECRET is not set")
        return
    try:
        results = await deps.webhooks.deliver([u for _, u in todo], event)
    except Exception as e:  # a provider bug must not cost the job its other channels
        ctx.log.error("notify.webhook_crashed", error=f"{type(e).__name__}: {e}")
        return
    for (target, url), d in zip(todo, results, strict=True):
        await _webhook_note(ctx, kind, target, url, d)


async def send_email(
    ctx: Context,
    deps: NotifyDeps,
    kind: str,
    spec: dict[str, Any],
    history: list[Event],
    mail_for: MailFor,
) -> None:
    to = spec.get("email")
    if not isinstance(to, str) or not to or _done(history, "email", kind, "sent"):
        return
    status, error = "sent", None
    if deps.mailer is None:
        status, error = "skipped", "GRIMREEL_SMTP_HOST is not set"
    elif not valid_address(to):
        status, error = "refused", "not a valid e-mail address"
    else:
        try:
            await deps.mailer.send(mail_for(to))
        except Exception as e:
            status, error = "failed", f"{type(e).__name__}: {e}"[:300]
    await _record(ctx, "email", type=kind, to=mask(to), status=status, error=error)


async def announce(
    ctx: Context,
    deps: NotifyDeps,
    event: dict[str, Any],
    spec: dict[str, Any],
    mail_for: MailFor,
) -> None:
    """Webhooks and e-mail side by side; returns when every channel has a final status."""
    history = await ctx.timeline()
    await asyncio.gather(
        send_webhooks(ctx, deps, event, spec, history),
        send_email(ctx, deps, event["type"], spec, history, mail_for),
    )
