"""Train the semantic policy's classifier head and choose its threshold (tuning split only).

    python -m tests.filter.train_semantic            # train, tune, print the best points
    python -m tests.filter.train_semantic --write    # also store head + threshold in semantic.json

Three disjoint sets (see docs/story.md):
- training: semantic.json's category examples and benign anchors, the template sentences of
  augment.py, and the sentences of offline stories on augment.OFFLINE_TOPICS (the generator's
  own phrasing must read as benign);
- tuning: tests/filter/labels_tuning.json, labels_spent_v1..4.json (the first four held-out
  sets, after their one measurement each), the holdout of tests/story/moderation_labels.json
  and 50 offline stories on tests/story/topics.json: threshold and L2 weight are chosen here;
- held-out: tests/filter/labels_holdout.json, never read by this script.
"""

import json
import re
import sys
from itertools import product
from pathlib import Path

import numpy as np

from services.filter.policies import semantic
from services.filter.policies.minilm import MiniLM
from services.filter.policies.passages import prompt_parts, sentences
from services.filter.policies.rules import check_text
from services.story.providers.offline import OfflineWriter
from shared.messages.job import JobSpec
from tests.filter import augment

HERE = Path(__file__).parent
STORY_DATA = HERE.parent.parent / "services" / "story" / "providers" / "data"
TONES = ("psychological", "creature", "paranormal", "true-crime", "folk", "cosmic", "slasher")
TRAINING_SEEDS = (None, 1001, 1002, 1003, 1004)
CLASS_BALANCE = 1.0  # benign weight relative to all forbidden examples together


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
    """Every line and image phrase of the offline writer's data, slots filled plainly: its own
    phrasing must never read as forbidden, or a generated story would loop through rewrites."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("t", "v") and isinstance(value, str):
                    found.append(re.sub(r"\{[^}]*\}", "it", value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted(STORY_DATA.glob("*.json")):
        walk(json.loads(path.read_text()))
    return sorted(set(found))


def train(x: np.ndarray, y: np.ndarray, classes: int, l2: float, steps: int = 3000) -> np.ndarray:
    """Softmax regression by full-batch gradient descent; returns weights with bias row."""
    xb = np.hstack([x, np.ones((len(x), 1), np.float32)])
    target = np.eye(classes, dtype=np.float32)[y]
    counts = np.bincount(y, minlength=classes).astype(np.float32)
    weight = 1.0 / counts[y]  # each forbidden class counts as much as any other...
    weight[y == classes - 1] *= CLASS_BALANCE * (classes - 1)  # ...benign as all of them
    weight /= weight.sum()
    w = np.zeros((xb.shape[1], classes), np.float32)
    for _ in range(steps):
        z = xb @ w
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        grad = xb.T @ ((p - target) * weight[:, None]) + l2 * w
        w -= 4.0 * grad
    return w


def tuning_units() -> tuple[list[list[str]], list[list[str]], list[bool], list[bool]]:
    old = json.loads((HERE.parent / "story" / "moderation_labels.json").read_text())
    new = json.loads((HERE / "labels_tuning.json").read_text())
    spent = [json.loads((HERE / f"labels_spent_v{n}.json").read_text()) for n in (1, 2, 3, 4)]
    block = [b["text"] for b in old["holdout"]["block"] + new["block"]]
    block += [b["text"] for s in spent for b in s["block"]]
    benign = old["holdout"]["benign"] + new["benign"] + [t for s in spent for t in s["benign"]]
    ruled = [bool(check_text(t)) for t in block] + [bool(check_text(t)) for t in benign]
    return (
        [sentences(t) for t in block],
        [sentences(t) for t in benign],
        ruled[: len(block)],
        ruled[len(block) :],
    )


def main() -> None:
    data = semantic.packaged_data()
    names = [*data["categories"], "benign"]
    encoder = MiniLM()
    rows = [(c, e) for c, d in data["categories"].items() for e in d["examples"]]
    rows += [(c, e) for c, extra in augment.forbidden().items() for e in extra]
    # Several seeds per topic: the generator's titles and stock lines must all read as benign.
    stories = offline_sentences(augment.OFFLINE_TOPICS, TRAINING_SEEDS)
    generated = sorted({s for story in stories for s in story} | set(stock_lines()))
    benign = list(data["benign"]) + generated + augment.benign()
    x = encoder.encode([e for _, e in rows] + benign)
    y = np.array([names.index(c) for c, _ in rows] + [len(names) - 1] * len(benign))
    block, harmless, ruled_block, ruled_harmless = tuning_units()
    stories = offline_sentences(json.loads((HERE.parent / "story" / "topics.json").read_text()))
    print(f"training: {len(rows)} examples, {len(benign)} benign ({len(generated)} generated)")
    print(f"tuning: {len(block)} block, {len(harmless)} benign, {len(stories)} offline stories")

    def risks(units: list[list[str]], w: np.ndarray) -> list[float]:
        flat = [t for unit in units for t in unit]
        v = encoder.encode(flat)
        z = np.hstack([v, np.ones((len(v), 1), np.float32)]) @ w
        p = np.exp(z - z.max(1, keepdims=True))
        p = (p / p.sum(1, keepdims=True))[:, :-1].max(1)
        out, i = [], 0
        for unit in units:
            out.append(float(p[i : i + len(unit)].max()) if unit else 0.0)
            i += len(unit)
        return out

    best: tuple = ()
    for l2 in (1e-5, 3e-5, 1e-4):
        w = train(x, y, len(names), l2)
        rb, rh, rs = risks(block, w), risks(harmless, w), risks(stories, w)
        for t100 in range(30, 100, 2):
            t = t100 / 100
            caught = sum(r or s >= t for r, s in zip(ruled_block, rb, strict=True))
            fp = sum(r or s >= t for r, s in zip(ruled_harmless, rh, strict=True))
            story_fp = sum(s >= t for s in rs)
            if "-v" in sys.argv:
                print(f"l2={l2} t={t:.2f} recall={caught / len(block):.3f} fp={fp} {story_fp=}")
            # At most 2% of benign snippets and one offline story in 50 (a false alarm on a
            # generated story costs a redraft, not a failed job).
            if fp <= 0.02 * len(harmless) and story_fp <= 1:
                point = (caught, -fp, t, l2)
                if point > best[:4]:
                    best = (*point, w)
    caught, neg_fp, t, l2, w = best
    print(f"chosen: l2={l2} threshold={t} recall={caught / len(block):.3f} fp={-neg_fp}")
    if "--write" in sys.argv:
        data["threshold"] = t
        data["head"] = {
            "classes": names,
            "trained_on": semantic.data_digest(data),
            "weights": np.round(w, 5).tolist(),
        }
        path = Path(semantic.__file__).with_name("semantic.json")
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
