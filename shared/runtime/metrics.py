"""Prometheus counters and histograms per stage."""

from prometheus_client import Counter, Histogram

HANDLED = Counter("grimreel_messages_handled_total", "Messages handled", ["stage"])
FAILED = Counter("grimreel_messages_failed_total", "Messages dead-lettered", ["stage"])
RETRIED = Counter("grimreel_messages_retried_total", "Messages sent back for retry", ["stage"])
DURATION = Histogram(
    "grimreel_handler_seconds",
    "Handler duration",
    ["stage"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300),
)
