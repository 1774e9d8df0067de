"""The gateway's Prometheus metrics; /metrics also exposes the stage runtime's (same registry)."""

from prometheus_client import Counter, Gauge, Histogram

import shared.runtime.metrics  # noqa: F401 — registers the runtime's metrics for /metrics

REQUESTS = Counter(
    "grimreel_http_requests_total", "HTTP requests by route and status", ["route", "status"]
)
LATENCY = Histogram(
    "grimreel_http_request_seconds",
    "HTTP request duration (SSE streams excluded)",
    ["route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15),
)
SUBMITTED = Counter("grimreel_jobs_submitted_total", "Jobs created", ["via"])
REJECTED = Counter("grimreel_jobs_rejected_total", "Job requests refused", ["via", "reason"])
# The state store keeps an index per status group as jobs change; a scrape reads the index
# sizes, never a job record. "live" is queued + running (one group: see shared.state.base).
JOBS = Gauge(
    "grimreel_recent_jobs",
    "Jobs kept in the state store (7-day retention) by status group: live, completed, ...",
    ["status"],
)
