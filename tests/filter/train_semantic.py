"""Train the semantic policy's classifier head (one hidden layer) and choose its threshold.

    python -m tests.filter.train_semantic --cv 5    # leave spent set v5 out: print its curve
    python -m tests.filter.train_semantic --write   # train on everything, store in semantic.json

Training data (see docs/story.md):
- sentences: semantic.json's category examples and benign anchors, the template sentences of
  augment.py, and the sentences and stock lines of offline stories on augment.OFFLINE_TOPICS
  (the generator's own phrasing must read as benign, so it weighs GENERATED times more);
- labelled stories: tests/filter/labels_tuning.json, the spent held-out sets
  labels_spent_v1..6.json (each written blind, measured once, then retired here) and the
  holdout of tests/story/moderation_labels.json. A story is labelled as a whole, not per
  sentence, so training is multiple-instance: every sentence of a benign story is a benign
  example, and of a must-block story only the sentence the current head finds most telling
  of its category is a positive (picked again after each of ROUNDS fits).

The threshold cannot be chosen on data the head was fitted to. `--cv N` fits without spent set
vN and prints recall and false alarms on it, rules included, and on 150 offline stories
(tests/story/topics.json x 3 seeds). THRESHOLD was read off the curves of v5 (no semantic
example was written against it; round-five rules did use its misses, so its "with rules"
column is optimistic) and v6 (the harder set: 0.74 flagged 15 % of its benign scenes, 0.90
flagged 8 %). The held-out set, labels_holdout.json, is never read.
"""

import json
import re
import sys
from itertools import product
from pathlib import Path

import numpy as np

from services.filter.engine import semantic
from services.filter.engine.minilm import MiniLM
from services.filter.engine.passages import prompt_parts, sentences
from services.story.engine.writer import OfflineWriter
from shared.messages.job import JobSpec
from shared.safety.rules import check_text
from tests.filter import augment

HERE = Path(__file__).parent
STORY_DATA = HERE.parent.parent / "services" / "story" / "providers" / "data"
TONES = ("psychological", "creature", "paranormal", "true-crime", "folk", "cosmic", "slasher")
TRAINING_SEEDS = (None, 1001, 1002, 1003, 1004)
SPENT = (1, 2, 3, 4, 5, 6)
HIDDEN = 64
L2 = 1e-4
RATE = 3e-3
SEED = 0
GENERATED = 10.0  # weight of the offline writer's own sentences against other benign ones
STORIES = 2.0  # weight of labelled-story sentences against the mean sentence example
POSITIVE = 5.0  # ...and of a must-block story's telling sentence on top of that
ROUNDS = 2
# Slot fillers for the writer's stock lines: topic nouns of no particular topic, so that
# tests/story/topics.json stays unseen.
FILLERS = ("it", "the thing", "the stranger", "the killer", "the woman", "the visitor")
THRESHOLD = 0.90  # from `--cv 5` and `--cv 6`: see docs/story.md

Labelled = tuple[list[tuple[str, str]], list[str]]  # (text, category) to block; benign texts


def offline_sentences(
    topics: list[str], seeds: tuple[int | None, ...] = (None,)
) -> list[list[str]]:
    writer, stories = OfflineWriter(), []
    for (i, topic), seed in product(enumerate(topics), seeds):
        story = writer.compose(JobSpec(topic=topic, tone=TONES[i % len(TONES)], seed=seed))
        texts = sentences(story.title) + sentences(story.hook)
        for scene in story.scenes:
            texts += sentences(scene.narration) + prompt_parts(scene.image_prompt)
        stories.append(texts)
    return stories


def stock_lines() -> list[str]:
    """Every line, title and image phrase of the offline writer's data and their clauses, slots
    filled plainly: its own phrasing must never read as forbidden, or a generated story would
    loop through rewrites."""
    found: list[str] = []

    def add(template: str, title: bool = False) -> None:
        for filler in FILLERS:  # a story is read clause by clause, too
            line = re.sub(r"\{[^}]*\}", filler, template)
            found.extend([line, *sentences(line), *([line.title()] if title else [])])

    def walk(node: object, titles: bool = False) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("t", "v") and isinstance(value, str):
                    add(value)
                else:
                    walk(value, titles or key == "titles")
        elif isinstance(node, list):
            for item in node:
                walk(item, titles)
        elif titles and isinstance(node, str):
            add(node, title=True)

    for path in sorted(STORY_DATA.glob("*.json")):
        walk(json.loads(path.read_text()))
    return sorted(set(found))


def load(path: Path) -> Labelled:
    data = json.loads(path.read_text())
    return [(b["text"], b["category"]) for b in data["block"]], list(data["benign"])


def labelled(spent: tuple[int, ...]) -> Labelled:
    old = json.loads((HERE.parent / "story" / "moderation_labels.json").read_text())["holdout"]
    sets = [([(b["text"], b["category"]) for b in old["block"]], list(old["benign"]))]
    sets += [load(HERE / "labels_tuning.json")]
    sets += [load(HERE / f"labels_spent_v{n}.json") for n in spent]
    return [b for block, _ in sets for b in block], [t for _, benign in sets for t in benign]


Head = list[np.ndarray]  # layers, each with its bias as the last row


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray, steps: int = 1500) -> Head:
    """A one-hidden-layer network, weighted cross-entropy, full-batch Adam; seeded."""
    rng = np.random.default_rng(SEED)
    classes, dim = int(y.max()) + 1, x.shape[1]
    layers = [
        np.vstack([rng.standard_normal((dim, HIDDEN)) * np.sqrt(2 / dim), np.zeros(HIDDEN)]),
        np.vstack(
            [rng.standard_normal((HIDDEN, classes)) * np.sqrt(1 / HIDDEN), np.zeros(classes)]
        ),
    ]
    layers = [layer.astype(np.float32) for layer in layers]
    target = np.eye(classes, dtype=np.float32)[y]
    weight = (weight / weight.sum()).astype(np.float32)[:, None]
    first = [np.zeros_like(layer) for layer in layers]
    second = [np.zeros_like(layer) for layer in layers]
    for step in range(1, steps + 1):
        hidden = np.maximum(x @ layers[0][:-1] + layers[0][-1], 0.0)
        p = softmax(hidden @ layers[1][:-1] + layers[1][-1])
        out = (p - target) * weight
        back = (out @ layers[1][:-1].T) * (hidden > 0)
        grads = [
            np.vstack([x.T @ back + L2 * layers[0][:-1], back.sum(0)]),
            np.vstack([hidden.T @ out + L2 * layers[1][:-1], out.sum(0)]),
        ]
        for layer, g, m, v in zip(layers, grads, first, second, strict=True):
            m += 0.1 * (g - m)
            v += 0.001 * (g * g - v)
            layer -= RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return layers


def softmax(z: np.ndarray) -> np.ndarray:
    p = np.exp(z - z.max(1, keepdims=True))
    return p / p.sum(1, keepdims=True)


probabilities = semantic.head_probabilities


class Trainer:
    def __init__(self) -> None:
        self.data = semantic.packaged_data()
        self.names = [*self.data["categories"], semantic.BENIGN]
        self.encoder = MiniLM()
        self.memo: dict[str, np.ndarray] = {}
        rows = [(c, e) for c, d in self.data["categories"].items() for e in d["examples"]]
        rows += [(c, e) for c, extra in augment.forbidden().items() for e in extra]
        stories = offline_sentences(augment.OFFLINE_TOPICS, TRAINING_SEEDS)
        generated = sorted({s for story in stories for s in story} | set(stock_lines()))
        benign = list(self.data["benign"]) + augment.benign()
        self.x = self.vectors([e for _, e in rows] + benign + generated)
        self.y = np.array(
            [self.names.index(c) for c, _ in rows] + [self.benign] * (len(benign) + len(generated))
        )
        counts = np.bincount(self.y).astype(np.float32)
        self.w = 1.0 / counts[self.y]  # each forbidden class counts as much as any other...
        self.w[self.y == self.benign] *= self.benign  # ...and benign as all of them together
        self.w[len(rows) + len(benign) :] *= GENERATED
        print(f"sentences: {len(rows)} forbidden, {len(benign)} benign, {len(generated)} generated")

    @property
    def benign(self) -> int:
        return len(self.names) - 1

    def vectors(self, texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.memo]
        self.memo.update(zip(new, self.encoder.encode(new), strict=True))
        return np.array([self.memo[t] for t in texts], np.float32).reshape(len(texts), -1)

    def train(self, stories: Labelled) -> Head:
        block, harmless = stories
        negatives = sorted({s for text in harmless for s in sentences(text)})
        units = [(sentences(text), self.names.index(c)) for text, c in block]
        w = fit(self.x, self.y, self.w)
        unit = self.w.mean() * STORIES
        for _ in range(ROUNDS):
            telling = [u[int(probabilities(self.vectors(u), w)[:, c].argmax())] for u, c in units]
            x = np.vstack([self.x, self.vectors(telling), self.vectors(negatives)])
            y = np.concatenate([self.y, [c for _, c in units], [self.benign] * len(negatives)])
            weight = np.concatenate(
                [self.w, np.full(len(telling), unit * POSITIVE), np.full(len(negatives), unit)]
            )
            w = fit(x, y.astype(int), weight)
        return w

    def risks(self, units: list[list[str]], w: Head) -> np.ndarray:
        """A story's risk: its most forbidden-looking sentence's probability."""
        p = probabilities(self.vectors([t for u in units for t in u]), w)[:, : self.benign]
        best, i = [], 0
        for u in units:
            best.append(float(p[i : i + len(u)].max()) if u else 0.0)
            i += len(u)
        return np.array(best)

    def curve(self, w: Head, held: Labelled) -> None:
        block, harmless = held
        rb = self.risks([sentences(t) for t, _ in block], w)
        rh = self.risks([sentences(t) for t in harmless], w)
        topics = json.loads((HERE.parent / "story" / "topics.json").read_text())
        ro = self.risks(offline_sentences(topics, (1, 2, 3)), w)
        ruled_b = np.array([bool(check_text(t)) for t, _ in block])
        ruled_h = np.array([bool(check_text(t)) for t in harmless])
        for t in (0.5, 0.6, 0.65, 0.7, 0.74, 0.8, 0.85, 0.9):
            print(
                f"t={t:.2f} semantic recall={(rb >= t).mean():.3f} fp={(rh >= t).mean():.3f} | "
                f"with rules recall={((rb >= t) | ruled_b).mean():.3f} "
                f"fp={((rh >= t) | ruled_h).mean():.3f} | offline stories flagged "
                f"{int((ro >= t).sum())}/{len(ro)}"
            )

    def write(self, w: Head) -> None:
        data = self.data
        data["threshold"] = THRESHOLD
        data["head"] = {
            "classes": self.names,
            "trained_on": semantic.data_digest(data),
            "layers": [np.round(layer, 5).tolist() for layer in w],
        }
        path = Path(semantic.__file__).with_name("semantic.json")
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {path}")


def main() -> None:
    trainer = Trainer()
    if "--cv" in sys.argv:
        left_out = int(sys.argv[sys.argv.index("--cv") + 1])
        w = trainer.train(labelled(tuple(n for n in SPENT if n != left_out)))
        trainer.curve(w, load(HERE / f"labels_spent_v{left_out}.json"))
    elif "--write" in sys.argv:
        trainer.write(trainer.train(labelled(SPENT)))
    else:
        print(__doc__)


if __name__ == "__main__":
    main()
