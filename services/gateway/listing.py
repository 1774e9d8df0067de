"""GET /jobs: query parameters, ownership scope, one page with a link to the next."""

from typing import Annotated

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from services.gateway.auth import Principal
from services.gateway.errors import ApiError
from services.gateway.intake import field_errors
from services.gateway.jobview import summary
from services.gateway.views import JobPage, Status
from shared.state.base import StateStore


class ListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, Field(ge=1, le=100)] = 20
    offset: Annotated[int, Field(ge=0, le=100_000)] = 0
    status: Status | None = None
    owner: Annotated[str, Field(min_length=1, max_length=200)] | None = None


def parse_query(request: web.Request) -> ListQuery:
    raw = dict(request.query)
    if len(raw) != len(request.query):
        raise ApiError(422, "validation_failed", "a query parameter is repeated")
    try:
        return ListQuery.model_validate(raw)
    except ValidationError as e:
        raise ApiError(
            422, "validation_failed", "bad query parameters", details=field_errors(e)
        ) from None


async def page(request: web.Request, state: StateStore, principal: Principal) -> JobPage:
    q = parse_query(request)
    if q.owner is not None and not principal.admin and q.owner != principal.subject:
        raise ApiError(403, "insufficient_scope", "only admins may list other users' jobs")
    # Users see their own jobs; admins see everyone's unless they pick an owner.
    owner = q.owner if principal.admin else principal.subject
    # One extra row tells whether a next page exists without a count query.
    jobs = await state.list_jobs(status=q.status, owner=owner, offset=q.offset, limit=q.limit + 1)
    more = len(jobs) > q.limit
    nxt = None
    if more:
        nxt = str(request.rel_url.update_query(offset=q.offset + q.limit, limit=q.limit))
    return JobPage(
        items=[summary(j) for j in jobs[: q.limit]], limit=q.limit, offset=q.offset, next=nxt
    )
