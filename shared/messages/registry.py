"""Type name ↔ model: the one list of message types the bus understands."""

from shared.messages.base import BusMessage
from shared.messages.envelope import make_type
from shared.messages.job import JobRequested
from shared.messages.outcome import JobCompleted, JobFailed, JobRejected
from shared.messages.render import AssetsReady, VideoRendered
from shared.messages.scene import SceneIllustrated, SceneNarrated, SceneRequested
from shared.messages.story import ReviewRequested, StoryDrafted, StoryRejected

_MODELS: list[type[BusMessage]] = [
    JobRequested,
    StoryDrafted,
    StoryRejected,
    ReviewRequested,
    SceneRequested,
    SceneNarrated,
    SceneIllustrated,
    AssetsReady,
    VideoRendered,
    JobCompleted,
    JobFailed,
    JobRejected,
]

MESSAGE_TYPES: dict[str, type[BusMessage]] = {make_type(m.kind, m.version): m for m in _MODELS}
KINDS: dict[str, type[BusMessage]] = {m.kind: m for m in _MODELS}


def type_of(model: type[BusMessage] | BusMessage) -> str:
    return make_type(model.kind, model.version)


def model_for(type_: str) -> type[BusMessage]:
    """The model for a full type string; KeyError names what is known when it is not."""
    try:
        return MESSAGE_TYPES[type_]
    except KeyError:
        raise KeyError(f"unknown message type {type_!r}") from None
