"""Reading HTTP answers the way every hosted adapter needs: Retry-After and status classes."""

import email.utils
import time
from collections.abc import Mapping

from shared.providers.errors import Failure

RETRYABLE_4XX = (408, 409, 429)


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds from retry-after-ms, or Retry-After as delta seconds or an HTTP date."""
    if not headers:
        return None
    lower = {k.lower(): v for k, v in headers.items()}
    if (ms := lower.get("retry-after-ms")) is not None:
        try:
            return max(float(ms) / 1000.0, 0.0)
        except ValueError:
            pass
    value = lower.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value) if value.strip() else None
        except (TypeError, ValueError):
            return None
        return None if when is None else max(when.timestamp() - time.time(), 0.0)


def status_failure(status: int, detail: str, headers: Mapping[str, str] | None) -> Failure:
    """408/409/429/5xx are worth retrying; any other status is final."""
    retry = status in RETRYABLE_4XX or status >= 500
    return Failure(retry, f"HTTP {status}: {detail[:300]}", retry_after(headers))
