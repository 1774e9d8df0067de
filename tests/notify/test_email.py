"""E-mail against a real local SMTP server (aiosmtpd): content, STARTTLS + AUTH, failures."""

import ssl
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import cast

import aiosmtplib
import pytest

from services.notify.mail import completed_mail, failed_mail, mask, valid_address
from services.notify.providers.smtp import SmtpMailer
from services.notify.settings import SmtpSettings
from tests.notify.channel_setup import mailer as smtp_mailer
from tests.notify.smtp_server import SmtpServer, start_smtp
from tests.notify.tls_cert import make_cert, server_context

SENDER = "grimreel <noreply@grimreel.test>"
LINK = "https://cdn.example.com/j1/video.mp4?X-Amz-Signature=abc&x=1"


def parsed(server: SmtpServer, i: int = 0) -> EmailMessage:
    msg = message_from_bytes(server.inbox.messages[i].content, policy=policy.default)
    return cast(EmailMessage, msg)  # policy.default parses into EmailMessage


async def test_the_completed_mail_has_text_and_html_with_the_link(smtp: SmtpServer) -> None:
    mailer = smtp_mailer(smtp.port, security="none", timeout_s=5)
    await mailer.send(completed_mail(SENDER, "reader@example.com", "j1", "the knocking", LINK))
    [env] = smtp.inbox.messages
    assert env.rcpt_tos == ["reader@example.com"]
    msg = parsed(smtp)
    assert msg["Subject"] == "Your horror short is ready: the knocking"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert (
        LINK in text
        and 'href="https://cdn.example.com/j1/video.mp4?X-Amz-Signature=abc&amp;x=1"' in html
    )


async def test_a_hostile_topic_adds_no_header_and_no_markup(smtp: SmtpServer) -> None:
    topic = "boo\r\nBcc: victim@example.org\r\n<script>alert(1)</script>"
    mail = failed_mail(SENDER, "reader@example.com", "j1", topic, "tts", "engine <b>exploded</b>")
    await smtp_mailer(smtp.port, security="none").send(mail)
    [env] = smtp.inbox.messages
    assert env.rcpt_tos == ["reader@example.com"]
    msg = parsed(smtp)
    assert msg["Bcc"] is None and "\n" not in msg["Subject"]
    html = msg.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;exploded" in html
    assert "Reason: engine <b>exploded</b>" in msg.get_body(("plain",)).get_content()


async def test_starttls_with_auth_against_a_relay_with_a_private_ca(tmp_path: Path) -> None:
    cert, key = make_cert(tmp_path)
    server = start_smtp(tls=server_context(cert, key), credentials=("mailer", "s3cret-pw"))
    try:
        mailer = smtp_mailer(
            server.port,
            security="starttls",
            username="mailer",
            password="s3cret-pw",
            ca_file=cert,
            timeout_s=5,
        )
        await mailer.send(completed_mail(SENDER, "reader@example.com", "j1", "t", LINK))
        assert server.logins == [(b"mailer", b"s3cret-pw")] and len(server.inbox.messages) == 1
        wrong = smtp_mailer(
            server.port, username="mailer", password="nope", ca_file=cert, timeout_s=5
        )
        with pytest.raises(aiosmtplib.SMTPAuthenticationError):
            await wrong.send(completed_mail(SENDER, "reader@example.com", "j1", "t", LINK))
        untrusted = smtp_mailer(server.port, timeout_s=5)  # system CAs only
        with pytest.raises(ssl.SSLCertVerificationError):
            await untrusted.send(completed_mail(SENDER, "reader@example.com", "j1", "t", LINK))
    finally:
        server.stop()


async def test_implicit_tls(tmp_path: Path) -> None:
    cert, key = make_cert(tmp_path)
    server = start_smtp(tls=server_context(cert, key), implicit_tls=True)
    try:
        mailer = smtp_mailer(server.port, security="tls", ca_file=cert, timeout_s=5)
        await mailer.send(completed_mail(SENDER, "reader@example.com", "j1", "t", LINK))
        assert len(server.inbox.messages) == 1
    finally:
        server.stop()


async def test_starttls_is_required_not_optional(smtp: SmtpServer) -> None:
    # The plain server offers no STARTTLS: the mailer must refuse rather than send in clear.
    mailer = smtp_mailer(smtp.port, security="starttls", timeout_s=5)
    with pytest.raises(aiosmtplib.SMTPException):
        await mailer.send(completed_mail(SENDER, "reader@example.com", "j1", "t", LINK))
    assert smtp.inbox.messages == []


def test_addresses_are_checked_and_masked() -> None:
    assert valid_address("reader@example.com")
    assert not valid_address("a@b.c\r\nRCPT TO:<x@y.z>") and not valid_address("nope")
    assert mask("reader@example.com") == "r***@example.com"
    settings = SmtpSettings(host="h", port=25, username="u", password="s3cret")
    assert "s3cret" not in repr(SmtpMailer(settings)) and "s3cret" not in repr(settings)
