"""The Grafana dashboard and the Prometheus alert rules name only metrics the code registers.

The registered names come from prometheus_client's registry after importing every module of
shared/ and services/ that makes a metric, so a renamed or removed metric fails here instead
of leaving a silent panel or an alert that can never fire.
"""

import importlib
import json
import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "ops" / "grafana" / "grimreel.json"
ALERTS = ROOT / "ops" / "prometheus" / "alerts.yml"
METRIC = re.compile(r"\bgrimreel_[a-z0-9_]+\b")
MAKES_METRIC = re.compile(r"\b(Counter|Gauge|Histogram|Summary)\(\s*\"grimreel_")
SUFFIXES = {
    "counter": ("_total", "_created"),
    "gauge": ("",),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("", "_count", "_sum", "_created"),
}


def registered() -> set[str]:
    for path in [*ROOT.glob("shared/**/*.py"), *ROOT.glob("services/**/*.py")]:
        if MAKES_METRIC.search(path.read_text()):
            importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    names: set[str] = set()
    for family in REGISTRY.collect():
        names |= {family.name + suffix for suffix in SUFFIXES.get(family.type, ("",))}
    return names


def dashboard_exprs() -> list[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [t["expr"] for p in panels for t in p["targets"]]


def alert_exprs() -> list[str]:
    groups = yaml.safe_load(ALERTS.read_text())["groups"]
    return [str(rule["expr"]) for g in groups for rule in g["rules"]]


def unknown(exprs: list[str], known: set[str]) -> set[str]:
    return {name for expr in exprs for name in METRIC.findall(expr)} - known


def test_every_metric_the_dashboard_and_the_alerts_query_is_registered() -> None:
    known = registered()
    assert not unknown(dashboard_exprs(), known)
    assert not unknown(alert_exprs(), known)


def test_a_misspelt_metric_is_caught() -> None:
    known = registered()
    assert unknown(["rate(grimreel_handler_second_bucket[5m])"], known) == {
        "grimreel_handler_second_bucket"
    }


def test_the_panels_the_operators_asked_for_are_there() -> None:
    queried = " ".join(dashboard_exprs())
    for name in (
        "grimreel_queue_messages",  # queue depth per stage, DLQ size
        "grimreel_queue_wait_seconds_bucket",  # queue age
        "grimreel_dead_letters_total",  # DLQ growth, failures by cause
        'grimreel_handler_seconds_bucket{stage="render"}',  # render p95
        "grimreel_dependency_up",  # consumers paused
    ):
        assert name in queried


def test_every_alert_has_a_severity_and_a_summary() -> None:
    groups = yaml.safe_load(ALERTS.read_text())["groups"]
    for rule in (r for g in groups for r in g["rules"]):
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
