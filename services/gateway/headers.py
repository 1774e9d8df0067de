"""Response headers for every reply (errors and SSE included): security, and CORS if enabled."""

from collections.abc import Sequence

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    # Job state and result links are per user and short-lived: no cache may keep them.
    "Cache-Control": "no-store",
    "Server": "grimreel",  # not aiohttp's version string
}
ALLOW_METHODS = "GET, POST, OPTIONS"
ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key, Last-Event-ID, X-Request-ID"


async def secure(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare hook: runs for handler replies, error replies and streams alike."""
    for name, value in SECURITY.items():
        response.headers.setdefault(name, value)
    response.headers["Server"] = SECURITY["Server"]


def cors(origins: Sequence[str]) -> Middleware:
    """Off unless origins are configured; then exact-match origins only, no credentials."""
    allowed = frozenset(origins)

    @web.middleware
    async def cross_origin(request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if origin is None or origin not in allowed:
            return await handler(request)
        preflight = request.method == "OPTIONS" and "Access-Control-Request-Method" in (
            request.headers
        )
        if preflight:
            response: web.StreamResponse = web.Response(status=204)
            response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
            response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
        else:
            response = await handler(request)
            response.headers["Access-Control-Expose-Headers"] = "Location, Retry-After"
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
        return response

    return cross_origin
