"""The e-mail a job's owner gets: plain text and HTML, the result link or the failure reason."""

import html
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_ADDRESS = re.compile(r"^[^@\s<>\"(),;:\\]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}$")


def valid_address(address: str) -> bool:
    """The job spec on the bus is lenient; this is the last check before a relay sees it."""
    return bool(_ADDRESS.match(address))


def mask(address: str) -> str:
    """j***@example.com: enough to tell addresses apart on the timeline, no more."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def one_line(text: str, limit: int = 120) -> str:
    """Header-safe text: a topic with a newline can never add a header to the message."""
    flat = _CONTROL.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _message(sender: str, to: str, subject: str, job_id: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = Address(addr_spec=to)
    msg["Subject"] = subject
    domain = sender.rsplit("@", 1)[-1].strip(" >") or "grimreel"
    msg["Message-ID"] = make_msgid(idstring=job_id, domain=domain)
    return msg


def completed_mail(sender: str, to: str, job_id: str, topic: str, link: str) -> EmailMessage:
    title = one_line(topic)
    msg = _message(sender, to, f"Your horror short is ready: {title}", job_id)
    msg.set_content(
        f"Your video for “{title}” is ready.\n\nWatch or download it here:\n{link}\n\n"
        f"Job: {job_id}\nThe link expires; download the video soon.\n"
    )
    t, href = html.escape(title), html.escape(link, quote=True)
    msg.add_alternative(
        f"<html><body><p>Your video for “<b>{t}</b>” is ready.</p>"
        f'<p><a href="{href}">Watch or download it</a></p>'
        f"<p style='color:#777'>Job {html.escape(job_id)}. The link expires; download the "
        "video soon.</p></body></html>",
        subtype="html",
    )
    return msg


def review_mail(sender: str, to: str, job_id: str, topic: str, link: str | None) -> EmailMessage:
    title = one_line(topic)
    msg = _message(sender, to, f"Your horror short waits for your approval: {title}", job_id)
    where = (
        f"Read it, then approve or reject it here:\n{link}"
        if link
        else ("Approve or reject it in the studio or with the API (POST /jobs/{id}/approve).")
    )
    msg.set_content(
        f"The story for “{title}” is written and waits for you.\n\n{where}\n\nJob: {job_id}\n"
    )
    body = (
        f'<a href="{html.escape(link, quote=True)}">Read it, then approve or reject it</a>'
        if link
        else "Approve or reject it in the studio or with the API."
    )
    msg.add_alternative(
        f"<html><body><p>The story for “<b>{html.escape(title)}</b>” is written and waits "
        f"for you.</p><p>{body}</p><p style='color:#777'>Job {html.escape(job_id)}</p>"
        "</body></html>",
        subtype="html",
    )
    return msg


def failed_mail(
    sender: str, to: str, job_id: str, topic: str, stage: str, reason: str
) -> EmailMessage:
    title = one_line(topic)
    msg = _message(sender, to, f"Your horror short failed: {title}", job_id)
    why = reason[:1000]
    msg.set_content(
        f"Your video for “{title}” could not be made.\n\nStage: {stage}\nReason: {why}\n\n"
        f"Job: {job_id}\n"
    )
    msg.add_alternative(
        f"<html><body><p>Your video for “<b>{html.escape(title)}</b>” could not be made.</p>"
        f"<p>Stage: {html.escape(stage)}<br>Reason: {html.escape(why)}</p>"
        f"<p style='color:#777'>Job {html.escape(job_id)}</p></body></html>",
        subtype="html",
    )
    return msg
