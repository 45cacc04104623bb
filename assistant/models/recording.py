"""``RecordingChatModel(inner, dir)``: a real model whose answers are written where the scripted
model looks for them, so a run against a real model can be replayed offline later."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, PrivateAttr

from assistant.models.requests import (
    ScriptedCall,
    ToolBindingChatModel,
    fingerprint_messages,
    task_dir_name,
    task_of,
)


class RecordingChatModel(ToolBindingChatModel):
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


    def _write(self, task: str, fingerprint: str, raw: str) -> Path:
        folder = self.directory / task_dir_name(task)
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".json" if _is_json(raw) else ".txt"
        path = folder / f"{fingerprint}{suffix}"
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(raw, encoding="utf-8")
        os.replace(tmp, path)
        return path


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
