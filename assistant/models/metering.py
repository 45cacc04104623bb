"""Count the model calls and tokens of a run, whatever the model is: one meter, one counting rule.

``MeteredChatModel`` wraps any chat model and passes every request through unchanged (the
``task`` metadata included, so scripted answers still match), keeping a :class:`ModelCall` per
request: task, request fingerprint, tokens, latency, whether the answer was valid and the error
if the call failed. The draft reports its :meth:`MeteredChatModel.usage`; the eval suite reads
the calls and plugs in its fault player and answer check. Safe to use from several threads.

Counting rule (:func:`prompt_tokens_of`): the provider's figures when the reply carries usage
metadata, else a tiktoken count of each message plus the per-message overhead OpenAI documents,
and of the reply's text. A call that failed costs its prompt tokens and no completion.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from langchain_core import exceptions as lc_exceptions
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, PrivateAttr

from assistant.errors import AssistantError, ScriptMiss
from assistant.models.requests import (
    ToolBindingChatModel,
    fingerprint_messages,
    task_of,
)
from assistant.models.tokens import count_tokens

MESSAGE_OVERHEAD = 4
"""Tokens a chat format adds per message (role and separators), as OpenAI documents it."""

FaultPlayer = Callable[[str, str], tuple[str, Exception] | None]
"""Given (task, fingerprint): a scripted fault to raise instead of calling, as (label, error)."""

AnswerCheck = Callable[[str, str], bool | None]
"""Given (task, raw answer): whether it matches the task's schema; None when unknown."""


@dataclass(frozen=True)
class ModelCall:
    """One request the model received, what it cost and how it ended."""

    task: str
    fingerprint: str
    prompt_tokens: int
    completion_tokens: int
    latency_s: float
    valid: bool | None = None
    """The answer matched the task's answer schema; None when there was no answer or check."""
    error: str | None = None
    missing: bool = False
    """A scripted model had no answer for this request."""
    request: str = ""
    """The request's text (all messages), kept for the tool that writes scripted answers."""


@dataclass(frozen=True)
class Usage:
    """Calls and tokens so far, and the calls per task."""

    calls: int
    prompt_tokens: int
    completion_tokens: int
    calls_by_task: dict[str, int]


def messages_text(messages: Sequence[BaseMessage]) -> str:
    """All message contents joined, as a reader of a recorded request sees them."""
    return "\n".join(f"[{message.type}]\n{message.text}" for message in messages)


def prompt_tokens_of(messages: Sequence[BaseMessage], model_name: str) -> int:
    """Tokens of a request by the counting rule: each message plus its overhead."""
    return sum(count_tokens(m.text, model_name) + MESSAGE_OVERHEAD for m in messages)


def summarise(calls: Sequence[ModelCall]) -> Usage:
    """Totals of ``calls``."""
    by_task: dict[str, int] = {}
    for call in calls:
        by_task[call.task] = by_task.get(call.task, 0) + 1
    return Usage(
        calls=len(calls),
        prompt_tokens=sum(c.prompt_tokens for c in calls),
        completion_tokens=sum(c.completion_tokens for c in calls),
        calls_by_task=by_task,
    )


class MeteredChatModel(ToolBindingChatModel):
    """Passes requests to ``inner`` and keeps a :class:`ModelCall` for each."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    inner: BaseChatModel
    model_name_for_tokens: str = "gpt-4o"
    faults: FaultPlayer | None = None
    check_answer: AnswerCheck | None = None
    clock: Callable[[], float] = time.perf_counter

    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _calls: list[ModelCall] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "metered"

    @property
    def calls(self) -> list[ModelCall]:
        """Every request so far, in order."""
        with self._lock:
            return list(self._calls)

    def usage(self) -> Usage:
        """A snapshot of the totals."""
        return summarise(self.calls)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        task, metadata = task_of(run_manager)
        fingerprint = fingerprint_messages(messages)
        prompt = prompt_tokens_of(messages, self.model_name_for_tokens)
        started = self.clock()

        def keep(**fields: Any) -> None:
            call = ModelCall(
                task=task, fingerprint=fingerprint, prompt_tokens=prompt, completion_tokens=0,
                latency_s=self.clock() - started, request=messages_text(messages),
            )
            with self._lock:
                self._calls.append(replace(call, **fields))

        fault = self.faults(task, fingerprint) if self.faults is not None else None
        if fault is not None:
            keep(error=fault[0])
            raise fault[1]
        config: dict[str, Any] = {"metadata": metadata, "run_name": task}
        try:
            reply = self.inner.invoke(messages, config=config, stop=stop, **kwargs)  # type: ignore[arg-type]
        except ScriptMiss as exc:
            keep(error=str(exc), missing=True)
            raise
        except (AssistantError, lc_exceptions.ModelError, TimeoutError, ConnectionError) as exc:
            keep(error=f"{type(exc).__name__}: {exc}")
            raise
        message = reply if isinstance(reply, AIMessage) else AIMessage(content=reply.content)
        valid = self.check_answer(task, message.text) if self.check_answer is not None else None
        usage = message.usage_metadata
        if usage is not None and usage.get("input_tokens"):
            keep(prompt_tokens=int(usage["input_tokens"]),
                 completion_tokens=int(usage.get("output_tokens", 0)), valid=valid)
        else:
            keep(completion_tokens=count_tokens(message.text, self.model_name_for_tokens),
                 valid=valid)
        return ChatResult(generations=[ChatGeneration(message=message)])

