"""The rate-limit middleware: one token bucket per subject and one per client IP."""

import structlog
from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from services.gateway.access import PRINCIPAL, is_public
from services.gateway.config import GatewaySettings
from services.gateway.errors import ApiError
from services.gateway.ratelimit import Bucket, RateLimiter, retry_after

log = structlog.get_logger("gateway")


def client_ip(request: web.Request, trust_forwarded: bool) -> str:
    if trust_forwarded and (fwd := request.headers.get("X-Forwarded-For")):
        # The right-most hop was added by our own proxy; anything left of it is client-supplied.
        return fwd.split(",")[-1].strip()[:64] or "unknown"
    return request.remote or "unknown"


def rate_limit(limiter: RateLimiter, settings: GatewaySettings) -> Middleware:
    @web.middleware
    async def throttle(request: web.Request, handler: Handler) -> web.StreamResponse:
        if is_public(request) or request.method == "OPTIONS":
            return await handler(request)
        subject = request[PRINCIPAL].subject
        ip = client_ip(request, settings.gateway_trust_forwarded_for)
        buckets = [
            Bucket(f"sub:{subject}", settings.gateway_rate_per_s, settings.gateway_rate_burst),
            Bucket(f"ip:{ip}", settings.gateway_ip_rate_per_s, settings.gateway_ip_rate_burst),
        ]
        wait = await limiter.take(buckets)
        if wait > 0:
            log.info("http.rate_limited", ip=ip, wait_s=round(wait, 3))
            raise ApiError(
                429,
                "rate_limited",
                "too many requests; slow down",
                headers={"Retry-After": retry_after(wait)},
            )
        return await handler(request)

    return throttle
