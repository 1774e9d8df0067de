"""E-mail through an SMTP relay with aiosmtplib: implicit TLS, STARTTLS or plain, optional auth."""

import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

import aiosmtplib

Security = Literal["starttls", "tls", "none"]


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        security: Security = "starttls",
        username: str | None = None,
        password: str | None = None,
        ca_file: Path | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.username, self._password = username, password
        self.timeout_s = timeout_s
        # A private CA is added to the system roots, never a replacement for verification.
        self.tls = ssl.create_default_context()
        if ca_file is not None:
            self.tls.load_verify_locations(cafile=str(ca_file))

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
