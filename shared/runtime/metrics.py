"""Prometheus counters and histograms per stage."""

from prometheus_client import Counter, Histogram

HANDLED = Counter("grimreel_messages_handled_total", "Messages handled", ["stage"])
FAILED = Counter("grimreel_messages_failed_total", "Messages dead-lettered", ["stage"])
RETRIED = Counter("grimreel_messages_retried_total", "Messages sent back for retry", ["stage"])
# Why the runtime gave up on a message, from a closed set (a free-text reason would make a
# series per job): permanent, retries_exhausted, redelivered_too_often, undecodable,
# state_lost. The dead letter itself carries the full reason.
DEAD_LETTERS = Counter(
    "grimreel_dead_letters_total", "Messages dead-lettered, by stage and cause", ["stage", "cause"]
)
DURATION = Histogram(
    "grimreel_handler_seconds",
    "Handler duration",
    ["stage"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300),
)
# First deliveries only: a retried message also waited out its retry delay, on purpose.
WAITED = Histogram(
    "grimreel_queue_wait_seconds",
    "Time a message waited between being published and its handling starting",
    ["stage"],
    buckets=(0.01, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600),
)
