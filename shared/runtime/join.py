"""The join the topology declares: record a part; the caller that completes the set gets the
message assembled from every part. Nothing here knows what the parts are."""

from shared.messages.base import BusMessage
from shared.messages.registry import KINDS
from shared.state.base import StateStore
from shared.topology import Join


def joins(join: Join, msg: BusMessage) -> bool:
    return msg.kind in join.parts


async def complete_join(
    state: StateStore, join: Join, part: BusMessage, claimer: str
) -> BusMessage | None:
    index, items = join.slot(part)
    field = f"{index:04d}:{part.kind}"
    expected = items * len(join.parts)
    parts = await state.join_part(part.job_id, field, part.model_dump_json(), expected, claimer)
    if parts is None:
        return None
    return join.assemble(
        [KINDS[name.split(":", 1)[1]].model_validate_json(raw) for name, raw in parts.items()]
    )
