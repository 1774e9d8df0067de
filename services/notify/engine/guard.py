"""SSRF guard for outgoing webhooks: only globally routable addresses, checked where it counts.

Checking a URL's host before the request is not enough: a DNS name can answer with a public
address to the check and a private one to the connection (DNS rebinding), and IP literals skip
the resolver altogether. So the check runs twice inside aiohttp's connector: the resolver drops
forbidden answers, and the socket factory refuses the exact address about to be connected.
"""

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientSession, ClientTimeout, DummyCookieJar, TCPConnector
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud instance-metadata endpoints: named apart because they are the classic SSRF prize.
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Most specific first: "private" also covers link-local, reserved and 0.0.0.0/8.
_CLASSES = (
    ("loopback", "is_loopback"),
    ("unspecified", "is_unspecified"),
    ("link-local", "is_link_local"),
    ("multicast", "is_multicast"),
    ("reserved", "is_reserved"),
    ("private", "is_private"),
)


class BlockedAddress(OSError):
    """A webhook target that resolves to an address the guard refuses."""

    def __init__(self, host: str, address: str, why: str) -> None:
        super().__init__(f"{host} resolves to {address}, a forbidden {why} address")
        self.host, self.address, self.why = host, address, why


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """IPv4 hidden inside IPv6 forms that reach it (mapped, 6to4, Teredo, NAT64)."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


@dataclass(frozen=True)
class AddressPolicy:
    allow: tuple[Network, ...] = ()

    @classmethod
    def from_strings(cls, entries: Iterable[str]) -> "AddressPolicy":
        return cls(tuple(ipaddress.ip_network(e, strict=False) for e in entries))

    def why_blocked(self, address: str) -> str | None:
        """None when the address may be contacted, else the class that forbids it."""
        try:
            ip: IP = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
        except ValueError:
            return "unparseable"
        if any(ip in net for net in self.allow):
            return None
        if isinstance(ip, ipaddress.IPv6Address) and (inner := _embedded_v4(ip)) is not None:
            return self.why_blocked(str(inner))
        if ip in METADATA:
            return "cloud-metadata"
        for name, attr in _CLASSES:
            if getattr(ip, attr):
                return name
        return None if ip.is_global else "non-global"


class GuardedResolver(AbstractResolver):
    """Resolves through ``inner`` and keeps only the answers the policy admits."""

    def __init__(self, policy: AddressPolicy, inner: AbstractResolver | None = None) -> None:
        self.policy = policy
        self.inner = inner or ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self.inner.resolve(host, port, family)
        kept = [a for a in answers if self.policy.why_blocked(a["host"]) is None]
        if not kept and answers:
            first = answers[0]["host"]
            raise BlockedAddress(host, first, self.policy.why_blocked(first) or "refused")
        return kept

    async def close(self) -> None:
        await self.inner.close()


def guarded_socket_factory(policy: AddressPolicy) -> Any:
    """The last word: runs for the very address the connection is about to use."""

    def factory(addr_info: tuple[Any, ...]) -> socket.socket:
        family, type_, proto, _, sockaddr = addr_info
        if why := policy.why_blocked(sockaddr[0]):
            raise BlockedAddress(sockaddr[0], sockaddr[0], why)
        return socket.socket(family=family, type=type_, proto=proto)

    return factory


def guarded_session(
    policy: AddressPolicy, timeout_s: float, inner: AbstractResolver | None = None
) -> ClientSession:
    """A session that reaches only admitted addresses, sends no cookies, reads no proxy env."""
    connector = TCPConnector(
        resolver=GuardedResolver(policy, inner),
        socket_factory=guarded_socket_factory(policy),
        limit=16,
    )
    return ClientSession(
        connector=connector,
        timeout=ClientTimeout(total=timeout_s),
        cookie_jar=DummyCookieJar(),
        trust_env=False,
    )


def blocked_cause(exc: BaseException) -> BlockedAddress | None:
    """Finds the guard's refusal inside aiohttp's wrapping exceptions."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, BlockedAddress):
            return e
        todo += [getattr(e, "os_error", None), e.__cause__, e.__context__]
    return None
