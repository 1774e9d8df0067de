"""The offline judge: MiniLM embeddings of sentence windows, a small trained head, and a
threshold per category calibrated on leave-one-writer-out predictions (docs/safety.md).

The head (one hidden ReLU layer, softmax over the seven categories and "none") was trained by
tests/filter/train_offline.py on labelled items of several independent writers; judge.json
holds its layers, the thresholds and what it was trained on.
"""

import asyncio
import json
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from shared.messages.story import Story
from shared.safety.matching import normalise
from shared.safety.offline.minilm import MiniLM
from shared.safety.offline.windows import windows
from shared.safety.persons import listed_people, points_at_someone
from shared.safety.policy import Finding
from shared.safety.sections import Section, story_sections
from shared.safety.taxonomy import NONE, REAL_PERSON

Matrix = NDArray[Any]  # the trainer passes float64 weights, the judge float32
Model = dict[str, Any]  # judge.json: classes, layers, thresholds, provenance

_LOCK = threading.Lock()
_ENCODER: list[MiniLM] = []


def shared_encoder() -> MiniLM:
    """One model per process, however many judges ask; the first callers wait for one load."""
    with _LOCK:
        if not _ENCODER:
            _ENCODER.append(MiniLM())
        return _ENCODER[0]


def packaged_model() -> Model:
    model: Model = json.loads(
        resources.files(__package__).joinpath("judge.json").read_text("utf-8")
    )
    return model


def probabilities(vectors: Matrix, layers: list[Matrix]) -> Matrix:
    """Class probabilities per vector; each layer's last row is its bias, ReLU between layers
    (the trainer scores with this too, so training and judging cannot disagree)."""
    logits = vectors
    for i, layer in enumerate(layers):
        if i:
            logits = np.maximum(logits, 0.0)
        logits = logits @ layer[:-1] + layer[-1]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    out: Matrix = p / p.sum(axis=1, keepdims=True)
    return out


@dataclass(frozen=True)
class Window:
    scene: int | None
    text: str


def pointed(
    texts: list[str], p: Matrix, classes: list[str], names_file: Path | None = None
) -> Matrix:
    """p with `real-person` kept only for the texts that point at someone (persons.py); the
    judge and the trainer both score through it, so calibration sees what the judge reports."""
    p[:, classes.index(REAL_PERSON)] *= [points_at_someone(t, names_file) for t in texts]
    return p


class OfflineJudge:
    name = "offline"

    def __init__(
        self,
        model: Model | None = None,
        *,
        skip: frozenset[str] = frozenset(),
        names_file: Path | None = None,
    ) -> None:
        """skip: categories not to report (an operator's choice, e.g. torture at extreme gore).
        names_file: more living people's names, as for the rule lists."""
        model = model or packaged_model()
        self.classes: list[str] = model["classes"]
        self.layers = [np.asarray(layer, np.float32) for layer in model["layers"]]
        self.thresholds: dict[str, float] = {
            c: t for c, t in model["thresholds"].items() if c not in skip
        }
        # The encoder cannot know who is alive; a listed living person's name in the window
        # can. Harm next to such a name needs less certainty (calibrated like the rest).
        self.named: dict[str, float] = {
            c: t for c, t in model.get("name_thresholds", {}).items() if c in self.thresholds
        }
        self.people = listed_people(names_file) if self.named else None
        self.names_file = names_file

    def _thresholds(self, text: str) -> dict[str, float]:
        if self.people is None or not self.people.search(normalise(text)):
            return self.thresholds
        return {c: min(t, self.named.get(c, t)) for c, t in self.thresholds.items()}

    def probabilities(self, texts: list[str]) -> Matrix:
        """Blocking (six BERT layers); from async code call it through asyncio.to_thread."""
        if not texts:
            return np.zeros((0, len(self.classes)), np.float32)
        p = probabilities(shared_encoder().encode(texts), self.layers)
        return pointed(texts, p, self.classes, self.names_file)

    def find(self, sections: list[Section]) -> list[Finding]:
        """Blocking; judge_sections is the same off the event loop."""
        found = [Window(s.scene, w) for s in sections for w in windows(s.text)]
        unique = list({(w.scene, w.text): w for w in found}.values())
        p = self.probabilities([w.text for w in unique])
        best: dict[tuple[str, int | None], Finding] = {}
        for window, row in zip(unique, p, strict=True):
            for category, threshold in self._thresholds(window.text).items():
                score = float(row[self.classes.index(category)])
                key = (category, window.scene)
                if score >= threshold and (key not in best or (best[key].score or 0) < score):
                    best[key] = Finding(category, window.scene, window.text, self.name, score)
        return list(best.values())  # the most telling window per category and place

    def judge_text(self, text: str) -> list[Finding]:
        return self.find([Section(None, text)])

    def scores(self, text: str) -> dict[str, float]:
        """Each category's highest window score in a text (for eval reports)."""
        p = self.probabilities(windows(text))
        top = p.max(axis=0) if len(p) else np.zeros(len(self.classes))
        return {c: float(top[i]) for i, c in enumerate(self.classes) if c != NONE}

    async def warm_up(self) -> None:
        """Load the encoder now (off the loop) instead of on the first story."""
        await asyncio.to_thread(shared_encoder)

    async def judge_sections(self, sections: list[Section]) -> list[Finding]:
        # The first call loads ~90 MB of weights; every call runs six BERT layers: off the loop.
        return await asyncio.to_thread(self.find, sections)

    async def check(self, story: Story) -> list[Finding]:
        return await self.judge_sections(story_sections(story))
