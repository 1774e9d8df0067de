"""The pipeline, written once: which stages there are and in what order, who consumes each
message kind, which outputs are joined instead of routed, which deliveries reach a job that is
already final, and how rewrite rounds move a job on. The runtime reads these tables and knows
no stage by name; nothing else names a successor."""

from collections.abc import Callable
from dataclasses import dataclass

from shared.messages.base import BusMessage
from shared.messages.render import assets_from_parts
from shared.messages.scene import scene_slot

EXCHANGE = "grimreel"
DEAD_LETTER_EXCHANGE = "grimreel.dlx"
DEAD_LETTER_QUEUE = "grimreel.dead"
INGRESS_QUEUE = "grimreel.ingress"


@dataclass(frozen=True)
class StageSpec:
    name: str
    rank: int  # position in a job's life; a late duplicate can never move a job to a lower one
    progress: tuple[float, float]  # the band of the job's overall percentage this stage fills
    entry: bool = False  # where jobs come in (gateway, CLI): consumes nothing from the bus


@dataclass(frozen=True)
class Route:
    stages: tuple[str, ...]  # the consumers of a kind
    round_field: str | None = None  # a field counting rewrite rounds: each moves rank on by 2
    # delivered even when the job is final: a failure to announce; a completion whose
    # announcement a crash cut off (a message already done is still skipped)
    reaches_final: bool = False
    # False for an announcement about a job that waits (review.requested): handling it never
    # moves the job's stage, rank or status
    moves_job: bool = True


@dataclass(frozen=True)
class Join:
    """Outputs of these kinds are not routed: each is recorded in an atomic set per job, and the
    worker whose part completes the set publishes what ``assemble`` builds from all of them."""

    fed_by: str  # the fan-out kind whose consumers make the parts, one per item each
    parts: tuple[str, ...]
    slot: Callable[[BusMessage], tuple[int, int]]  # (index of this part's item, items in all)
    assemble: Callable[[list[BusMessage]], BusMessage]


# story and filter share a band: every rewrite round moves both on, so rank stays monotonic
PIPELINE: tuple[StageSpec, ...] = (
    StageSpec("gateway", 0, (0, 1), entry=True),
    StageSpec("story", 10, (1, 8)),
    StageSpec("filter", 11, (8, 12)),
    StageSpec("tts", 200, (12, 55)),
    StageSpec("visual", 200, (12, 55)),
    StageSpec("render", 300, (55, 96)),
    StageSpec("notify", 400, (96, 100)),
)

ROUTES: dict[str, Route] = {
    "job.requested": Route(("story",)),
    "story.drafted": Route(("filter",), round_field="round"),
    "story.rejected": Route(("story",), round_field="round"),
    "review.requested": Route(("notify",), moves_job=False),
    "scene.requested": Route(("tts", "visual")),
    "assets.ready": Route(("render",)),
    "video.rendered": Route(("notify",), reaches_final=True),
    "job.failed": Route(("notify",), reaches_final=True),
}

JOIN = Join(
    fed_by="scene.requested",
    parts=("scene.narrated", "scene.illustrated"),
    slot=scene_slot,
    assemble=assets_from_parts,
)

# What the runtime publishes when it gives up on a job (routed above like any kind).
FAILURE_KIND = "job.failed"

# What the gateway publishes when it refuses a request before it becomes a job (ingress).
REJECTION_KIND = "job.rejected"

# Outcome kinds that outside consumers (n8n, scripts) may subscribe to: every request sent to
# the ingress queue gets one of them back.
OUTSIDE_KINDS = ("job.completed", "job.failed", REJECTION_KIND)

_SPECS = {s.name: s for s in PIPELINE}


def spec(stage: str) -> StageSpec:
    return _SPECS[stage]


def names() -> list[str]:
    """Every stage, entry included, in pipeline order."""
    return [s.name for s in PIPELINE]


def stages() -> list[str]:
    """Stages that consume something, in pipeline order."""
    consuming = {s for route in ROUTES.values() for s in route.stages}
    return [s.name for s in PIPELINE if s.name in consuming]


def consumes(stage: str) -> list[str]:
    return [kind for kind, route in ROUTES.items() if stage in route.stages]


def rank(stage: str, round_: int = 0) -> int:
    """Monotonic position of a stage in a job's life; a rewrite round moves the job on."""
    return _SPECS[stage].rank + 2 * round_


def round_of(msg: BusMessage) -> int:
    """The rewrite round a message belongs to, where its route counts them."""
    route = ROUTES.get(msg.kind)
    if route is None or route.round_field is None:
        return 0
    return int(getattr(msg, route.round_field))


def moves_job(msg: BusMessage) -> bool:
    route = ROUTES.get(msg.kind)
    return route is None or route.moves_job


def entry_rank(stage: str, msg: BusMessage) -> int:
    """The rank a delivery moves its job to; below every stage's for one that moves nothing."""
    return rank(stage, round_of(msg)) if moves_job(msg) else -1


def reaches_final(msg: BusMessage) -> bool:
    route = ROUTES.get(msg.kind)
    return route is not None and route.reaches_final


def per_scene(stage: str) -> bool:
    """Whether a stage runs once per item of the join (so its progress counts items)."""
    return stage in ROUTES[JOIN.fed_by].stages


def progress_band(stage: str) -> tuple[float, float]:
    return _SPECS[stage].progress


def queue_name(stage: str) -> str:
    return f"{EXCHANGE}.{stage}"
