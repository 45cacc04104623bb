"""The model side of the evals: metering every call, simulated faults, and stale answers.

The product's meter (``assistant.models.metering.MeteredChatModel``) wraps whatever model a
case runs with and keeps every call; this module gives it the eval's two hooks. Faults: a file
``responses/<task>/<fingerprint>.error`` holding ``timeout`` (or ``rate_limit``, ``connection``,
``server_error``) makes the call raise the provider-neutral error the real client raises, so
``assistant.models.registry`` translates it exactly as in production. Answer checks:
:func:`answer_is_valid` parses an answer against its prompt's schema.

``stale_responses`` compares the answers on disk with the requests a run actually made: an
answer no request asked for was written for a request that has since changed (a prompt edit,
a different input) or is no longer sent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from langchain_core import exceptions as lc_exceptions
from pydantic import BaseModel

from assistant.errors import ScriptMiss
from assistant.models.metering import FaultPlayer, ModelCall
from assistant.models.requests import task_dir_name

ANSWER_SUFFIXES = (".json", ".txt", ".error")

FAULTS: dict[str, Callable[[str], Exception]] = {
    "timeout": lambda at: lc_exceptions.ModelTimeoutError(f"Request timed out ({at})"),
    "rate_limit": lambda at: lc_exceptions.ModelRateLimitError(f"429 Too Many Requests ({at})"),
    "connection": lambda at: lc_exceptions.ModelConnectionError(f"Connection error ({at})"),
    "server_error": lambda at: lc_exceptions.ModelAPIError(f"500 Internal Server Error ({at})"),
}
"""Fault names an ``.error`` file may hold, and the error each raises."""


@cache
def schema_for_task(task: str) -> type[BaseModel] | None:
    """The answer schema of the prompt version the chain for ``task`` pins; None if unknown."""
    from assistant.chains import pinned_prompts

    pinned = pinned_prompts().get(task)
    return pinned.schema if pinned is not None else None


def answer_is_valid(task: str, raw: str) -> bool | None:
    """Whether ``raw`` parses (with the chains' lenient repair) and matches the task's schema."""
    from pydantic import ValidationError

    from assistant.models.structured import JSONRepairError, parse_answer

    schema = schema_for_task(task)
    if schema is None:
        return None
    try:
        parse_answer(raw, schema)
    except (JSONRepairError, ValidationError):
        return False
    return True


def read_fault(directory: Path | None, task: str, fingerprint: str) -> str | None:
    """The fault scripted for this request, if a ``.error`` file names one."""
    if directory is None:
        return None
    path = directory / task_dir_name(task) / f"{fingerprint}.error"
    if not path.is_file():
        return None
    name = path.read_text(encoding="utf-8").strip()
    if name not in FAULTS:
        raise ScriptMiss(f"{path}: unknown fault {name!r}; use one of {', '.join(FAULTS)}")
    return name


def fault_player(directory: Path) -> FaultPlayer:
    """The meter's fault hook for a case: the fault its ``.error`` file scripts, as an error."""

    def play(task: str, fingerprint: str) -> tuple[str, Exception] | None:
        name = read_fault(directory, task, fingerprint)
        return None if name is None else (name, FAULTS[name](f"task {task}"))

    return play


def answer_files(directory: Path) -> dict[tuple[str, str], Path]:
    """Scripted answers on disk, keyed by (task folder, fingerprint)."""
    if not directory.is_dir():
        return {}
    found: dict[tuple[str, str], Path] = {}
    for path in sorted(directory.glob("*/*")):
        if path.is_file() and path.suffix in ANSWER_SUFFIXES:
            found[(path.parent.name, path.stem)] = path
    return found


@dataclass(frozen=True)
class ReplayCheck:
    """Scripted answers that no request used (stale) and requests that had none (missing)."""

    stale: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when every answer was used and every request answered."""
        return not self.stale and not self.missing


def check_replay(directory: Path, calls: Sequence[ModelCall]) -> ReplayCheck:
    """Which answers under ``directory`` the run did not use, and which requests it missed."""
    used = {(task_dir_name(call.task), call.fingerprint) for call in calls if not call.missing}
    stale = [
        f"{task}/{path.name}" for (task, fp), path in answer_files(directory).items()
        if (task, fp) not in used
    ]
    missing = sorted({f"{task_dir_name(c.task)}/{c.fingerprint}" for c in calls if c.missing})
    return ReplayCheck(stale=tuple(stale), missing=tuple(missing))
