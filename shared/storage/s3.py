"""Storage in any S3-compatible bucket through aioboto3 (AWS, MinIO, moto, R2, ...)."""

import asyncio
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import aioboto3
import aiohttp
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

OURS_ALREADY = ("BucketAlreadyOwnedByYou", "BucketAlreadyExists")


class S3Storage:
    # the endpoint unreachable or dropping connections; an error answer (403, 404) is not one
    outage_errors: tuple[type[BaseException], ...] = (
        EndpointConnectionError,
        ConnectTimeoutError,
        ConnectionClosedError,
        ReadTimeoutError,
        aiohttp.ClientConnectionError,
    )

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        access_key: str | None = None,
        secret_key: str | None = None,
        create_bucket: bool = False,
    ) -> None:
        self.bucket = bucket
        self._session = aioboto3.Session(
            aws_access_key_id=access_key, aws_secret_access_key=secret_key, region_name=region
        )
        self._endpoint = endpoint_url
        self._create = create_bucket
        self._stack = AsyncExitStack()
        self._opened: Any = None
        self._client: Any = None  # set once the bucket is known to exist
        self._opening = asyncio.Lock()

    async def _s3(self) -> Any:
        if self._client is not None:
            return self._client
        # Concurrent first calls wait for the bucket instead of writing into a missing one;
        # a first call cut off by an outage leaves the bucket to the next call to make.
        async with self._opening:
            if self._opened is None:
                config = Config(signature_version="s3v4")
                client = self._session.client("s3", endpoint_url=self._endpoint, config=config)
                self._opened = await self._stack.enter_async_context(client)
            if self._create and self._client is None:
                await self._ensure_bucket(self._opened)
            self._client = self._opened
        return self._client

    async def _ensure_bucket(self, s3: Any) -> None:
        try:
            await s3.head_bucket(Bucket=self.bucket)
        except ClientError:
            try:
                await s3.create_bucket(Bucket=self.bucket)
            except ClientError as e:  # another process made it meanwhile
                if e.response.get("Error", {}).get("Code") not in OURS_ALREADY:
                    raise

    async def put(self, key: str, data: bytes, content_type: str | None = None) -> None:
        extra = {"ContentType": content_type} if content_type else {}
        await (await self._s3()).put_object(Bucket=self.bucket, Key=key, Body=data, **extra)

    async def put_file(self, key: str, path: Path, content_type: str | None = None) -> None:
        extra = {"ExtraArgs": {"ContentType": content_type}} if content_type else {}
        await (await self._s3()).upload_file(str(path), self.bucket, key, **extra)

    async def get(self, key: str) -> bytes:
        try:
            obj = await (await self._s3()).get_object(Bucket=self.bucket, Key=key)
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(f"no object at storage key {key!r}") from None
            raise
        async with obj["Body"] as body:
            data: bytes = await body.read()
            return data

    async def get_file(self, key: str, path: Path) -> None:
        if not await self.exists(key):
            raise FileNotFoundError(f"no object at storage key {key!r}")
        await (await self._s3()).download_file(self.bucket, key, str(path))

    async def exists(self, key: str) -> bool:
        try:
            await (await self._s3()).head_object(Bucket=self.bucket, Key=key)
            return True
        except ClientError:
            return False

    async def url(self, key: str, expires_s: int = 3600) -> str:
        url: str = await (await self._s3()).generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=expires_s
        )
        return url

    async def delete_prefix(self, prefix: str) -> int:
        s3 = await self._s3()
        count = 0
        paginator = s3.get_paginator("list_objects_v2")
        async for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            objs = [{"Key": o["Key"]} for o in page.get("Contents", [])]
            if objs:
                await s3.delete_objects(Bucket=self.bucket, Delete={"Objects": objs})
                count += len(objs)
        return count

    async def ping(self) -> bool:
        try:
            await (await self._s3()).head_bucket(Bucket=self.bucket)
            return True
        except ClientError:
            return False

    async def close(self) -> None:
        await self._stack.aclose()
        self._opened = self._client = None
