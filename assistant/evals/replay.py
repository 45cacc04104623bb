"""The model side of the evals: metering every call, simulated faults, and stale answers.

``MeteredChatModel`` wraps whatever model a case runs with (the scripted replay, a recording
real model) and keeps, per call, the task, the request fingerprint, tokens, latency, whether the
answer matched the task's schema, and the error if the call failed. It also plays faults: a
file ``responses/<task>/<fingerprint>.error`` holding ``timeout`` (or ``rate_limit``,
``connection``, ``server_error``) makes the call raise the provider-neutral error the real
client raises, so ``assistant.models.registry`` translates it exactly as in production.

``stale_responses`` compares the answers on disk with the requests a run actually made: an
answer no request asked for was written for a request that has since changed (a prompt edit,
a different input) or is no longer sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from langchain_core import exceptions as lc_exceptions
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, ConfigDict, PrivateAttr

from assistant.errors import AssistantError, ScriptMiss
from assistant.models.prompts import list_prompts
from assistant.models.scripted import fingerprint_messages, task_dir_name, task_of
from assistant.models.tokens import count_tokens

ANSWER_SUFFIXES = (".json", ".txt", ".error")

FAULTS: dict[str, Callable[[str], Exception]] = {
    "timeout": lambda at: lc_exceptions.ModelTimeoutError(f"Request timed out ({at})"),
    "rate_limit": lambda at: lc_exceptions.ModelRateLimitError(f"429 Too Many Requests ({at})"),
    "connection": lambda at: lc_exceptions.ModelConnectionError(f"Connection error ({at})"),
    "server_error": lambda at: lc_exceptions.ModelAPIError(f"500 Internal Server Error ({at})"),
}
"""Fault names an ``.error`` file may hold, and the error each raises."""


@dataclass(frozen=True)
class ModelCall:
    """One request the model received, what it cost and how it ended."""

    task: str
    fingerprint: str
    prompt_tokens: int
    completion_tokens: int
    latency_s: float
    valid: bool | None
    """The answer matched the task's answer schema; None when there was no answer or schema."""
    error: str | None = None
    missing: bool = False
    """The scripted model had no answer for this request."""
    request: str = ""
    """The request's text (all messages), kept for the helper that writes answers."""


@cache
def schema_for_task(task: str) -> type[BaseModel] | None:
    """The answer schema of the newest prompt named ``task``; None for an unknown task."""
    specs = [spec for spec in list_prompts() if spec.id == task]
    return specs[-1].response_model() if specs else None


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


def messages_text(messages: Sequence[BaseMessage]) -> str:
    """All message contents joined, as a token count or a reader would see them."""
    return "\n".join(f"[{message.type}]\n{message.text}" for message in messages)


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


class MeteredChatModel(BaseChatModel):
    """Passes requests to ``inner`` and keeps a ``ModelCall`` for each; plays scripted faults."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    inner: BaseChatModel
    faults_dir: Path | None = None
    clock: Callable[[], float] = time.perf_counter

    _calls: list[ModelCall] = PrivateAttr(default_factory=list)

    @property
    def calls(self) -> list[ModelCall]:
        """Every request so far, in order."""
        return self._calls

    @property
    def _llm_type(self) -> str:
        return "metered"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        task, _metadata = task_of(run_manager)
        fingerprint = fingerprint_messages(messages)
        request = messages_text(messages)
        prompt_tokens = count_tokens(request)
        started = self.clock()

        def keep(**fields: Any) -> None:
            values: dict[str, Any] = {
                "task": task, "fingerprint": fingerprint, "prompt_tokens": prompt_tokens,
                "completion_tokens": 0, "latency_s": self.clock() - started, "valid": None,
                "request": request,
            }
            self._calls.append(ModelCall(**{**values, **fields}))

        fault = read_fault(self.faults_dir, task, fingerprint)
        if fault is not None:
            keep(error=fault)
            raise FAULTS[fault](f"task {task}")
        try:
            reply = self.inner.invoke(
                messages, config={"metadata": {"task": task}}, stop=stop, **kwargs
            )
        except ScriptMiss as exc:
            keep(error=str(exc), missing=True)
            raise
        except (AssistantError, lc_exceptions.ModelError, TimeoutError, ConnectionError) as exc:
            keep(error=f"{type(exc).__name__}: {exc}")
            raise
        message = reply if isinstance(reply, AIMessage) else AIMessage(content=reply.content)
        raw = message.text
        usage = message.usage_metadata
        keep(
            prompt_tokens=usage["input_tokens"] if usage else prompt_tokens,
            completion_tokens=usage["output_tokens"] if usage else count_tokens(raw),
            valid=answer_is_valid(task, raw),
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Bind tools in OpenAI format; the inner model receives them with each call."""
        formatted = [convert_to_openai_tool(tool) for tool in tools]
        return self.bind(tools=formatted, tool_choice=tool_choice, **kwargs)


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
