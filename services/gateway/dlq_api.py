"""Admin: the dead-letter queue over HTTP, as `grimreel dlq list` and `replay` show it.

Both read RabbitMQ's dead-letter queue with the same shared code as the CLI; a letter is put
back on its stage's queue and its failed job made running again.
"""

from typing import Annotated

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from services.gateway.access import require
from services.gateway.auth import ADMIN
from services.gateway.errors import ApiError
from services.gateway.intake import field_errors
from services.gateway.resources import gateway
from services.gateway.views import View, dump
from shared.runtime.dead_letters import list_dead, replay

LETTER = "/admin/dead-letters/{message_id:[A-Za-z0-9_.:-]{1,128}}"
SCAN = 1000  # a replay looks this far into the queue for its letter


class DeadLetterView(View):
    message_id: str | None
    stage: str = Field(description="The stage that gave up on the message.")
    reason: str = Field(description="Why, as the stage recorded it (first 500 characters).")
    job_id: str | None = Field(description="The job the message belongs to, when readable.")
    kind: str | None = Field(description="The message's CloudEvents type.")


class DeadLetterPage(View):
    items: list[DeadLetterView]
    limit: int


class Replayed(View):
    replayed: int = Field(description="Letters sent back to their stage (1).")


class DeadQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, Field(ge=1, le=SCAN)] = 50


async def list_letters(request: web.Request) -> web.Response:
    require(request, ADMIN)
    try:
        q = DeadQuery.model_validate(dict(request.query))
    except ValidationError as e:
        raise ApiError(422, "validation_failed", "bad query", details=field_errors(e)) from None
    letters = await list_dead(gateway(request).settings.amqp_url, q.limit)
    items = [
        DeadLetterView(
            message_id=d.message_id,
            stage=d.stage,
            reason=d.reason[:500],
            job_id=d.job_id,
            kind=d.kind,
        )
        for d in letters
    ]
    return web.json_response(dump(DeadLetterPage(items=items, limit=q.limit)))


async def replay_letter(request: web.Request) -> web.Response:
    require(request, ADMIN)
    gw, message_id = gateway(request), request.match_info["message_id"]
    n = await replay(gw.settings.amqp_url, gw.state, message_id, limit=SCAN)
    if n == 0:
        raise ApiError(404, "not_found", f"no dead letter {message_id}")
    return web.json_response(dump(Replayed(replayed=n)))


def install(app: web.Application) -> None:
    app.router.add_get("/admin/dead-letters", list_letters, name="list_dead_letters")
    app.router.add_post(LETTER + "/replay", replay_letter, name="replay_dead_letter")
