"""A chat model that replays written or recorded answers: for unit tests, evals and demos.

``ScriptedChatModel.from_list([...])`` answers in order and raises ``ScriptMiss`` when the list
runs out (it never cycles). ``ScriptedChatModel.from_dir(path)`` answers from files
``<dir>/<task>/<fingerprint>.json`` (or ``.txt``), where the task comes from the run's metadata
(``model.with_config(metadata={"task": "deepen_whys"})``) and the fingerprint is a hash of the
rendered messages. Editing a prompt therefore changes the key and replays nothing stale; strict
mode (the default) raises ``ScriptMiss`` naming the file it looked for.

``RecordingChatModel(inner, dir)`` wraps a real model and writes its answers in that layout, so
a run against a real model can be replayed offline later. Every request either model receives
is kept in ``.calls`` so tests can assert on what would have been sent.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, PrivateAttr

from assistant.errors import ScriptMiss

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


def _bind_tools(
    model: BaseChatModel,
    tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
    tool_choice: str | None,
    kwargs: dict[str, Any],
) -> Runnable[LanguageModelInput, AIMessage]:
    """What ``bind_tools`` does for our models: bind OpenAI-format tools and the choice."""
    formatted = [convert_to_openai_tool(tool) for tool in tools]
    return model.bind(tools=formatted, tool_choice=tool_choice, **kwargs)


class ScriptedChatModel(BaseChatModel):
    """Replays answers from a list or a directory; strict about requests it has no answer for."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    answers: list[str] | None = None
    """Answers in order (``from_list``); None when answering from a directory."""
    directory: Path | None = None
    """Root of ``<task>/<fingerprint>.json`` files (``from_dir``)."""
    strict: bool = True
    """Directory mode only: when False, fall back to ``<task>.json`` / ``<task>/default.json``."""

    _calls: list[ScriptedCall] = PrivateAttr(default_factory=list)
    _position: int = PrivateAttr(default=0)

    @classmethod
    def from_list(cls, answers: Sequence[str]) -> ScriptedChatModel:
        """A model that returns ``answers`` one per call, in order, then raises ``ScriptMiss``."""
        return cls(answers=list(answers))

    @classmethod
    def from_dir(cls, path: str | Path, strict: bool = True) -> ScriptedChatModel:
        """A model that answers from files under ``path`` keyed by task and fingerprint."""
        return cls(directory=Path(path), strict=strict)

    @property
    def calls(self) -> list[ScriptedCall]:
        """Every request received so far, in order."""
        return self._calls

    @property
    def _llm_type(self) -> str:
        return "scripted"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"directory": str(self.directory) if self.directory else None, "strict": self.strict}

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        task, metadata = task_of(run_manager)
        fingerprint = fingerprint_messages(messages)
        self._calls.append(ScriptedCall(list(messages), task, fingerprint, metadata, dict(kwargs)))
        raw = _cut_at_stop(self._answer(task, fingerprint), stop)
        message = answer_message(raw, kwargs.get("tools"), kwargs.get("tool_choice"))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Bind tools in OpenAI format, so tool-calling and structured-output chains run here."""
        return _bind_tools(self, tools, tool_choice, kwargs)

    def _answer(self, task: str, fingerprint: str) -> str:
        if self.answers is not None:
            return self._next_listed(task, fingerprint)
        if self.directory is None:
            raise ScriptMiss("scripted model has neither a list of answers nor a directory")
        return self._from_files(self.directory, task, fingerprint)

    def _next_listed(self, task: str, fingerprint: str) -> str:
        answers = self.answers or []
        if self._position >= len(answers):
            raise ScriptMiss(
                f"scripted model ran out of answers after {len(answers)} "
                f"(task {task!r}, fingerprint {fingerprint})"
            )
        raw = answers[self._position]
        self._position += 1
        return raw

    def _from_files(self, root: Path, task: str, fingerprint: str) -> str:
        folder = root / task_dir_name(task)
        candidates = [folder / f"{fingerprint}.json", folder / f"{fingerprint}.txt"]
        if not self.strict:
            candidates += [
                root / f"{task_dir_name(task)}.json",
                root / f"{task_dir_name(task)}.txt",
                folder / "default.json",
                folder / "default.txt",
            ]
        for candidate in candidates:
            if candidate.is_file():
                return candidate.read_text(encoding="utf-8")
        raise ScriptMiss(
            f"no scripted answer for task {task!r} (fingerprint {fingerprint}): "
            f"expected {candidates[0]}"
        )


class RecordingChatModel(BaseChatModel):
    """Passes requests to ``inner`` and writes each answer where ``from_dir`` will look for it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    inner: BaseChatModel
    directory: Path

    _calls: list[ScriptedCall] = PrivateAttr(default_factory=list)

    def __init__(self, inner: BaseChatModel, directory: str | Path, **kwargs: Any) -> None:
        super().__init__(inner=inner, directory=Path(directory), **kwargs)

    @property
    def calls(self) -> list[ScriptedCall]:
        """Every request passed through so far, in order."""
        return self._calls

    @property
    def _llm_type(self) -> str:
        return "recording"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        task, metadata = task_of(run_manager)
        fingerprint = fingerprint_messages(messages)
        self._calls.append(ScriptedCall(list(messages), task, fingerprint, metadata, dict(kwargs)))
        reply = self.inner.invoke(
            messages, config={"metadata": {"task": task}}, stop=stop, **kwargs
        )
        message = reply if isinstance(reply, AIMessage) else AIMessage(content=reply.content)
        self._write(task, fingerprint, _raw_answer(message))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Bind tools in OpenAI format; the inner model receives them with each call."""
        return _bind_tools(self, tools, tool_choice, kwargs)

    def _write(self, task: str, fingerprint: str, raw: str) -> Path:
        folder = self.directory / task_dir_name(task)
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".json" if _is_json(raw) else ".txt"
        path = folder / f"{fingerprint}{suffix}"
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(raw, encoding="utf-8")
        os.replace(tmp, path)
        return path


def _cut_at_stop(raw: str, stop: list[str] | None) -> str:
    """``raw`` up to the first stop sequence, as a real model would end its answer there."""
    if not stop:
        return raw
    cuts = [raw.find(sequence) for sequence in stop if sequence and sequence in raw]
    return raw[: min(cuts)] if cuts else raw


def _raw_answer(message: AIMessage) -> str:
    """What to store for an answer: tool-call arguments as JSON, else the text."""
    if message.tool_calls:
        return json.dumps(message.tool_calls[0]["args"], ensure_ascii=False, indent=2)
    return message.text if hasattr(message, "text") else str(message.content)


def _is_json(raw: str) -> bool:
    try:
        json.loads(raw)
    except json.JSONDecodeError:
        return False
    return True
