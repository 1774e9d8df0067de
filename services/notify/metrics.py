"""Prometheus series for finished jobs and for notification deliveries."""

from prometheus_client import Counter, Histogram

JOBS = Counter("grimreel_jobs_total", "Jobs that reached a final status", ["status"])
JOB_SECONDS = Histogram(
    "grimreel_job_seconds",
    "Job duration from acceptance to its final status",
    ["status"],
    buckets=(10, 30, 60, 120, 180, 300, 600, 900, 1800, 3600, 7200),
)
DELIVERIES = Counter(
    "grimreel_notify_deliveries_total",
    "Notifications by channel (webhook, email, tiktok) and outcome",
    ["channel", "status"],
)


def observe_job(status: str, seconds: float | None) -> None:
    JOBS.labels(status).inc()
    if seconds is not None:
        JOB_SECONDS.labels(status).observe(seconds)
