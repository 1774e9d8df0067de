"""What the handlers share, held on the app under one key."""

import asyncio
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from services.gateway.active import ActiveJobs
from services.gateway.config import GatewaySettings
from services.gateway.errors import ApiError
from shared.providers.options import Offer
from shared.runtime.bus import Bus
from shared.state.base import JobRecord, StateStore
from shared.storage.base import Storage


@dataclass
class Gateway:
    settings: GatewaySettings
    bus: Bus
    state: StateStore
    storage: Storage
    active: ActiveJobs
    offered: list[Offer] = field(default_factory=list)  # what the configured providers accept
    # Open SSE streams; each gets None at shutdown so it ends instead of holding the server.
    streams: set[asyncio.Queue[Any]] = field(default_factory=set)


GATEWAY = web.AppKey("gateway", Gateway)


def gateway(request: web.Request) -> Gateway:
    return request.app[GATEWAY]


async def load_job(request: web.Request) -> JobRecord:
    job_id = request.match_info["job_id"]
    job = await gateway(request).state.get(job_id)
    if job is None:
        raise ApiError(404, "not_found", f"no job {job_id}")
    return job
