"""A local OpenAI-compatible chat server for tests and evals (127.0.0.1, any free port).

``POST /v1/chat/completions`` answers like OpenAI: plain text, ``response_format`` json_schema
(canned JSON by schema name), ``tools`` (a tool call with canned arguments) and ``stream: true``
(server-sent event chunks ending in ``data: [DONE]``). The model name picks a failure mode:

- ``stub-429``: the first request answers 429 with a tiny ``Retry-After``, later ones succeed;
- ``stub-500``: always 500 (with a tiny ``Retry-After``, so client retries are fast);
- ``stub-hang``: waits ``hang_s`` seconds before answering, to trip client timeouts;
- ``stub-badjson``: answers text that is not JSON;
- any other name: a normal answer, taken from ``replies`` (in order) or ``canned``.

Every request body is recorded in ``requests`` for assertions on what a client sent.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

BAD_JSON_ANSWER = "Sure! Here is what I found: the deploy caused it."
"""What ``stub-badjson`` always answers: prose, no JSON at all."""

RETRY_AFTER_HEADERS = {"retry-after": "0", "retry-after-ms": "10"}
"""Tell the client to retry almost at once: the openai client honours ``retry-after-ms``."""


@dataclass
class StubState:
    """What the stub answers and what it received."""

    replies: list[str] = field(default_factory=list)
    """Plain-text answers, used in order."""
    canned: dict[str, str] = field(default_factory=dict)
    """Answers by json_schema name, tool name or model name."""
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)
    """``time.monotonic()`` of each request, to measure client backoff."""
    hang_s: float = 3.0
    failures_left: dict[str, int] = field(default_factory=dict)

    def reset(self) -> None:
        """Forget replies, canned answers, recorded requests and failure counters."""
        self.replies.clear()
        self.canned.clear()
        self.requests.clear()
        self.headers.clear()
        self.arrivals.clear()
        self.failures_left.clear()

    def requests_for(self, model: str) -> list[dict[str, Any]]:
        """Recorded bodies of requests for ``model``."""
        return [body for body in self.requests if body.get("model") == model]


def build_app(state: StubState) -> FastAPI:
    """The FastAPI app of the stub, answering from ``state``."""
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request) -> Response:
        body = await request.json()
        state.requests.append(body)
        state.arrivals.append(time.monotonic())
        state.headers.append({k.lower(): v for k, v in request.headers.items()})
        model = str(body.get("model", ""))
        failure = await _failure_for(model, state, request)
        if failure is not None:
            return failure
        answer = _answer_for(body, state)
        if answer is None:
            return _error(400, "the stub has no reply queued for this request")
        if body.get("stream"):
            return StreamingResponse(_sse(model, answer, body), media_type="text/event-stream")
        return JSONResponse(_completion(model, answer))

    return app


async def _failure_for(model: str, state: StubState, request: Request) -> Response | None:
    if model == "stub-429":
        left = state.failures_left.setdefault(model, 1)
        if left > 0:
            state.failures_left[model] = left - 1
            return _error(429, "Rate limit reached for requests", RETRY_AFTER_HEADERS)
    if model == "stub-500":
        return _error(
            500, "The server had an error while processing your request.", RETRY_AFTER_HEADERS
        )
    if model == "stub-hang":
        await _hang(state.hang_s, request)
    return None


async def _hang(seconds: float, request: Request) -> None:
    """Wait ``seconds``, or until the client gives up, so no request outlives the test."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not await request.is_disconnected():
        await asyncio.sleep(0.05)


def _answer_for(body: dict[str, Any], state: StubState) -> dict[str, Any] | None:
    """The message to send: ``{"content": ...}`` or ``{"tool": name, "arguments": ...}``."""
    if body.get("model") == "stub-badjson":
        return {"content": BAD_JSON_ANSWER}
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        name = response_format.get("json_schema", {}).get("name", "")
        if name in state.canned:
            return {"content": state.canned[name]}
    tools = body.get("tools") or []
    if tools:
        name = tools[0]["function"]["name"]
        if name in state.canned:
            return {"tool": name, "arguments": state.canned[name]}
    if state.replies:
        return {"content": state.replies.pop(0)}
    model = str(body.get("model", ""))
    if model in state.canned:
        return {"content": state.canned[model]}
    return None


def _message(answer: dict[str, Any]) -> dict[str, Any]:
    if "tool" in answer:
        call = {
            "id": "call_0",
            "type": "function",
            "function": {"name": answer["tool"], "arguments": answer["arguments"]},
        }
        return {"role": "assistant", "content": None, "tool_calls": [call]}
    return {"role": "assistant", "content": answer["content"]}


def _completion(model: str, answer: dict[str, Any]) -> dict[str, Any]:
    finish = "tool_calls" if "tool" in answer else "stop"
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": _message(answer), "finish_reason": finish}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


async def _sse(model: str, answer: dict[str, Any], body: dict[str, Any]) -> AsyncIterator[str]:
    """Chunks as OpenAI streams them: role, content pieces, finish, optional usage, [DONE]."""
    yield _chunk(model, {"role": "assistant", "content": ""}, None)
    text = str(answer.get("content") or "")
    pieces = [text[i : i + 8] for i in range(0, len(text), 8)]
    for piece in pieces:
        yield _chunk(model, {"content": piece}, None)
    yield _chunk(model, {}, "stop")
    if (body.get("stream_options") or {}).get("include_usage"):
        usage = {"prompt_tokens": 10, "completion_tokens": len(pieces), "total_tokens": 10}
        payload = {
            "id": "chatcmpl-stub",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": model,
            "choices": [],
            "usage": usage,
        }
        yield f"data: {json.dumps(payload)}\n\n"
    yield "data: [DONE]\n\n"


def _chunk(model: str, delta: dict[str, Any], finish: str | None) -> str:
    payload = {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(payload)}\n\n"


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    kind = "rate_limit_exceeded" if status == 429 else "server_error"
    body = {"error": {"message": message, "type": kind, "param": None, "code": kind}}
    return JSONResponse(body, status_code=status, headers=headers)


@dataclass
class RunningStub:
    """A started stub: its base URL (ending in ``/v1``) and its state."""

    base_url: str
    state: StubState


@contextmanager
def run_stub(state: StubState | None = None) -> Iterator[RunningStub]:
    """Run the stub in a daemon thread on 127.0.0.1 (free port) until the block ends."""
    stub_state = state or StubState()
    config = uvicorn.Config(
        build_app(stub_state),
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the stub server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield RunningStub(base_url=f"http://127.0.0.1:{port}/v1", state=stub_state)
    finally:
        server.should_exit = True
        server.force_exit = True
        thread.join(timeout=5)
