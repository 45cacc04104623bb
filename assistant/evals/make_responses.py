"""Write a case's scripted answers.

``python -m assistant.evals.make_responses [CASE ...] [--prune] [--weak]``.

The scripted model replays ``responses/<task>/<fingerprint>.json``, keyed by the exact request.
Fingerprints cannot be written by hand, so each case keeps its hand-written answers in
``script.yaml``, one entry per answer::

    - task: rewrite_action_item          # the prompt id
      match: "Be more careful"           # optional: a phrase of the request that picks it
      turn: 1                            # optional: 1 first ask, 2 the retry after a bad answer
      answer: {"text": "..."}            # JSON for the task's schema, or raw text
    - task: deepen_whys
      error: timeout                     # or rate_limit, connection, server_error

This helper runs the case through the real services with a model that answers from
``script.yaml``, so every request is rendered exactly as in an eval run, and writes each answer
under the request's fingerprint. Requests without an entry are printed (task, turn and the text
sent) so the missing answer can be written; ``--prune`` deletes answers no request used (stale).
Answers are what a good model would plausibly say, never copied from ``expected.yaml``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import BaseModel, ConfigDict, PrivateAttr

from assistant.errors import AssistantError, InputError, ScriptMiss
from assistant.evals.cases import SCRIPT_FILE, Case, discover_cases
from assistant.evals.replay import ANSWER_SUFFIXES, FAULTS, answer_files
from assistant.evals.run import SHIPPED_MODELS, run_case
from assistant.models.metering import messages_text
from assistant.models.requests import fingerprint_messages, task_dir_name, task_of


class ScriptEntry(BaseModel):
    """One hand-written answer (or fault) for requests of a task."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    task: str
    match: str | None = None
    turn: int | None = None
    answer: Any = None
    error: str | None = None

    def fits(self, task: str, request: str, turn: int) -> bool:
        """True when this entry answers a request of ``task`` at ``turn`` holding ``match``."""
        if self.task != task or (self.turn is not None and self.turn != turn):
            return False
        return self.match is None or " ".join(self.match.lower().split()) in " ".join(
            request.lower().split()
        )

    def raw(self) -> str:
        """The answer as the model's text: JSON for structures, the string itself otherwise."""
        if isinstance(self.answer, str):
            return self.answer
        return json.dumps(self.answer, ensure_ascii=False, indent=2)


def weak_script(case: Case) -> Path:
    """The weaker model's script for a case: entries that differ from the good answers."""
    return SHIPPED_MODELS["weak"] / f"{case.id}.yaml"


def read_script(case: Case, path: Path | None = None) -> list[ScriptEntry]:
    """The entries of the case's ``script.yaml`` (or of ``path``); none when there is no file."""
    path = path if path is not None else case.folder / SCRIPT_FILE
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise InputError(str(path), "expected a list of entries")
    entries = [ScriptEntry.model_validate(item) for item in data]
    for entry in entries:
        if (entry.answer is None) == (entry.error is None):
            raise InputError(str(path), f"entry for {entry.task!r} needs 'answer' or 'error'")
        if entry.error is not None and entry.error not in FAULTS:
            raise InputError(str(path), f"unknown fault {entry.error!r}")
    return entries


class AuthoringChatModel(BaseChatModel):
    """Answers from script entries and writes each answer under its request's fingerprint."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    entries: list[ScriptEntry]
    directory: Path

    _written: set[Path] = PrivateAttr(default_factory=set)
    _pending: list[str] = PrivateAttr(default_factory=list)

    @property
    def written(self) -> set[Path]:
        """Answer files written (or confirmed) in this run."""
        return self._written

    @property
    def pending(self) -> list[str]:
        """Requests that no entry answered, described for the author."""
        return self._pending

    @property
    def _llm_type(self) -> str:
        return "authoring"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,  # noqa: ARG002 - answers are written whole
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,  # noqa: ARG002 - requests carry no tools in the structured chains
    ) -> ChatResult:
        task, _metadata = task_of(run_manager)
        fingerprint = fingerprint_messages(messages)
        request = messages_text(messages)
        turn = 1 + sum(1 for message in messages if isinstance(message, AIMessage))
        entry = next((e for e in self.entries if e.fits(task, request, turn)), None)
        if entry is None:
            self._pending.append(_describe(task, fingerprint, turn, messages))
            raise ScriptMiss(f"script.yaml has no entry for task {task!r} turn {turn}")
        if entry.error is not None:
            self._write(task, fingerprint, ".error", entry.error + "\n")
            raise FAULTS[entry.error](f"task {task}")
        raw = entry.raw()
        self._write(task, fingerprint, ".json" if _is_json(raw) else ".txt", raw)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=raw))])

    def _write(self, task: str, fingerprint: str, suffix: str, text: str) -> None:
        folder = self.directory / task_dir_name(task)
        folder.mkdir(parents=True, exist_ok=True)
        for other in ANSWER_SUFFIXES:
            if other != suffix:
                (folder / f"{fingerprint}{other}").unlink(missing_ok=True)
        path = folder / f"{fingerprint}{suffix}"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        self._written.add(path)


def _is_json(raw: str) -> bool:
    try:
        json.loads(raw)
    except json.JSONDecodeError:
        return False
    return True


def _describe(task: str, fingerprint: str, turn: int, messages: Sequence[BaseMessage]) -> str:
    """The request as the author needs it: task, turn and the last user turn's text."""
    last = messages[-1].text if messages else ""
    return f"--- task {task}, turn {turn}, fingerprint {fingerprint}\n{last}"


def make_responses(
    case: Case, *, prune: bool = False, weak: bool = False
) -> tuple[list[str], list[Path]]:
    """Write the case's answers from its script; the unanswered requests and the stale files.

    With ``weak``, the weaker model's answers go to ``evals/models/weak/<case id>/``: its own
    entries (``evals/models/weak/<case id>.yaml``) first, the case's script for the rest.
    Stale files (answers no request used) are deleted when ``prune`` is set.
    """
    entries = read_script(case)
    directory = case.responses_dir
    if weak:
        entries = read_script(case, weak_script(case)) + entries
        directory = SHIPPED_MODELS["weak"] / case.id
    model = AuthoringChatModel(entries=entries, directory=directory)
    result = run_case(case, model, scripted=True, play_faults=False)
    if result.status != "ok":
        raise InputError(case.id, f"the case could not run: {result.error}")
    stale = [p for p in answer_files(directory).values() if p not in model.written]
    if prune:
        for path in stale:
            path.unlink()
        for folder in directory.glob("*"):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return model.pending, stale


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write answers for the named cases (default: all with a script.yaml)."""
    parser = argparse.ArgumentParser(prog="python -m assistant.evals.make_responses",
                                     description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("cases", nargs="*", metavar="CASE", help="case ids (default: all)")
    parser.add_argument("--cases-dir", type=Path, help="cases folder (default evals/cases)")
    parser.add_argument("--prune", action="store_true", help="delete answers no request used")
    parser.add_argument("--weak", action="store_true",
                        help="write the weaker model's answers (evals/models/weak/)")
    args = parser.parse_args(argv)
    try:
        cases = discover_cases(args.cases_dir, args.cases or None)
        status = 0
        for case in cases:
            pending, stale = make_responses(case, prune=args.prune, weak=args.weak)
            folder = SHIPPED_MODELS["weak"] / case.id if args.weak else case.responses_dir
            written = len(answer_files(folder))
            print(f"{case.id}: {written} answers, {len(pending)} requests without an entry, "
                  f"{len(stale)} stale{' (deleted)' if args.prune and stale else ''}")
            for request in pending:
                print(request)
                status = 1
            for path in [] if args.prune else stale:
                print(f"  stale: {path}")
    except AssistantError as exc:
        print(f"make_responses: error: {exc}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main())
