"""What every wrapping chat model of ours shares: request keys, tasks, answers and tool binding.

A request is keyed by its ``task`` (run metadata, ``chain.with_config(metadata={"task": ...})``)
and a fingerprint of its rendered messages; the scripted model looks answers up by that key, the
recording model writes them under it, and the meter reports it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

UNTASKED = "untasked"
"""Task name used when a request carries no ``task`` metadata."""

_ROLES = {"human": "user", "ai": "assistant", "system": "system", "tool": "tool"}
_UNSAFE_TASK_CHARS = re.compile(r"[^A-Za-z0-9_.-]")


def fingerprint_messages(messages: Sequence[BaseMessage]) -> str:
    """First 16 hex digits of the sha256 of the messages' roles and contents, as canonical JSON."""
    payload = [
        {"role": _ROLES.get(message.type, message.type), "content": message.content}
        for message in messages
    ]
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ScriptedCall:
    """One request a scripted or recording model received."""

    messages: list[BaseMessage]
    task: str
    fingerprint: str
    metadata: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    """Keyword arguments bound to the call, e.g. ``tools`` or ``response_format``."""

    @property
    def text(self) -> str:
        """All message contents joined, handy for ``in`` assertions."""
        return "\n".join(str(message.content) for message in self.messages)


def task_of(run_manager: CallbackManagerForLLMRun | None) -> tuple[str, dict[str, Any]]:
    """The ``task`` of a run (from its metadata) and a copy of that metadata."""
    metadata = dict(run_manager.metadata) if run_manager is not None else {}
    task = metadata.get("task")
    return (str(task) if task else UNTASKED), metadata


def task_dir_name(task: str) -> str:
    """``task`` made safe as a folder name (no separators, no ``..``)."""
    cleaned = _UNSAFE_TASK_CHARS.sub("_", task).strip(".")
    return cleaned or UNTASKED


def answer_message(raw: str, tools: Sequence[dict[str, Any]] | None, tool_choice: Any) -> AIMessage:
    """The ``AIMessage`` for a raw answer: plain text, or a tool call when tools were bound.

    With tools the raw text is the tool's JSON arguments, which is what
    ``with_structured_output`` and ``bind_tools`` chains read. Unparsable arguments become an
    ``invalid_tool_calls`` entry, as a real provider reports them.
    """
    if not tools:
        return AIMessage(content=raw)
    name = _chosen_tool(tools, tool_choice)
    try:
        args = json.loads(raw)
    except json.JSONDecodeError as exc:
        invalid = {
            "name": name,
            "args": raw,
            "id": "c0",
            "error": str(exc),
            "type": "invalid_tool_call",
        }
        return AIMessage(content="", invalid_tool_calls=[invalid])
    if not isinstance(args, dict):
        args = {"value": args}
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": "c0"}])


def _chosen_tool(tools: Sequence[dict[str, Any]], tool_choice: Any) -> str:
    if isinstance(tool_choice, str) and tool_choice not in ("auto", "any", "required", "none"):
        return tool_choice
    if isinstance(tool_choice, dict):
        name = tool_choice.get("function", {}).get("name")
        if isinstance(name, str):
            return name
    return str(tools[0]["function"]["name"])


def bind_openai_tools(
    model: BaseChatModel,
    tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
    *,
    tool_choice: str | None = None,
    **kwargs: Any,
) -> Runnable[LanguageModelInput, AIMessage]:
    """What ``bind_tools`` does for our models: bind OpenAI-format tools and the choice."""
    formatted = [convert_to_openai_tool(tool) for tool in tools]
    return model.bind(tools=formatted, tool_choice=tool_choice, **kwargs)


class ToolBindingChatModel(BaseChatModel):
    """Base of our wrapping and replaying models: ``bind_tools`` binds OpenAI-format tools, so
    tool-calling and structured-output chains run on them as on ChatOpenAI."""

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Bind tools in OpenAI format; a wrapped model receives them with each call."""
        return bind_openai_tools(self, tools, tool_choice=tool_choice, **kwargs)
