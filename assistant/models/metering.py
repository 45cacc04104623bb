"""Count the model calls and tokens of one draft, whatever the model is.

``MeteredChatModel`` wraps any chat model and passes every request through unchanged (the
``task`` metadata included, so scripted answers still match), counting calls and tokens on the
way. Prompt tokens are the provider's figure when the reply carries usage metadata, else a
tiktoken count of the messages; completion tokens likewise. Safe to use from several threads.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, PrivateAttr

from assistant.models.scripted import task_of
from assistant.models.tokens import count_tokens

_MESSAGE_OVERHEAD = 4
"""Tokens a chat format adds per message (role and separators), as OpenAI documents it."""


@dataclass(frozen=True)
class Usage:
    """Calls and tokens so far, and the calls per task."""

    calls: int
    prompt_tokens: int
    completion_tokens: int
    calls_by_task: dict[str, int]


class MeteredChatModel(BaseChatModel):
    """Passes requests to ``inner`` and counts them."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    inner: BaseChatModel
    model_name_for_tokens: str = "gpt-4o"

    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _calls: int = PrivateAttr(default=0)
    _prompt: int = PrivateAttr(default=0)
    _completion: int = PrivateAttr(default=0)
    _by_task: dict[str, int] = PrivateAttr(default_factory=dict)

    @property
    def _llm_type(self) -> str:
        return "metered"

    def usage(self) -> Usage:
        """A snapshot of the counts."""
        with self._lock:
            return Usage(self._calls, self._prompt, self._completion, dict(self._by_task))

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        task, metadata = task_of(run_manager)
        config: dict[str, Any] = {"metadata": metadata, "run_name": task}
        reply = self.inner.invoke(messages, config=config, stop=stop, **kwargs)  # type: ignore[arg-type]
        message = reply if isinstance(reply, AIMessage) else AIMessage(content=reply.content)
        prompt, completion = self._count(messages, message)
        with self._lock:
            self._calls += 1
            self._prompt += prompt
            self._completion += completion
            self._by_task[task] = self._by_task.get(task, 0) + 1
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _count(self, messages: list[BaseMessage], reply: AIMessage) -> tuple[int, int]:
        usage = reply.usage_metadata
        if usage is not None and usage.get("input_tokens"):
            return int(usage["input_tokens"]), int(usage.get("output_tokens", 0))
        name = self.model_name_for_tokens
        prompt = sum(count_tokens(m.text, name) + _MESSAGE_OVERHEAD for m in messages)
        return prompt, count_tokens(reply.text, name)
