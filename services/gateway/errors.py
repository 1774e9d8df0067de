"""API errors as JSON: one shape for every failure, and never a stack trace."""

from typing import Any

import aio_pika.exceptions
import redis.exceptions
import structlog
from aiohttp import web
from aiohttp.typedefs import Handler

log = structlog.get_logger("gateway")

# Codes for the errors aiohttp raises itself (routing, body size, methods).
_HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
}


# Redis or RabbitMQ not answering: the caller should retry later, not file a bug.
DEPENDENCY_DOWN = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    aio_pika.exceptions.AMQPConnectionError,
    aio_pika.exceptions.ChannelInvalidStateError,
)


class ApiError(Exception):
    """A failure the caller can act on: status, a stable code, a sentence, optional details."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details, self.headers = details, headers or {}

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.details is not None:
            out["details"] = self.details
        return out

    def response(self) -> web.Response:
        return web.json_response(self.body(), status=self.status, headers=self.headers)


def from_http(e: web.HTTPException) -> ApiError:
    code = _HTTP_CODES.get(e.status, "error" if e.status >= 500 else "request_error")
    headers = {k: v for k, v in e.headers.items() if k in ("Allow", "Retry-After")}
    return ApiError(e.status, code, e.reason, headers=headers)


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as e:
        return e.response()
    except web.HTTPException as e:
        if e.status < 400:  # redirects and the like pass through untouched
            raise
        return from_http(e).response()
    except ConnectionResetError:
        # The client went away mid-request (load tools stopping, closed tabs): not our bug.
        log.info("http.client_gone", path=request.path, method=request.method)
        return web.Response(status=400)
    except DEPENDENCY_DOWN as e:
        log.error("http.dependency_down", path=request.path, error=f"{type(e).__name__}: {e}")
        msg = "a backing service does not answer; retry later"
        return ApiError(503, "unavailable", msg, headers={"Retry-After": "5"}).response()
    except Exception:
        # The trace goes to the log, keyed by the request id the client also sees.
        log.exception("http.unhandled", path=request.path, method=request.method)
        return ApiError(500, "internal", "internal error; see the server log").response()
