"""Builds the infrastructure adapters (bus, state, storage) from settings."""

from shared.config import Settings
from shared.runtime.bus import Bus
from shared.runtime.outage import Dependency, guard
from shared.state.base import StateStore
from shared.storage.base import Storage


def make_storage(settings: Settings, *, wait_out_outages: bool = True) -> Storage:
    """The configured storage. A stage's calls wait out an outage of the endpoint (outage.py);
    the gateway and doctor answer at once instead (``wait_out_outages=False``)."""
    storage: Storage
    if settings.storage == "s3":
        from shared.storage.s3 import S3Storage

        storage = S3Storage(
            settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            create_bucket=settings.s3_create_bucket,
        )
    else:
        from shared.storage.local import LocalStorage

        storage = LocalStorage(settings.storage_dir)
    if not wait_out_outages:
        return storage
    return guard(storage, Dependency("storage", storage.ping, storage.outage_errors))


def make_state(settings: Settings, *, memory: bool = False) -> StateStore:
    if memory:
        from shared.state.memory import MemoryState

        return MemoryState()
    from shared.state.redis import RedisState

    return RedisState(settings.redis_url)


def make_bus(settings: Settings, *, memory: bool = False) -> Bus:
    if memory:
        from shared.runtime.memory_bus import MemoryBus

        return MemoryBus()
    from shared.runtime.rabbit_bus import RabbitBus

    return RabbitBus(
        settings.amqp_url,
        delivery_limit=settings.delivery_limit,
        retry_delays_s=settings.retry_delays_s,
        publish_timeout_s=settings.publish_timeout_s,
    )
