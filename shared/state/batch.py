"""One Redis round trip for the scripts of many concurrent handlers.

Every hop of every job runs two or three small Lua scripts (enter, leave, join). Sent one by
one through redis-py, each costs a pool checkout, an argument encoder in Python and a write;
on a busy worker that is a quarter of its CPU. Here the calls that arrive while a batch is on
the wire wait for the next one, and a batch goes out as one write of hiredis-packed EVALSHAs
on a connection of its own, answered in order. A single caller still sees one round trip.
"""

import asyncio
from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis
from hiredis import pack_command
from redis.asyncio.connection import AbstractConnection
from redis.commands.core import AsyncScript
from redis.exceptions import NoScriptError, ResponseError

Arg = str | int | float
# A script call (script, keys, args) or a plain command (None, (), argv), and its caller's future.
_Call = tuple[AsyncScript | None, Sequence[Arg], Sequence[Arg], asyncio.Future[Any]]


class ScriptBatcher:
    def __init__(self, redis: aioredis.Redis, timeout_s: float = 30.0) -> None:
        self.redis, self.timeout_s = redis, timeout_s
        self._queue: list[_Call] = []
        self._sender: asyncio.Task[None] | None = None
        self._conn: AbstractConnection | None = None

    async def call(self, script: AsyncScript, keys: Sequence[str], args: Sequence[Arg]) -> Any:
        """Run a registered script, as ``script(keys=keys, args=args)`` would."""
        return await self._enqueue(script, keys, args)

    async def command(self, *argv: Arg) -> Any:
        """Run one command; the reply as the parser gives it (HGETALL: a map or a flat list)."""
        return await self._enqueue(None, (), argv)

    async def _enqueue(
        self, script: AsyncScript | None, keys: Sequence[Arg], args: Sequence[Arg]
    ) -> Any:
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queue.append((script, keys, args, fut))
        if self._sender is None or self._sender.done():
            self._sender = asyncio.create_task(self._send())
        return await fut

    async def _send(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                await self._round_trip(batch)
            except BaseException as e:  # the connection broke: every waiting caller hears of it
                for *_, fut in batch:
                    if not fut.done():
                        fut.set_exception(e if isinstance(e, Exception) else ConnectionError(e))
                if self._conn is not None:
                    await self._conn.disconnect()
                if not isinstance(e, Exception):
                    raise

    async def _round_trip(self, batch: list[_Call]) -> None:
        if self._conn is None:
            self._conn = await self.redis.connection_pool.get_connection()  # type: ignore[no-untyped-call]
        conn = self._conn
        packed = b"".join(
            # hiredis's stub types its one tuple argument as a 1-tuple; any length is packed
            pack_command(("EVALSHA", s.sha, len(keys), *keys, *args) if s else tuple(args))  # type: ignore[arg-type]
            for s, keys, args, _ in batch
        )
        await conn.send_packed_command(packed, check_health=False)
        unloaded: list[_Call] = []
        # The connection's parser answers error replies as exception objects; read through it
        # directly, under one timeout per round trip: Connection.read_response sets up a
        # timeout and error bookkeeping per reply, which costs more than the reply itself.
        parser = getattr(conn, "_parser", None) or conn
        async with asyncio.timeout(self.timeout_s):
            replies = [await parser.read_response() for _ in batch]
        for call, reply in zip(batch, replies, strict=True):
            if isinstance(reply, NoScriptError):  # Redis restarted or SCRIPT FLUSH
                unloaded.append(call)  # redis-py's Script loads it again below
            elif isinstance(reply, ResponseError):
                _settle(call[3], error=reply)
            else:
                _settle(call[3], reply)
        for script, keys, args, fut in unloaded:
            assert script is not None  # only EVALSHA answers NOSCRIPT
            try:
                _settle(fut, await script(keys=[str(k) for k in keys], args=args))
            except Exception as e:
                _settle(fut, error=e)

    async def close(self) -> None:
        if self._sender is not None and not self._sender.done():
            await asyncio.wait([self._sender], timeout=5)
        if self._conn is not None:
            await self._conn.disconnect()
            await self.redis.connection_pool.release(self._conn)
            self._conn = None


def _settle(fut: asyncio.Future[Any], result: Any = None, error: Exception | None = None) -> None:
    if fut.done():  # the caller was cancelled; the script ran anyway, as any sent command does
        return
    if error is not None:
        fut.set_exception(error)
    else:
        fut.set_result(result)
