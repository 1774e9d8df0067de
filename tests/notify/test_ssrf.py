"""The SSRF guard: private, loopback, metadata targets are refused at connect time."""

import socket

import aiohttp
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from services.notify.engine.guard import (
    AddressPolicy,
    BlockedAddress,
    blocked_cause,
    guarded_socket_factory,
)
from services.notify.providers.webhook import HttpWebhooks
from tests.notify.channel_setup import webhooks
from tests.notify.receiver import Receiver

EVENT = {"id": "e1", "type": "job.completed", "job_id": "j1"}


class Rebinding(AbstractResolver):
    """A DNS server under an attacker's control: every name answers 127.0.0.1."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            {
                "hostname": host,
                "host": "127.0.0.1",
                "port": port,
                "family": socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self) -> None:
        return None


def guarded(**kw: object) -> HttpWebhooks:
    return webhooks(allow=(), total_s=2, **kw)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://10.0.0.1/hook", "private"),
        ("http://169.254.169.254/latest/meta-data/", "cloud-metadata"),
        ("http://[::1]:9/hook", "loopback"),
        ("http://0.0.0.0:9/hook", "unspecified"),
    ],
)
async def test_forbidden_literal_addresses_are_refused_without_a_connection(url, why) -> None:
    [d] = await guarded().deliver([url], EVENT)
    assert (
        d.status == "refused" and d.code is None and f"forbidden {why} address" in (d.error or "")
    )


async def test_loopback_and_localhost_are_refused_unless_allow_listed(receiver: Receiver) -> None:
    port = receiver.url.split(":")[2].split("/")[0]
    names = [receiver.url, f"http://localhost:{port}/hook"]
    results = await guarded().deliver(names, EVENT)
    assert [d.status for d in results] == ["refused", "refused"]
    assert all("loopback" in (d.error or "") for d in results)
    assert receiver.hits == []


async def test_a_name_rebound_to_loopback_is_refused(receiver: Receiver) -> None:
    port = receiver.url.split(":")[2].split("/")[0]
    [d] = await guarded(resolver=Rebinding()).deliver([f"http://evil.test:{port}/h"], EVENT)
    assert d.status == "refused" and "evil.test resolves to 127.0.0.1" in (d.error or "")
    assert receiver.hits == []


async def test_the_connect_time_check_holds_even_when_a_resolver_lets_an_address_through(
    receiver: Receiver,
) -> None:
    port = receiver.url.split(":")[2].split("/")[0]
    # An unguarded resolver: only the socket factory stands between the name and loopback.
    conn = aiohttp.TCPConnector(
        resolver=Rebinding(), socket_factory=guarded_socket_factory(AddressPolicy())
    )
    async with aiohttp.ClientSession(connector=conn) as session:
        with pytest.raises(aiohttp.ClientConnectorError) as caught:
            await session.post(f"http://evil.test:{port}/hook", data=b"{}")
    blocked = blocked_cause(caught.value)
    assert isinstance(blocked, BlockedAddress) and blocked.why == "loopback"
    assert receiver.hits == []


async def test_a_redirect_to_a_private_address_is_not_followed(receiver: Receiver) -> None:
    receiver.redirect_to = "http://10.0.0.1/internal"
    sender = webhooks(allow=("127.0.0.1",), total_s=2)
    [d] = await sender.deliver([receiver.url], EVENT)
    assert (d.status, d.code, d.attempts) == ("refused", 302, 1)
    assert d.error == "redirect not followed" and len(receiver.hits) == 1


async def test_the_allow_list_admits_the_local_receiver(receiver: Receiver) -> None:
    [d] = await webhooks(allow=("127.0.0.0/8",)).deliver([receiver.url], EVENT)
    assert d.status == "delivered"


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "cloud-metadata"),
        ("169.254.10.10", "link-local"),
        ("100.100.100.200", "cloud-metadata"),
        ("100.64.0.1", "non-global"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("::1", "loopback"),
        ("fe80::1%eth0", "link-local"),
        ("fd00:ec2::254", "cloud-metadata"),
        ("::ffff:127.0.0.1", "loopback"),
        ("2002:a00:1::1", "private"),  # 6to4 wrapping 10.0.0.1
        ("64:ff9b::a9fe:a9fe", "cloud-metadata"),  # NAT64 wrapping 169.254.169.254
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_policy_classes(address: str, why: str | None) -> None:
    assert AddressPolicy().why_blocked(address) == why


def test_allow_list_entries_admit_only_their_networks() -> None:
    policy = AddressPolicy.from_strings(["10.1.0.0/16", "::1"])
    assert policy.why_blocked("10.1.2.3") is None and policy.why_blocked("::1") is None
    assert policy.why_blocked("10.2.0.1") == "private"
    assert policy.why_blocked("127.0.0.1") == "loopback"
