"""Reading the errors of the OpenAI and Anthropic SDKs as the call policy's Failures.

Both SDKs are generated from the same template and share their exception names
(APIStatusError, APITimeoutError, APIConnectionError), so one classifier serves both. Status
codes follow shared.providers.status_failure (408/409/429/5xx retried, other 4xx final); a
401/403 also names the environment variable holding the key, since that is what to fix.
"""

from types import ModuleType

from shared.providers import Classify, Failure, status_failure


def classifier(sdk: ModuleType, key_variable: str) -> Classify:
    def classify(error: BaseException) -> Failure | None:
        if isinstance(error, sdk.APITimeoutError):  # a subclass of APIConnectionError
            return Failure(True, "the request timed out")
        if isinstance(error, sdk.APIConnectionError):
            return Failure(True, f"could not reach the API ({error})")
        if not isinstance(error, sdk.APIStatusError):
            return None
        failure = status_failure(error.status_code, str(error.message), error.response.headers)
        if error.status_code in (401, 403):
            return Failure(False, f"{failure.reason} (check {key_variable})")
        return failure

    return classify
