"""Who is calling and what they may do: the auth middleware, scope and ownership checks."""

import structlog
from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from services.gateway.auth import ANONYMOUS, AuthError, Principal, Verifier
from services.gateway.errors import ApiError
from shared.state.base import JobRecord

PRINCIPAL = web.RequestKey("principal", Principal)
# Routes anyone may call: probes, metrics, the API description.
# The signed review links carry their own credential (services/gateway/review_link_api.py).
PUBLIC_ROUTES = frozenset(
    {"health", "ready", "metrics", "openapi", "asyncapi", "review_page", "review_act"}
)


def is_public(request: web.Request) -> bool:
    route = request.match_info.route
    # Unmatched paths fall through to their 404/405 without asking for a token.
    return route.name in PUBLIC_ROUTES or request.match_info.http_exception is not None


def unauthorized(code: str, message: str) -> ApiError:
    # RFC 6750 §3: the challenge names the scheme and the error.
    challenge = f'Bearer error="invalid_token", error_description="{code}"'
    if code == "missing_token":
        challenge = "Bearer"
    return ApiError(401, code, message, headers={"WWW-Authenticate": challenge})


def bearer(request: web.Request) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("missing_token", "send 'Authorization: Bearer <JWT>'")
    return token.strip()


def auth_middleware(verifier: Verifier | None) -> Middleware:
    """verifier None means auth is disabled by setting: every caller is 'anonymous'."""

    @web.middleware
    async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
        if is_public(request):
            return await handler(request)
        if verifier is None:
            principal = ANONYMOUS
        else:
            try:
                principal = verifier.verify(bearer(request))
            except AuthError as e:
                raise unauthorized(e.code, e.message) from None
        request[PRINCIPAL] = principal
        structlog.contextvars.bind_contextvars(subject=principal.subject)
        return await handler(request)

    return authenticate


def require(request: web.Request, scope: str) -> Principal:
    principal = request[PRINCIPAL]
    if not principal.has(scope):
        raise ApiError(403, "insufficient_scope", f"this call needs the {scope!r} scope")
    return principal


def ensure_owner(principal: Principal, job: JobRecord) -> None:
    if not principal.admin and job.owner != principal.subject:
        raise ApiError(403, "forbidden", "this job belongs to another user")
