"""A chat model that replays written or recorded answers: for unit tests, evals and demos.

``ScriptedChatModel.from_list([...])`` answers in order and raises ``ScriptMiss`` when the list
runs out (it never cycles). ``ScriptedChatModel.from_dir(path)`` answers from files
``<dir>/<task>/<fingerprint>.json`` (or ``.txt``), where the task comes from the run's metadata
(``model.with_config(metadata={"task": "deepen_whys"})``) and the fingerprint is a hash of the
rendered messages. Editing a prompt therefore changes the key and replays nothing stale; strict
mode (the default) raises ``ScriptMiss`` naming the file it looked for.

Every request it receives is kept in ``.calls`` so tests can assert on what would have been sent.
``RecordingChatModel`` (``models/recording.py``) writes answers in the layout ``from_dir`` reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, PrivateAttr

from assistant.errors import ScriptMiss
from assistant.models.requests import (
    ScriptedCall,
    ToolBindingChatModel,
    answer_message,
    fingerprint_messages,
    task_dir_name,
    task_of,
)


class ScriptedChatModel(ToolBindingChatModel):
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


def _cut_at_stop(raw: str, stop: list[str] | None) -> str:
    """``raw`` up to the first stop sequence, as a real model would end its answer there."""
    if not stop:
        return raw
    cuts = [raw.find(sequence) for sequence in stop if sequence and sequence in raw]
    return raw[: min(cuts)] if cuts else raw
