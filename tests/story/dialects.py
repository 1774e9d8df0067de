"""How OpenAI's and Anthropic's APIs phrase each kind of answer, for the stub server.

The bodies follow the providers' published wire formats (chat.completion objects, Messages
API responses with tool_use blocks, their error envelopes), trimmed to what the SDKs read.
"""

import json
from dataclasses import dataclass
from typing import Any

from tests.story.stub_api import Reply


def _chat(message: dict[str, Any], finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "stub-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def _message(content: list[dict[str, Any]], stop: str = "tool_use") -> dict[str, Any]:
    return {
        "id": "msg_stub",
        "type": "message",
        "role": "assistant",
        "model": "stub-model",
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 10},
    }


@dataclass(frozen=True)
class Dialect:
    name: str
    path: str  # where the SDK posts, under the stub's base URL

    def good(self, draft: dict[str, Any]) -> Reply:
        if self.name == "openai":
            body = _chat({"role": "assistant", "content": json.dumps(draft), "refusal": None})
        else:
            body = _message(
                [{"type": "tool_use", "id": "t1", "name": "write_story", "input": draft}]
            )
        return Reply(body=body)

    def malformed(self, draft: dict[str, Any]) -> Reply:
        """The answer stops mid-way: partial JSON (OpenAI) or a tool input missing scenes."""
        if self.name == "openai":
            partial = json.dumps(draft)[:60]
            return Reply(body=_chat({"role": "assistant", "content": partial, "refusal": None}))
        cut = {k: v for k, v in draft.items() if k != "scenes"}
        return Reply(
            body=_message([{"type": "tool_use", "id": "t1", "name": "write_story", "input": cut}])
        )

    def refusal(self) -> Reply:
        if self.name == "openai":
            said = "I can't help with that."
            return Reply(body=_chat({"role": "assistant", "content": None, "refusal": said}))
        return Reply(
            body=_message([{"type": "text", "text": "I can't help with that."}], "refusal")
        )

    def empty(self) -> Reply:
        if self.name == "openai":
            return Reply(body=_chat({"role": "assistant", "content": "", "refusal": None}))
        return Reply(body=_message([], "end_turn"))

    def error(self, status: int, headers: dict[str, str] | None = None) -> Reply:
        if self.name == "openai":
            body = {"error": {"message": f"stub error {status}", "type": "stub", "code": None}}
        else:
            body = {"type": "error", "error": {"type": "stub_error", "message": f"stub {status}"}}
        return Reply(status=status, body=body, headers=headers or {})

    def user_prompt(self, request: dict[str, Any]) -> str:
        messages = request["messages"]
        return next(m["content"] for m in messages if m["role"] == "user")


OPENAI = Dialect("openai", "/v1/chat/completions")
ANTHROPIC = Dialect("anthropic", "/v1/messages")
