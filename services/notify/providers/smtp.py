"""The e-mail channel: an SMTP relay through aiosmtplib, implicit TLS, STARTTLS or plain,
optional auth. Not retried here: a mail that fails is reported on the job's timeline."""

import ssl
from email.message import EmailMessage

import aiosmtplib

from services.notify.settings import SmtpSettings
from shared.providers import Kit, Provider


class SmtpMailer:
    def __init__(self, settings: SmtpSettings) -> None:
        if not settings.host:
            raise ValueError("e-mail needs GRIMREEL_SMTP_HOST")
        self.host, self.port, self.security = settings.host, settings.port, settings.security
        self.username = settings.username
        self._password = settings.password.get_secret_value() if settings.password else None
        self.timeout_s = settings.timeout_s
        # A private CA is added to the system roots, never a replacement for verification.
        self.tls = ssl.create_default_context()
        if settings.ca_file is not None:
            self.tls.load_verify_locations(cafile=str(settings.ca_file))

    def __repr__(self) -> str:  # keeps the password out of any repr-based log line
        return f"SmtpMailer({self.host}:{self.port}, {self.security})"

    async def send(self, message: EmailMessage) -> None:
        await aiosmtplib.send(
            message,
            hostname=self.host,
            port=self.port,
            username=self.username,
            password=self._password,
            use_tls=self.security == "tls",
            # "starttls" requires the upgrade: a relay that does not offer it is an error,
            # never a silent fall-back to sending credentials in the clear.
            start_tls=self.security == "starttls",
            tls_context=self.tls if self.security != "none" else None,
            timeout=self.timeout_s,
        )


def _make(settings: SmtpSettings, kit: Kit) -> SmtpMailer:
    return SmtpMailer(settings)


PROVIDER = Provider(
    kind="channel",
    name="smtp",
    settings=SmtpSettings,
    factory=_make,
    summary="e-mails the job's owner the result link or the failure reason",
)
