"""SemanticPolicy: an offline check of meaning, for what the rule lists cannot spell out.

Each sentence of the title, hook, narration and image prompts is embedded with MiniLM and
scored by a small head (one hidden ReLU layer, then softmax) over the must-block categories
plus "benign". The head was trained (tests/filter/train_semantic.py) on semantic.json's
described categories and example sentences, on labelled stories, and against benign horror
anchors and the offline writer's own sentences: horror is full of blood and children, and
only those anchors keep "the ghost girl waved from the well" out of "minors". A hidden layer,
because what is forbidden is often a combination ("in sixth grade" and "turn your webcam on")
whose parts are harmless alone, which a linear head cannot express.
"""

import asyncio
import hashlib
import json
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from services.filter.engine.minilm import MiniLM
from services.filter.engine.passages import passages
from shared.messages.story import Story
from shared.safety.policy import Finding

GORE_LEVELS = ("none", "mild", "moderate", "extreme")
BENIGN = "benign"
Matrix = NDArray[Any]  # the trainer passes float64 weights, the stage float32


Data = dict[str, Any]  # semantic.json: categories, benign anchors, threshold, head


def packaged_data() -> Data:
    data: Data = json.loads(
        resources.files(__package__).joinpath("semantic.json").read_text("utf-8")
    )
    return data


def data_digest(data: Data) -> str:
    """What a head was trained on, so a head never runs against examples it has not seen."""
    trained_on = {"categories": data["categories"], "benign": data["benign"]}
    return hashlib.sha256(json.dumps(trained_on, sort_keys=True).encode()).hexdigest()


def head_probabilities(vectors: Matrix, layers: list[Matrix]) -> Matrix:
    """Class probabilities per vector; each layer's last row is its bias, ReLU between layers
    (the trainer scores with this too, so training and the stage cannot disagree)."""
    logits = vectors
    for i, layer in enumerate(layers):
        if i:
            logits = np.maximum(logits, 0.0)
        logits = logits @ layer[:-1] + layer[-1]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities: Matrix = p / p.sum(axis=1, keepdims=True)
    return probabilities


@dataclass(frozen=True)
class Score:
    category: str  # the most likely forbidden category among those checked
    probability: float


_LOCK = threading.Lock()
_ENCODER: list[MiniLM] = []


def shared_encoder() -> MiniLM:
    """One model per process, however many policies ask; the first callers wait for one load."""
    with _LOCK:
        if not _ENCODER:
            _ENCODER.append(MiniLM())
        return _ENCODER[0]


class SemanticPolicy:
    name = "semantic"

    def __init__(
        self,
        data: Path | Data | None = None,
        *,
        gore_level: str = "moderate",
        threshold: float | None = None,
    ) -> None:
        """data: a JSON file or its content (default: the packaged semantic.json).
        gore_level: as for RulePolicy; "extreme" allows gore, so that category is skipped."""
        if gore_level not in GORE_LEVELS:
            raise ValueError(f"gore_level must be one of {list(GORE_LEVELS)}, got {gore_level!r}")
        if data is None:
            data = packaged_data()
        elif not isinstance(data, dict):
            loaded: Data = json.loads(Path(data).read_text("utf-8"))
            data = loaded
        head = data["head"]
        if head["trained_on"] != data_digest(data):
            raise ValueError(
                "the semantic head was trained on other examples than these; retrain it with "
                "`python -m tests.filter.train_semantic --write`"
            )
        self.classes: list[str] = head["classes"]
        self.layers = [np.asarray(layer, np.float32) for layer in head["layers"]]
        self.threshold = float(data["threshold"] if threshold is None else threshold)
        skip = {BENIGN, "gore"} if gore_level == "extreme" else {BENIGN}
        self.checked = np.array([c not in skip for c in self.classes])
        self.descriptions = {c: d["description"] for c, d in data["categories"].items()}

    def scores(self, texts: list[str]) -> list[Score]:
        """Blocking; call through asyncio.to_thread from async code."""
        if not texts:
            return []
        p = head_probabilities(shared_encoder().encode(texts), self.layers)
        p[:, ~self.checked] = 0.0
        best = p.argmax(axis=1)
        return [Score(self.classes[j], float(p[i, j])) for i, j in enumerate(best)]

    async def warm_up(self) -> None:
        """Load the model now (off the loop) instead of on the first story."""
        await asyncio.to_thread(shared_encoder)

    async def check(self, story: Story) -> list[Finding]:
        found = passages(story)
        # The first call loads ~90 MB of weights; every call runs six BERT layers: off the loop.
        scores = await asyncio.to_thread(self.scores, [p.text for p in found])
        return [
            Finding(s.category, p.scene, p.text, f"{self.name}: {self.descriptions[s.category]}")
            for p, s in zip(found, scores, strict=True)
            if s.probability >= self.threshold
        ]
