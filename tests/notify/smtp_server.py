"""A real SMTP server on 127.0.0.1 (aiosmtpd in its own thread), optionally STARTTLS + AUTH."""

import socket
import ssl
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Inbox:
    messages: list[Any] = field(default_factory=list)  # aiosmtpd Envelopes

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


@dataclass
class SmtpServer:
    port: int
    inbox: Inbox
    controller: Controller
    logins: list[tuple[bytes, bytes]] = field(default_factory=list)

    def stop(self) -> None:
        self.controller.stop()


def start_smtp(
    tls: ssl.SSLContext | None = None,
    credentials: tuple[str, str] | None = None,
    implicit_tls: bool = False,
) -> SmtpServer:
    inbox, port = Inbox(), free_port()
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any):
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        logins.append((data.login, data.password))
        ok = credentials is not None and (data.login, data.password) == tuple(
            c.encode() for c in credentials
        )
        return AuthResult(success=ok, handled=False)  # unhandled: the server answers 535

    kwargs: dict[str, Any] = {}
    if tls is not None and implicit_tls:
        kwargs.update(ssl_context=tls)  # TLS from the first byte, as on port 465
    elif tls is not None:
        kwargs.update(tls_context=tls, require_starttls=True)
    if credentials is not None:
        kwargs.update(authenticator=authenticator, auth_required=True)
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return SmtpServer(port, inbox, controller, logins)
