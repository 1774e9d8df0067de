"""One verdict from many judges: what is refused, in which category, and where.

The combining rule: a text is refused when ANY judge that ran refuses it. Each judge already
holds its own calibrated thresholds, and the judges miss different things (the rule lists
catch spelled-out phrases, the offline judge paraphrases, the hosted judges what neither was
trained on), so a vote or an average would throw recall away; a false alarm is cheap here
(a rewrite), a miss is a published video. Findings of several judges on one passage and
category are merged into one that names every judge and keeps the highest score.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from shared.safety.policy import Finding


@dataclass(frozen=True)
class Verdict:
    findings: tuple[Finding, ...]

    @property
    def refused(self) -> bool:
        return bool(self.findings)

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(f.category for f in self.findings))

    def reasons(self) -> list[str]:
        return [str(f) for f in self.findings]


def combine(findings: Iterable[Finding]) -> Verdict:
    """Every judge's findings as one verdict (the rule is in the module docstring)."""
    merged: dict[tuple[str, int | None, str], Finding] = {}
    for f in findings:
        key = (f.category, f.scene, f.phrase)
        seen = merged.get(key)
        if seen is None:
            merged[key] = f
            continue
        judges = (
            seen.policy if f.policy in seen.policy.split(" + ") else f"{seen.policy} + {f.policy}"
        )
        scores = [s for s in (seen.score, f.score) if s is not None]
        merged[key] = Finding(f.category, f.scene, f.phrase, judges, max(scores, default=None))
    return Verdict(tuple(merged.values()))
