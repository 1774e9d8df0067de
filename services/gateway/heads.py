"""Bounds on a request's head (URL, header lines), answered in the API's error shape.

aiohttp's parser refuses a header line over 8190 bytes itself, with a plain-text 400 that no
middleware sees. So the parser is given roomier limits (PARSER_ARGS) and the gateway's own,
lower ones are checked here: a 10 KB bearer token gets a JSON 431, not the parser's message.
Only a head past the parser's limits (64 KiB a line, 512 lines) still gets aiohttp's 400.
"""

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from services.gateway.errors import ApiError

PARSER_LINE_BYTES = 64 * 1024
PARSER_ARGS = {
    "max_line_size": PARSER_LINE_BYTES,
    "max_field_size": PARSER_LINE_BYTES,
    "max_headers": 512,
}
MAX_HEADERS = 100


def bounded_head(max_bytes: int) -> Middleware:
    @web.middleware
    async def check_head(request: web.Request, handler: Handler) -> web.StreamResponse:
        if len(request.raw_path) > max_bytes:
            raise ApiError(414, "uri_too_long", f"the URL may be at most {max_bytes} bytes")
        if len(request.raw_headers) > MAX_HEADERS:
            raise ApiError(431, "headers_too_large", f"send at most {MAX_HEADERS} headers")
        for name, value in request.raw_headers:
            if len(name) + len(value) > max_bytes:
                shown = name[:64].decode("latin-1")
                raise ApiError(
                    431,
                    "headers_too_large",
                    f"the {shown} header is over {max_bytes} bytes",
                )
        return await handler(request)

    return check_head
