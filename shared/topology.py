"""The pipeline's order, written once. Nothing else names a successor."""

from shared.messages.render import AssetsReady

EXCHANGE = "grimreel"
DEAD_LETTER_EXCHANGE = "grimreel.dlx"
DEAD_LETTER_QUEUE = "grimreel.dead"
INGRESS_QUEUE = "grimreel.ingress"

# message kind → the stages that consume it
ROUTES: dict[str, list[str]] = {
    "job.requested": ["story"],
    "story.drafted": ["filter"],
    "story.rejected": ["story"],
    "scene.requested": ["tts", "visual"],
    "assets.ready": ["render"],
    "video.rendered": ["notify"],
    "job.failed": ["notify"],
}

# Scene parts are not routed: the runtime records each in the atomic join and the worker
# that completes the set publishes this message instead.

JOIN_EMITS = AssetsReady
PARTS_PER_SCENE = ("audio", "image")

# Outcome kinds that outside consumers (n8n, scripts) may subscribe to.
OUTSIDE_KINDS = ("job.completed", "job.failed")

# Order of the stages, for progress and for refusing to move a job backwards.
# story/filter rounds (rewrites) count inside their band.
STAGES = ("gateway", "story", "filter", "tts", "visual", "render", "notify")
_BASE_RANK = {
    "gateway": 0,
    "story": 10,
    "filter": 11,
    "tts": 200,
    "visual": 200,
    "render": 300,
    "notify": 400,
}
PROGRESS_BAND: dict[str, tuple[float, float]] = {
    "gateway": (0, 1),
    "story": (1, 8),
    "filter": (8, 12),
    "tts": (12, 55),
    "visual": (12, 55),
    "render": (55, 96),
    "notify": (96, 100),
}


def stages() -> list[str]:
    """Stages that consume something, in pipeline order."""
    consuming = {s for targets in ROUTES.values() for s in targets}
    return [s for s in STAGES if s in consuming]


def consumes(stage: str) -> list[str]:
    return [kind for kind, targets in ROUTES.items() if stage in targets]


def rank(stage: str, round_: int = 0) -> int:
    """Monotonic position of a stage in a job's life; a rewrite round moves story/filter on."""
    base = _BASE_RANK[stage]
    return base + 2 * round_ if stage in ("story", "filter") else base


def queue_name(stage: str) -> str:
    return f"{EXCHANGE}.{stage}"
