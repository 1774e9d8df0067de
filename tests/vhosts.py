"""RabbitMQ vhosts of a test group's own (the gateway tests, the fault suite).

Other sessions' stage workers on the same broker consume the shared vhost's stage queues;
there they would take these tests' jobs (and these tests would purge theirs). A vhost is
made with rabbitmqctl when it is missing (root on the test machine; CI installs the broker);
without rabbitmqctl the tests fall back to the shared vhost.
"""

import asyncio
import shutil
import subprocess

import aio_pika

from shared import topology
from shared.runtime import rabbit_topology as rt
from tests.conftest import AMQP_URL


async def _opens(url: str) -> bool:
    try:
        conn = await aio_pika.connect(url, timeout=5)
    except Exception:
        return False
    await conn.close()
    return True


def ensure_vhost(vhost: str) -> str:
    url = AMQP_URL.rstrip("/") + "/" + vhost
    if asyncio.run(_opens(url)):
        return url
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        return AMQP_URL
    subprocess.run([ctl, "add_vhost", vhost], capture_output=True, timeout=120)
    grant = [ctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"]
    subprocess.run(grant, capture_output=True, timeout=120)
    return url if asyncio.run(_opens(url)) else AMQP_URL


def drop_vhost(vhost: str) -> None:
    """Delete a vhost made for one test run (with its queues and messages)."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is not None:
        subprocess.run([ctl, "delete_vhost", vhost], capture_output=True, timeout=120)


async def purge(url: str, retry_delays: list[float]) -> None:
    """Empty every grimreel queue of the vhost that exists (this vhost is ours alone)."""
    names = [topology.queue_name(s) for s in topology.stages()]
    names += [topology.DEAD_LETTER_QUEUE, topology.INGRESS_QUEUE, *rt.EVENTS_QUEUES]
    names += [rt.retry_queue(s, d) for s in topology.stages() for d in retry_delays]
    conn = await aio_pika.connect(url)
    ch = await conn.channel()
    for name in names:
        try:
            await (await ch.declare_queue(name, passive=True)).purge()
        except aio_pika.exceptions.ChannelClosed:  # not declared yet: nothing to purge
            ch = await conn.channel()
    await conn.close()
