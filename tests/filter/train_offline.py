"""Train the offline judge's head, validate it leaving writers out, calibrate, write it.

    python -m tests.filter.train_offline            # leave-writers-out report (docs/safety.md)
    python -m tests.filter.train_offline --write    # calibrate on it, train on all, write

Data (tests/filter/data/README.md): the JSONL sets of independent writers (w1...w11: one
source each), the team's old labelled sets (source "old": labels_*.json, whose "gore" is
torture and "self-harm-instructions" self-harm), and the offline writer's own stories
(always "none", always in training, weighted GENERATED: a generated story must never loop
through rewrites). Items are labelled whole, windows are judged, so training is
multiple-instance: every window of an acceptable item is a "none" example; of a forbidden
item, the window the current head finds most telling of its category is the positive,
picked again after each of ROUNDS fits.

Validation never splits at random: a writer's phrasing leaks across a random split and
flatters the numbers. Writers are left out whole, a third of them at a time (folds); the
thresholds per category are read off those left-out predictions only.
"""

import hashlib
import json
import os
import pickle
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import numpy as np

from services.story.engine.writer import OfflineWriter
from shared.messages.job import JobSpec
from shared.safety.matching import normalise
from shared.safety.offline import judge
from shared.safety.offline.minilm import MiniLM
from shared.safety.offline.windows import windows
from shared.safety.persons import listed_people
from shared.safety.rules import RulePolicy
from shared.safety.sections import story_sections
from shared.safety.taxonomy import CATEGORIES, NONE, canonical
from tests.filter import augment

HERE = Path(__file__).parent
DATA = HERE / "data"
CLASSES = [*CATEGORIES, NONE]
TONES = ("psychological", "creature", "paranormal", "true-crime", "folk", "cosmic", "slasher")
GENERATED_SEEDS = (None, 1001, 1002, 1003)
TOPIC_SEED = 2001  # the writer's story on each acceptable topic or request of a writer
HIDDEN, L2, RATE, SEED, STEPS, ROUNDS, FOLDS = 48, 1e-4, 8e-3, 0, 500, 1, 3
HARD_NONE = float(os.environ.get("GRIMREEL_TRAIN_HARD_NONE", "1"))  # labelled "none" windows
GENERATED = 4.0  # weight of a generated window against another "none" window
POSITIVE = 3.0  # weight of a forbidden item's telling window against a "none" window
FA_BUDGET = 0.08  # calibration: at most this share of acceptable items may be flagged
CACHE = Path("/tmp/grimreel-train-embeddings.pkl")
STORY_DATA = HERE.parent.parent / "services" / "story" / "engine" / "data"
# Slot fillers for the writer's stock lines: nouns of no particular topic
FILLERS = ("it", "the stranger", "the woman")


@dataclass(frozen=True)
class Item:
    id: str
    source: str
    category: str
    kind: str
    text: str


def read_jsonl(path: Path, source: str) -> list[Item]:
    items = []
    for line in path.read_text("utf-8").splitlines():
        try:
            d = json.loads(line)
        except json.JSONDecodeError:
            continue  # a writer's file still growing ends in half a line
        items.append(Item(d["id"], source, d["category"], d.get("kind", "scene"), d["text"]))
    return items


def old_items() -> list[Item]:
    items: list[Item] = []
    files = sorted(HERE.glob("labels_*.json"))
    sets = [json.loads(f.read_text()) for f in files]
    sets.append(
        json.loads((HERE.parent / "story" / "moderation_labels.json").read_text())["holdout"]
    )
    for n, data in enumerate(sets):
        for i, b in enumerate(data["block"]):
            items.append(Item(f"old{n}-b{i}", "old", canonical(b["category"]), "scene", b["text"]))
        for i, t in enumerate(data["benign"]):
            items.append(Item(f"old{n}-n{i}", "old", NONE, "scene", t))
    return items


def new_items(folder: Path = DATA) -> list[Item]:
    return [i for f in sorted(folder.glob("*.jsonl")) for i in read_jsonl(f, f.stem)]


def generated_windows(topics: Sequence[str], seeds: Sequence[int | None]) -> list[list[str]]:
    """The offline writer's stories, as the judge reads them: one list of windows a story."""
    writer, stories = OfflineWriter(), []
    for (i, topic), seed in product(enumerate(topics), seeds):
        story = writer.compose(JobSpec(topic=topic, tone=TONES[i % len(TONES)], seed=seed))
        stories.append([w for s in story_sections(story) for w in windows(s.text)])
    return stories


def stock_lines() -> list[str]:
    """Every line and title of the offline writer's data files, slots filled plainly: its own
    phrasing must never read as forbidden, and a title alone is a window of its own."""
    found: list[str] = []

    def add(template: str) -> None:
        for filler in FILLERS:
            found.extend(windows(re.sub(r"\{[^}]*\}", filler, template)))

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
            add(node)
            add(node.title())

    for path in sorted(STORY_DATA.glob("*.json")):
        walk(json.loads(path.read_text()))
    return sorted(set(found))


def plain_inputs() -> list[str]:
    """Topics of the offline writer's training set as typed, and machine-made strings (ids,
    hex markers, numbers) that reach intake from automations: nothing in them is forbidden,
    yet an embedding head that never saw such noise scores it arbitrarily."""
    rng = np.random.default_rng(SEED)
    noise = [rng.bytes(int(rng.integers(3, 12))).hex() for _ in range(150)]
    noise += [f"{word} {rng.bytes(6).hex()}" for word in ("test", "job", "after", "topic", "run")]
    noise += [str(int(rng.integers(0, 10**9))) for _ in range(30)]
    return [*augment.OFFLINE_TOPICS, *noise]


def acceptable_topics(items: list[Item]) -> dict[str, list[str]]:
    """Per writer, the acceptable topics and requests short enough to be a job's topic."""
    out: dict[str, list[str]] = {}
    for i in items:
        if i.category == NONE and i.kind in ("topic", "request") and 3 <= len(i.text) <= 300:
            out.setdefault(i.source, []).append(i.text)
    return out


class Encoder:
    """MiniLM with a disk cache: every run re-reads the same windows."""

    def __init__(self) -> None:
        self.model = MiniLM()
        self.memo: dict[str, np.ndarray] = (
            pickle.loads(CACHE.read_bytes()) if CACHE.exists() else {}
        )

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.memo]
        for start in range(0, len(new), 256):
            chunk = new[start : start + 256]
            self.memo.update(zip(chunk, self.model.encode(chunk), strict=True))
            CACHE.write_bytes(pickle.dumps(self.memo))
        return np.array([self.memo[t] for t in texts], np.float32).reshape(len(texts), -1)


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> list[np.ndarray]:
    """One hidden layer, weighted cross-entropy, full-batch Adam; seeded."""
    rng = np.random.default_rng(SEED)
    classes, dim = len(CLASSES), x.shape[1]
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
    for step in range(1, STEPS + 1):
        hidden = np.maximum(x @ layers[0][:-1] + layers[0][-1], 0.0)
        p = judge.probabilities(hidden, [layers[1]])
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


class Trainer:
    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.encode = Encoder()
        stories = generated_windows(augment.OFFLINE_TOPICS, GENERATED_SEEDS)
        self.generated = sorted(
            {w for story in stories for w in story} | set(stock_lines()) | set(plain_inputs())
        )
        # Forty topics of our own make stories of one vocabulary; the writers' acceptable
        # topics and requests make the writer tell of everything users ask for. Kept by writer:
        # a left-out writer's topics must not reach training through the stories made of them.
        self.topic_stories = {
            source: sorted(
                {w for story in generated_windows(topics, (TOPIC_SEED,)) for w in story}
                - set(self.generated)
            )
            for source, topics in acceptable_topics(items).items()
        }
        self.units = {i.id: windows(i.text) for i in items}
        self.encode([w for ws in self.units.values() for w in ws] + self.all_generated())

    def all_generated(self, sources: set[str] | None = None) -> list[str]:
        extra = {
            w for s, ws in self.topic_stories.items() if sources is None or s in sources for w in ws
        }
        return self.generated + sorted(extra)

    def train(self, train: list[Item]) -> list[np.ndarray]:
        none_windows = sorted({w for i in train if i.category == NONE for w in self.units[i.id]})
        bad = [i for i in train if i.category != NONE]
        generated = self.all_generated({i.source for i in train})
        base_x = self.encode(none_windows + generated)
        base_w = np.concatenate(
            [np.full(len(none_windows), HARD_NONE), np.full(len(generated), GENERATED)]
        )
        # Each forbidden category weighs as much in total as any other, and "none" as all of
        # them together; the first fit takes every window of a forbidden item.
        picks = {i.id: self.units[i.id] for i in bad}
        layers: list[np.ndarray] = []
        for round_ in range(ROUNDS + 1):
            if round_:
                picks = {i.id: [self.telling(i, layers)] for i in bad}
            rows = [
                (w, CLASSES.index(i.category), 1 / len(picks[i.id]))
                for i in bad
                for w in picks[i.id]
            ]
            x = np.vstack([base_x, self.encode([w for w, _, _ in rows])])
            y = np.concatenate([np.full(len(base_x), CLASSES.index(NONE)), [c for _, c, _ in rows]])
            per_class = np.bincount([c for _, c, _ in rows], minlength=len(CLASSES)).astype(float)
            bad_w = np.array([s for _, _, s in rows]) * POSITIVE
            weight = np.concatenate([base_w, bad_w])
            share = weight[len(base_x) :].sum()
            weight[: len(base_x)] *= share / weight[: len(base_x)].sum()
            for c in range(len(CLASSES) - 1):
                mask = np.concatenate([np.zeros(len(base_x), bool), [k == c for _, k, _ in rows]])
                if per_class[c]:
                    weight[mask] *= (share / (len(CLASSES) - 1)) / weight[mask].sum()
            layers = fit(x, y.astype(int), weight)
            print(f"  fit {round_ + 1}/{ROUNDS + 1}: {len(x)} windows", flush=True)
        return layers

    def telling(self, item: Item, layers: list[np.ndarray]) -> str:
        ws = self.units[item.id]
        p = judge.probabilities(self.encode(ws), layers)[:, CLASSES.index(item.category)]
        return ws[int(p.argmax())]

    def scores(self, items: list[Item], layers: list[np.ndarray]) -> np.ndarray:
        """Per item, each category's highest window probability (items x categories)."""
        out = np.zeros((len(items), len(CATEGORIES)))
        for n, item in enumerate(items):
            ws = self.units[item.id]
            if ws:
                out[n] = self.window_scores(ws, layers).max(0)
        return out

    def window_scores(self, ws: list[str], layers: list[np.ndarray]) -> np.ndarray:
        """As the judge reads them: real-person only where a window points at someone."""
        p = judge.probabilities(self.encode(ws), layers)[:, : len(CATEGORIES)]
        return judge.pointed(ws, p, list(CATEGORIES))


def calibrate(
    labels: list[str], scores: np.ndarray, floor: np.ndarray
) -> tuple[dict[str, float], float]:
    """Thresholds per category that maximise the mean recall over categories while the share
    of "none" items flagged by ANY category stays within FA_BUDGET (coordinate ascent on
    mean recall - cost * false alarms, the cost raised until the budget holds); never below
    the highest score of the offline writer's own windows (floor) plus a margin. Returns the
    thresholds and the cost the budget needed."""
    none = np.array([c == NONE for c in labels])
    grid = np.round(np.arange(0.30, 0.996, 0.01), 2)
    low = np.maximum(floor + 0.02, 0.30)
    mine = [np.array([x == c for x in labels]) for c in CATEGORIES]

    def fa(t: np.ndarray) -> float:
        return float((scores[none] >= t).any(1).mean())

    def value(t: np.ndarray, cost: float) -> float:
        recall = [(scores[m, j] >= t[j]).mean() for j, m in enumerate(mine) if m.any()]
        return float(np.mean(recall)) - cost * fa(t)

    t = np.full(len(CATEGORIES), 0.99)
    for cost in (0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32):
        t = np.maximum(np.full(len(CATEGORIES), 0.5), low)
        for _ in range(3):
            for j in range(len(CATEGORIES)):
                options = [g for g in grid if g >= low[j]]
                trials = [(value(np.where(np.arange(len(t)) == j, g, t), cost), g) for g in options]
                t[j] = max(trials)[1]
        if fa(t) <= FA_BUDGET:
            break
    return {c: round(float(x), 3) for c, x in zip(CATEGORIES, t, strict=True)}, cost


def calibrate_named(
    items: list[Item], labels: list[str], scores: np.ndarray, t: dict[str, float], cost: float
) -> dict[str, float]:
    """The real-person threshold for windows that name a listed living person, chosen by the
    same trade-off as the others (mean recall over categories - cost * false alarms), not by
    spending what is left of the budget: that bought a point of recall with a third of the
    acceptable items that name someone."""
    people = listed_people()
    assert people is not None
    named = np.array([bool(people.search(normalise(i.text))) for i in items])
    none = np.array([c == NONE for c in labels])
    mine = [np.array([x == c for x in labels]) for c in CATEGORIES]
    j = CATEGORIES.index("real-person")
    flags = scores >= np.array([t[c] for c in CATEGORIES])
    best, chosen = -np.inf, t["real-person"]
    for g in np.round(np.arange(t["real-person"], 0.295, -0.01), 2):
        flags[:, j] = scores[:, j] >= np.where(named, g, t["real-person"])
        recall = [flags[m].any(1).mean() for m in mine if m.any()]
        value = float(np.mean(recall)) - cost * float(flags[none].any(1).mean())
        if value > best + 1e-9:
            best, chosen = value, float(g)
    return {"real-person": chosen}


def report(
    name: str,
    labels: list[str],
    scores: np.ndarray,
    t: dict[str, float],
    ruled: np.ndarray | None = None,
    named: np.ndarray | None = None,
) -> dict[str, object]:
    """Recall per category and false-alarm rate of the offline judge, or of the stage's
    offline pair when ruled (what the rule lists refuse) is given."""
    th = np.tile(np.array([t[c] for c in CATEGORIES]), (len(labels), 1))
    if named is not None:  # a listed living person's name lowers the real-person threshold
        j = CATEGORIES.index("real-person")
        th[named, j] = np.minimum(th[named, j], t.get("named", th[0, j]))
    flagged = (scores >= th).any(1) | (ruled if ruled is not None else False)
    none = np.array([c == NONE for c in labels])
    per = {}
    for c in CATEGORIES:
        mine = np.array([x == c for x in labels])
        if mine.any():
            per[c] = round(float(flagged[mine].mean()), 3)
    fa = float(flagged[none].mean()) if none.any() else 0.0
    print(
        f"{name}: n={len(labels)} none={int(none.sum())} FA={fa:.3f} recall "
        + " ".join(f"{c}={v:.2f}" for c, v in per.items())
    )
    return {
        "recall": per,
        "false_alarm_rate": round(fa, 3),
        "items": len(labels),
        "none": int(none.sum()),
    }


def folds(items: list[Item]) -> list[list[str]]:
    """Writers left out together: every third one, so each fold mixes styles and a fit still
    sees two thirds of them."""
    sources = sorted({i.source for i in items} - {"old"})
    return [sources[k::FOLDS] for k in range(min(FOLDS, len(sources)))]


def loso(trainer: Trainer) -> tuple[list[str], np.ndarray, dict[str, tuple[list[str], np.ndarray]]]:
    labels: list[str] = []
    pooled = []
    results = {}
    for fold in folds(trainer.items):
        print(f"leaving out {fold}", flush=True)
        layers = trainer.train([i for i in trainer.items if i.source not in fold])
        for src in fold:
            held = [i for i in trainer.items if i.source == src]
            s = trainer.scores(held, layers)
            results[src] = ([i.category for i in held], s)
            labels += [i.category for i in held]
            pooled.append(s)
    return labels, np.vstack(pooled), results


def generated_floor(trainer: Trainer, layers: list[np.ndarray]) -> np.ndarray:
    return trainer.window_scores(trainer.all_generated(), layers).max(0)


def main() -> None:
    folder = Path(sys.argv[sys.argv.index("--data") + 1]) if "--data" in sys.argv else DATA
    trainer = Trainer(old_items() + new_items(folder))
    labels, pooled, folds = loso(trainer)
    held = [i for src in folds for i in trainer.items if i.source == src]
    oof = Path(f"/tmp/grimreel-oof-{HARD_NONE:g}.pkl")  # left-out predictions, for analysis
    oof.write_bytes(pickle.dumps((held, labels, pooled, folds)))
    everything = trainer.train(trainer.items)
    thresholds, cost = calibrate(labels, pooled, generated_floor(trainer, everything))
    print("thresholds", thresholds, "at cost", cost)
    name_thresholds = calibrate_named(held, labels, pooled, thresholds, cost)
    print("with a listed living person's name", name_thresholds)
    people = listed_people()
    assert people is not None
    t = thresholds | {"named": name_thresholds["real-person"]}
    rules = RulePolicy()
    results: dict[str, object] = {}
    pooled_rules, pooled_named = [], []
    for src, fold in folds.items():
        mine = [i for i in trainer.items if i.source == src]
        ruled = np.array([bool(rules.check_text(i.text)) for i in mine])
        named = np.array([bool(people.search(normalise(i.text))) for i in mine])
        pooled_rules.append(ruled)
        pooled_named.append(named)
        results[src] = {
            "offline": report(f"left out {src}", *fold, t, named=named),
            "rules + offline": report(f"  with rules {src}", *fold, t, ruled, named),
        }
    ruled, named = np.concatenate(pooled_rules), np.concatenate(pooled_named)
    results["pooled"] = {
        "offline": report("pooled", labels, pooled, t, named=named),
        "rules + offline": report("  with rules pooled", labels, pooled, t, ruled, named),
    }
    if "--write" in sys.argv:
        model = {
            "_comment": "python -m tests.filter.train_offline --write; see docs/safety.md",
            "classes": CLASSES,
            "thresholds": thresholds,
            "name_thresholds": name_thresholds,
            "trained_on": sorted({i.source for i in trainer.items}),
            "data_sha256": hashlib.sha256(
                "\n".join(f"{i.source}|{i.category}|{i.text}" for i in trainer.items).encode()
            ).hexdigest(),
            "leave_one_source_out": results,
            "layers": [np.round(layer, 5).tolist() for layer in everything],
        }
        path = Path(judge.__file__).with_name("judge.json")
        if "--out" in sys.argv:  # trying a variant without touching the packaged model
            path = Path(sys.argv[sys.argv.index("--out") + 1])
        path.write_text(json.dumps(model) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
