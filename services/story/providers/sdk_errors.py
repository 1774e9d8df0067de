"""Sorting the errors of the OpenAI and Anthropic SDKs into retry-here, retry-later and never.

Both SDKs are generated from the same template and share their exception names
(APIStatusError, APITimeoutError, APIConnectionError), so one classifier serves both.
"""

from collections.abc import Callable
from types import ModuleType

from services.story.providers.hosted import RETRYABLE_4XX, Failure, retry_after

MAX_MESSAGE = 300  # provider error bodies can be long; the job's error should stay readable


def classifier(sdk: ModuleType, key_variable: str) -> Callable[[Exception], Failure | None]:
    def classify(error: Exception) -> Failure | None:
        if isinstance(error, sdk.APITimeoutError):
            return Failure("the request timed out")
        if isinstance(error, sdk.APIConnectionError):
            return Failure(f"could not reach the API ({error})")
        if not isinstance(error, sdk.APIStatusError):
            return None
        status = error.status_code
        message = f"HTTP {status}: {str(error.message)[:MAX_MESSAGE]}"
        if status in (401, 403):
            return Failure(f"{message} (check {key_variable})", permanent=True)
        if 400 <= status < 500 and status not in RETRYABLE_4XX:
            # A bad request, an unknown model, a request too large: the same request fails again.
            return Failure(message, permanent=True)
        return Failure(message, retry_after_s=retry_after(error.response.headers))

    return classify
