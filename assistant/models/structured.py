"""Ask a model for JSON matching a pydantic schema: render, call, repair, validate, retry once.

``invoke_structured`` is the one way chains get structured answers. The JSON Schema of the
expected model is appended to the system message instead of being sent as
``response_format={"type": "json_schema", ...}``: OpenAI's strict mode demands every field be
required and forbids defaults, which our lenient answer schemas use on purpose; many
OpenAI-compatible servers (Ollama, vLLM, LM Studio) support it partially or not at all; and the
scripted model keys its answers on the rendered messages, so putting the schema in the text
makes a schema change invalidate stale recordings. The answer is then parsed leniently
(``repair_json``), validated, and on failure the validation error is sent back once.

Values are redacted before rendering (secrets always, e-mails/IPs/hosts when pseudonymizing) and
pseudonyms are put back into the answer before validation; secret placeholders never are.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ValidationError

from assistant.errors import ModelOutputError
from assistant.models.prompts import ChainPrompt
from assistant.models.redact import Redactor, restore_placeholders
from assistant.models.registry import call_model_errors

T = TypeVar("T", bound=BaseModel)

_FENCE = re.compile(r"```[ \t]*(?:json5?|JSON)?[ \t]*\n?(.*?)```", re.DOTALL)
_PY_LITERALS = {"True": "true", "False": "false", "None": "null"}
_MAX_ERRORS_SHOWN = 8
_MAX_START_POSITIONS = 20


class JSONRepairError(ValueError):
    """The text holds nothing that can be read as JSON, even after repair."""


@dataclass(frozen=True)
class StructuredResult(Generic[T]):
    """A validated answer, how many model calls it took, and the raw text it came from."""

    value: T
    attempts: int
    raw: str
    """The answer text that was parsed (pseudonyms restored; secret placeholders kept)."""
    repaired: bool
    """True when the text was not plain JSON and had to be repaired to parse."""


def invoke_structured(
    model: BaseChatModel,
    prompt: ChainPrompt[T],
    values: dict[str, str],
    *,
    task: str | None = None,
    pseudonymize: bool = False,
) -> StructuredResult[T]:
    """Ask ``model`` with ``prompt`` and ``values`` for an answer matching the prompt's schema.

    Raises ``ModelError`` when the model cannot be reached (after the client's retries) and
    ``ModelOutputError`` when the answer is still unusable after one corrective follow-up turn.
    """
    spec, schema = prompt.spec, prompt.schema
    redactor = Redactor(pseudonymize=pseudonymize)
    safe_values = {name: redactor.redact(value) for name, value in values.items()}
    messages = with_schema_instruction(spec.to_messages(**safe_values), schema)
    task_name = task or spec.id
    runnable = model.with_config(metadata={"task": task_name}, run_name=task_name)
    mapping = redactor.mapping

    answer = _ask(runnable, messages)
    raw = restore_placeholders(answer, mapping)
    try:
        value, repaired = parse_answer(raw, schema)
        return StructuredResult(value=value, attempts=1, raw=raw, repaired=repaired)
    except (JSONRepairError, ValidationError) as first_error:
        # The answer goes back as the model wrote it: pseudonyms restored locally stay local.
        follow_up = [
            *messages,
            AIMessage(content=answer),
            HumanMessage(content=retry_request(first_error)),
        ]
    raw = restore_placeholders(_ask(runnable, follow_up), mapping)
    try:
        value, repaired = parse_answer(raw, schema)
    except (JSONRepairError, ValidationError) as second_error:
        raise ModelOutputError(
            f"{task_name}: the model's answer did not match {schema.__name__} after a retry "
            f"({describe_error(second_error)})",
            attempts=2,
            last_output=raw,
        ) from second_error
    return StructuredResult(value=value, attempts=2, raw=raw, repaired=repaired)


def with_schema_instruction(
    messages: list[BaseMessage], schema: type[BaseModel]
) -> list[BaseMessage]:
    """``messages`` with the JSON-only instruction and the JSON Schema added to the system turn."""
    instruction = schema_instruction(schema)
    if messages and isinstance(messages[0], SystemMessage):
        first = messages[0]
        return [SystemMessage(content=f"{first.text}\n\n{instruction}"), *messages[1:]]
    return [SystemMessage(content=instruction), *messages]


def schema_instruction(schema: type[BaseModel]) -> str:
    """The text that asks for one JSON object matching ``schema`` and shows its JSON Schema."""
    rendered = json.dumps(schema.model_json_schema(), ensure_ascii=False, sort_keys=True)
    return (
        "Answer with one JSON object and nothing else: no prose, no Markdown code fences. "
        f"It must match this JSON Schema:\n{rendered}"
    )


def retry_request(error: Exception) -> str:
    """The follow-up turn after an unusable answer: what was wrong, and JSON only please."""
    return (
        f"Your previous answer could not be used: {describe_error(error)}. "
        "Reply again with only the corrected JSON object that matches the schema in the "
        "system message: no prose, no code fences."
    )


def describe_error(error: Exception) -> str:
    """A short, input-free description of a parse or validation error."""
    if isinstance(error, ValidationError):
        parts = [
            f"{'.'.join(str(p) for p in item['loc']) or '(root)'}: {item['msg']}"
            for item in error.errors()[:_MAX_ERRORS_SHOWN]
        ]
        more = error.error_count() - len(parts)
        suffix = f"; and {more} more" if more > 0 else ""
        return f"it does not match the schema ({'; '.join(parts)}{suffix})"
    return f"it is not valid JSON ({error})"


def parse_answer(raw: str, schema: type[T]) -> tuple[T, bool]:
    """Validate ``raw`` against ``schema``; also says whether JSON repair was needed."""
    try:
        data = json.loads(raw)
        repaired = False
    except json.JSONDecodeError:
        data = repair_json(raw)
        repaired = True
    return schema.model_validate(data), repaired


def repair_json(raw: str) -> Any:
    """Read JSON from a model's near-JSON answer.

    Handles, in this order of trying: plain JSON; the contents of a ```json fence; the first
    balanced ``{...}`` or ``[...]`` amid prose. Each candidate is tried as is and then
    normalised: single-quoted strings, Python ``True``/``False``/``None``, trailing commas,
    unquoted keys, ``//`` comments and raw newlines inside strings. Raises ``JSONRepairError``.
    """
    text = raw.strip().lstrip("\ufeff")
    for candidate in _candidates(text):
        for variant in (candidate, None):
            try:
                return json.loads(candidate if variant is not None else _normalise(candidate))
            except (json.JSONDecodeError, _ScanError):
                continue
    raise JSONRepairError("no JSON object found in the answer")


def _candidates(text: str) -> list[str]:
    found = [text]
    found += [block.strip() for block in _FENCE.findall(text)]
    starts = [i for i, char in enumerate(text) if char in "{["][:_MAX_START_POSITIONS]
    for start in starts:
        end = _balanced_end(text, start)
        if end is not None:
            found.append(text[start:end])
    return found


def _balanced_end(text: str, start: int) -> int | None:
    """Index just past the bracket matching ``text[start]``, skipping quoted strings."""
    depth = 0
    quote: str | None = None
    index = start
    while index < len(text):
        char = text[index]
        if quote is not None:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


class _ScanError(ValueError):
    """A string literal never closes."""


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "/": "/"}


def _normalise(text: str) -> str:
    """Rewrite near-JSON (Python or JavaScript flavoured) into strict JSON."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char in "\"'":
            value, index = _read_string(text, index)
            out.append(json.dumps(value, ensure_ascii=False))
        elif char == "/" and text.startswith("//", index):
            newline = text.find("\n", index)
            index = len(text) if newline == -1 else newline
        elif char.isalpha() or char == "_":
            end = index
            while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                end += 1
            out.append(_word(text[index:end], _next_significant(text, end)))
            index = end
        elif char == "," and _next_significant(text, index + 1) in ("}", "]"):
            index += 1
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _word(word: str, following: str) -> str:
    if following == ":" and word not in _PY_LITERALS:
        return json.dumps(word)
    return _PY_LITERALS.get(word, word)


def _next_significant(text: str, index: int) -> str:
    while index < len(text) and text[index].isspace():
        index += 1
    return text[index] if index < len(text) else ""


def _read_string(text: str, start: int) -> tuple[str, int]:
    """The value of the quoted string at ``start`` and the index after its closing quote."""
    quote = text[start]
    chars: list[str] = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == quote:
            return "".join(chars), index + 1
        if char == "\\" and index + 1 < len(text):
            escaped = text[index + 1]
            if escaped == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[index + 2 : index + 6]):
                chars.append(chr(int(text[index + 2 : index + 6], 16)))
                index += 6
                continue
            chars.append(_ESCAPES.get(escaped, escaped))
            index += 2
            continue
        chars.append(char)
        index += 1
    raise _ScanError("unterminated string")


def _ask(runnable: Any, messages: list[BaseMessage]) -> str:
    """Call the model once and return its answer as text (tool-call arguments as JSON)."""
    with call_model_errors():
        reply = runnable.invoke(messages)
    if isinstance(reply, AIMessage) and reply.tool_calls and not reply.text.strip():
        return json.dumps(reply.tool_calls[0]["args"], ensure_ascii=False)
    if isinstance(reply, BaseMessage):
        return reply.text
    return str(reply)
