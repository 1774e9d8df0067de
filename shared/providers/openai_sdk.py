"""The OpenAI SDK client as hosted providers use it, and how its errors are read.

The SDK's retries are off (max_retries=0): CallPolicy retries, honouring Retry-After, so a
rate-limited call waits the same way whichever provider it uses. Any OpenAI-compatible server
(Ollama, vLLM) works through base_url.
"""

import json

import openai

from shared.providers.errors import Failure
from shared.providers.http import status_failure


def make_client(api_key: str, base_url: str | None, timeout_s: float) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(
        api_key=api_key, base_url=base_url or None, timeout=timeout_s, max_retries=0
    )


def classify(e: BaseException) -> Failure | None:
    if isinstance(e, openai.APITimeoutError):
        return Failure(True, "timed out")
    if isinstance(e, openai.APIConnectionError):
        return Failure(True, f"connection failed: {e}")
    if isinstance(e, openai.APIResponseValidationError):
        return Failure(True, "the answer does not match the API schema")
    if isinstance(e, json.JSONDecodeError):  # the SDK parses a 2xx body that is not JSON raw
        return Failure(True, "the answer is not JSON")
    if isinstance(e, openai.APIStatusError):
        return status_failure(e.status_code, _detail(e), e.response.headers)
    return None


def _detail(e: openai.APIStatusError) -> str:
    body = e.body
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict):
            code = err.get("code") or err.get("type")
            text = err.get("message") or ""
            return f"{code}: {text}" if code else str(text)
    return e.message
