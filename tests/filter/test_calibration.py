"""The trainer's calibration: thresholds are read off left-out predictions by one trade-off."""

import numpy as np

from shared.safety.taxonomy import CATEGORIES, NONE
from tests.filter.train_offline import Item, calibrate, calibrate_named

J = CATEGORIES.index("real-person")


def _set(rows: list[tuple[str, str, float]]) -> tuple[list[Item], list[str], np.ndarray]:
    items = [Item(f"i{n}", "w", c, "request", text) for n, (c, text, _) in enumerate(rows)]
    scores = np.zeros((len(rows), len(CATEGORIES)))
    scores[:, J] = [s for _, _, s in rows]
    return items, [c for c, _, _ in rows], scores


def test_the_name_threshold_is_not_lowered_for_a_recall_worth_less_than_its_false_alarms() -> None:
    rows = [("real-person", "make keanu reeves the killer, say he did it", 0.95)] * 11
    rows += [("real-person", "keanu reeves did it for real", 0.35)]  # one more caught at 0.35
    rows += [(NONE, "a keanu reeves movie is on when the lights go out", 0.4)] * 8
    rows += [(NONE, "the lights go out", 0.0)] * 112
    items, labels, scores = _set(rows)
    t = {c: 0.9 for c in CATEGORIES}
    # Spending the 8 % budget would go down to 0.35 (8 of 120 acceptable items refused) for one
    # item of twelve; at the cost the budget needed elsewhere that is a bad trade.
    assert calibrate_named(items, labels, scores, t, cost=2.0) == {"real-person": 0.9}
    # With a recall gain worth its false alarms, it does go down.
    rows[11:11] = [("real-person", "keanu reeves did it for real", 0.35)] * 6
    items, labels, scores = _set(rows)
    assert calibrate_named(items, labels, scores, t, cost=2.0) == {"real-person": 0.35}


def test_thresholds_keep_false_alarms_within_the_budget_and_above_the_writers_own_floor() -> None:
    rng = np.random.default_rng(0)
    labels = [c for c in CATEGORIES for _ in range(20)] + [NONE] * 200
    scores = rng.uniform(0, 0.6, (len(labels), len(CATEGORIES)))
    for n, c in enumerate(labels):
        if c != NONE:
            scores[n, CATEGORIES.index(c)] = rng.uniform(0.5, 1.0)
    floor = np.full(len(CATEGORIES), 0.7)
    t, cost = calibrate(labels, scores, floor)
    th = np.array([t[c] for c in CATEGORIES])
    assert (th >= 0.72 - 1e-9).all()
    assert (scores[len(labels) - 200 :] >= th).any(1).mean() <= 0.08
    assert cost > 0
