"""`grimreel safety eval FILE.jsonl`: how the judges do on a labelled file.

Each line is {"id", "category", "text"}; category "none" is acceptable. Every chosen judge
reads every text as one section; the verdicts are combined as in the filter stage (any judge
refuses: refused). Recall is counted per category (refused at all, whatever category the
judges named), the false-alarm rate over the "none" lines, precision over everything refused.
"""

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.safety.policy import Finding, Policy
from shared.safety.sections import Section
from shared.safety.taxonomy import NONE, canonical
from shared.safety.verdict import combine


@dataclass(frozen=True)
class Line:
    id: str
    category: str
    text: str
    kind: str | None = None  # topic, request, scene, story: optional, reported apart


@dataclass
class Outcome:
    line: Line
    findings: list[Finding]
    scores: dict[str, float] = field(default_factory=dict)  # the offline judge's, if it ran


def read(path: Path) -> list[Line]:
    lines = []
    for n, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            d = json.loads(raw)
            kind = str(d["kind"]) if d.get("kind") else None
            lines.append(Line(str(d["id"]), canonical(str(d["category"])), str(d["text"]), kind))
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise ValueError(f"{path}:{n}: not a line of {{id, category, text}}: {e}") from None
    return lines


async def judge(lines: list[Line], judges: list[Policy]) -> tuple[list[Outcome], float]:
    """Each line through every judge; seconds per line."""
    start = time.perf_counter()
    outcomes = []
    for line in lines:
        sections = [Section(None, line.text)]
        found = [f for j in judges for f in await j.judge_sections(sections)]
        outcomes.append(Outcome(line, list(combine(found).findings)))
    seconds = (time.perf_counter() - start) / max(len(lines), 1)
    for j in judges:
        scores = getattr(j, "scores", None)
        if callable(scores):  # the offline judge: scores for the misses too
            for o in outcomes:
                o.scores = scores(o.line.text)
    return outcomes, seconds


def _top(o: Outcome) -> float | None:
    if o.line.category in o.scores:
        return round(o.scores[o.line.category], 3)
    scored = [f.score for f in o.findings if f.score is not None]
    return (
        round(max(scored), 3)
        if scored
        else (round(max(o.scores.values()), 3) if o.scores else None)
    )


def _rates(outcomes: list[Outcome]) -> dict[str, Any]:
    bad = [o for o in outcomes if o.line.category != NONE]
    none = [o for o in outcomes if o.line.category == NONE]
    return {
        "items": len(outcomes),
        "recall": round(sum(bool(o.findings) for o in bad) / len(bad), 3) if bad else None,
        "false_alarm_rate": round(sum(bool(o.findings) for o in none) / len(none), 3)
        if none
        else None,
    }


def summary(outcomes: list[Outcome], seconds: float, judges: list[str]) -> dict[str, Any]:
    kinds: dict[str, list[Outcome]] = {}
    for o in outcomes:
        if o.line.kind:
            kinds.setdefault(o.line.kind, []).append(o)
    by: dict[str, list[Outcome]] = {}
    for o in outcomes:
        by.setdefault(o.line.category, []).append(o)
    recall = {
        c: round(sum(bool(o.findings) for o in os) / len(os), 3)
        for c, os in sorted(by.items())
        if c != NONE
    }
    none = by.get(NONE, [])
    false_alarms = [o for o in none if o.findings]
    refused = [o for o in outcomes if o.findings]
    right = [o for o in refused if o.line.category != NONE]
    misses = [o for o in outcomes if o.line.category != NONE and not o.findings]

    def row(o: Outcome) -> dict[str, Any]:
        return {
            "id": o.line.id,
            "category": o.line.category,
            "found": [f.category for f in o.findings],
            "score": _top(o),
            "passage": o.findings[0].phrase if o.findings else o.line.text[:160],
        }

    overall = _rates(outcomes)
    return {
        "judges": judges,
        "items": len(outcomes),
        "recall_overall": overall["recall"],
        "recall": recall,
        "by_kind": {k: _rates(os) for k, os in sorted(kinds.items())},
        "false_alarm_rate": overall["false_alarm_rate"],
        "precision": round(len(right) / len(refused), 3) if refused else None,
        "seconds_per_item": round(seconds, 4),
        "misses": [row(o) for o in misses],
        "false_alarms": [row(o) for o in false_alarms],
    }


def text_report(s: dict[str, Any]) -> str:
    out = [f"judges: {', '.join(s['judges'])}   items: {s['items']}"]
    out.append(f"  recall overall              {s['recall_overall']}")
    out += [f"  recall {c:<22} {r:.3f}" for c, r in s["recall"].items()]
    out.append(f"  false-alarm rate            {s['false_alarm_rate']}")
    out.append(f"  precision                   {s['precision']}")
    out.append(f"  seconds per item            {s['seconds_per_item']}")
    for kind, r in s["by_kind"].items():
        out.append(
            f"  {kind:<10} {r['items']:>4} items: recall {r['recall']}, "
            f"false alarms {r['false_alarm_rate']}"
        )
    for title, rows in (("misses", s["misses"]), ("false alarms", s["false_alarms"])):
        out.append(f"{title} ({len(rows)}):")
        out += [
            f"  {r['id']} [{r['category']}] found={','.join(r['found']) or '-'} "
            f"score={r['score']}: {r['passage'][:120]!r}"
            for r in rows
        ]
    return "\n".join(out)
