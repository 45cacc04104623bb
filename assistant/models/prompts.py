"""Versioned prompt files: load, check and render ``prompts/<id>/v<N>.yaml``.

A prompt file names its id, version, the schema its answer must match (``returns``), the
variables it takes and the system and user templates. ``load_prompt`` checks all of that when a
chain module is imported, so a broken prompt fails at start-up with the file named, not in the
middle of a request.

Rendering treats every variable value as untrusted data: it is inserted with ``str.format_map``
(so braces in it are not interpreted) and any fence marker (``<incident_data>``, ``</...>``) or
chat role marker (``<|im_start|>system``, ``[INST]``) found in it is neutralised, so pasted notes
cannot close the fence or pose as a system turn.
"""

from __future__ import annotations

import importlib
import re
import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from assistant.errors import PromptError

PROMPTS_DIR = Path(str(resources.files("assistant.prompt_files")))
"""The shipped prompt files: the repository's ``prompts/`` folder, installed as package data."""

SCHEMAS_MODULE = "assistant.chains.schemas"
"""Where bare ``returns`` names are looked up."""

DEFAULT_FENCES = frozenset(
    {"incident_data", "system", "user", "assistant", "developer", "instructions", "tool"}
)
"""Tag names neutralised in values even when a prompt does not use them as fences."""

_FILE_NAME = re.compile(r"^v(\d+)\.yaml$")
_TEMPLATE_TAG = re.compile(r"</([A-Za-z][\w-]*)\s*>")
_ROLE_MARKER = re.compile(r"<\|[^|<>\n]{1,40}\|>|\[/?INST\]|<</?SYS>>", re.IGNORECASE)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class PromptSpec(BaseModel):
    """One version of one prompt, as read from its YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Task name; equals the prompt's folder name.")
    version: int = Field(ge=1, description="Equals N in the file name vN.yaml.")
    returns: str = Field(
        description="Answer schema: a model name in assistant.chains.schemas, or module:Class."
    )
    variables: tuple[str, ...] = Field(description="Names of the placeholders, all used.")
    system: str = Field(description="System message template.")
    user: str = Field(description="User message template; user text goes inside fences.")
    description: str | None = Field(default=None, description="What the prompt is for.")
    _source: str = PrivateAttr(default="<memory>")

    @property
    def source(self) -> str:
        """The file this prompt came from, for error messages."""
        return self._source

    @property
    def fences(self) -> frozenset[str]:
        """Tag names this prompt uses as fences (those it closes, e.g. ``</incident_data>``)."""
        found = set(_TEMPLATE_TAG.findall(self.system)) | set(_TEMPLATE_TAG.findall(self.user))
        return frozenset(name.lower() for name in found) | DEFAULT_FENCES

    def response_model(self) -> type[BaseModel]:
        """The pydantic model named by ``returns``."""
        try:
            return resolve_schema(self.returns)
        except PromptError as exc:
            raise PromptError(f"{self.source}: {exc}") from exc

    def to_messages(self, **values: str) -> list[BaseMessage]:
        """The system and user messages with ``values`` inserted as neutralised data."""
        expected = set(self.variables)
        missing = sorted(expected - values.keys())
        unknown = sorted(values.keys() - expected)
        if missing or unknown:
            problems = []
            if missing:
                problems.append(f"missing values for {', '.join(missing)}")
            if unknown:
                problems.append(f"unknown variables {', '.join(unknown)}")
            raise PromptError(f"{self.source}: {'; '.join(problems)}")
        fences = self.fences
        safe = {name: neutralise(str(value), fences) for name, value in values.items()}
        return [
            SystemMessage(content=self.system.format_map(safe)),
            HumanMessage(content=self.user.format_map(safe)),
        ]


def neutralise(value: str, fences: frozenset[str] = DEFAULT_FENCES) -> str:
    """``value`` with fence tags and chat role markers defused, so it stays data.

    Angle and square brackets of such markers become look-alike characters (``‹ ›``, ``［ ］``):
    a reader still sees what was pasted, but it no longer closes a fence or opens a role turn.
    """
    if fences:
        names = "|".join(re.escape(name) for name in sorted(fences))
        fence_tag = re.compile(rf"<\s*/?\s*(?:{names})\b[^<>\n]*>", re.IGNORECASE)
        value = fence_tag.sub(_defuse, value)
    return _ROLE_MARKER.sub(_defuse, value)


def _defuse(match: re.Match[str]) -> str:
    return match.group(0).translate(str.maketrans("<>[]", "‹›［］"))


def placeholders(template: str) -> list[str]:
    """Names of ``{placeholders}`` in ``template``; ``{{`` and ``}}`` are literal braces.

    Raises ValueError for unbalanced braces and for anything but plain names (``{a.b}``,
    ``{a!r}``, ``{a:>3}``), which would let a template reach into the values.
    """
    names: list[str] = []
    for _literal, field_name, format_spec, conversion in string.Formatter().parse(template):
        if field_name is None:
            continue
        if not _IDENTIFIER.match(field_name) or format_spec or conversion:
            spec = f"{{{field_name}{'!' + conversion if conversion else ''}"
            spec += f"{':' + format_spec if format_spec else ''}}}"
            raise ValueError(f"placeholder {spec} must be a plain name")
        names.append(field_name)
    return names


def resolve_schema(name: str) -> type[BaseModel]:
    """The model a prompt's ``returns`` names.

    ``module:Class`` imports that class; a bare name is looked up in
    ``assistant.chains.schemas``, imported only now so prompts load before that module exists.
    """
    if ":" in name:
        module_name, _, attr = name.partition(":")
    else:
        module_name, attr = SCHEMAS_MODULE, name
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise PromptError(f"returns {name!r}: cannot import {module_name}: {exc}") from exc
    found: Any = getattr(module, attr, None)
    if not (isinstance(found, type) and issubclass(found, BaseModel)):
        raise PromptError(f"returns {name!r}: {module_name} has no pydantic model {attr!r}")
    return found


T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class ChainPrompt(Generic[T]):
    """The prompt version a chain pins, bound to the schema its answer is parsed with.

    Made by :func:`pin_prompt`, which checks that the file's ``returns`` names that schema, so
    the prompt file and the chain cannot disagree about the answer's shape.
    """

    spec: PromptSpec
    schema: type[T]

    @property
    def id(self) -> str:
        """The task name (the prompt's folder)."""
        return self.spec.id

    @property
    def version(self) -> int:
        """The pinned version."""
        return self.spec.version

    @property
    def ref(self) -> str:
        """``id@vN``, as eval results record it."""
        return f"{self.spec.id}@v{self.spec.version}"


PINNED: dict[str, ChainPrompt[Any]] = {}
"""Every pinned prompt by id, filled as chain modules are imported."""


def pin_prompt(prompt_id: str, version: int, schema: type[T]) -> ChainPrompt[T]:
    """Load ``prompt_id`` v``version`` for a chain whose answers are ``schema``; record the pin."""
    spec = load_prompt(prompt_id, version)
    named = spec.response_model()
    if named is not schema:
        raise PromptError(
            f"{spec.source}: returns {spec.returns!r}, but its chain parses {schema.__name__}"
        )
    pinned = ChainPrompt(spec, schema)
    PINNED[prompt_id] = pinned
    return pinned


def load_prompt(prompt_id: str, version: int, *, directory: Path | None = None) -> PromptSpec:
    """Load and check ``<directory>/<prompt_id>/v<version>.yaml`` (default ``PROMPTS_DIR``)."""
    base = directory if directory is not None else PROMPTS_DIR
    path = base / prompt_id / f"v{version}.yaml"
    if not path.is_file():
        raise PromptError(f"{_display(path)}: no such prompt file")
    return load_prompt_file(path)


def load_prompt_file(path: Path) -> PromptSpec:
    """Load and check one prompt file; its folder is the id and ``v<N>.yaml`` the version."""
    shown = _display(path)
    name_match = _FILE_NAME.match(path.name)
    if name_match is None:
        raise PromptError(f"{shown}: prompt files are named v<N>.yaml")
    spec = _parse(path, shown)
    if spec.id != path.parent.name:
        raise PromptError(f"{shown}: id {spec.id!r} does not match the folder {path.parent.name!r}")
    if spec.version != int(name_match.group(1)):
        raise PromptError(f"{shown}: version {spec.version} does not match the file name")
    _check_placeholders(spec, shown)
    spec._source = shown
    spec.response_model()
    return spec


def list_prompts(directory: Path | None = None) -> list[PromptSpec]:
    """Every prompt under ``directory`` (default ``PROMPTS_DIR``), checked, by id then version."""
    base = directory if directory is not None else PROMPTS_DIR
    if not base.is_dir():
        return []
    specs = [load_prompt_file(path) for path in base.glob("*/v*.yaml")]
    return sorted(specs, key=lambda spec: (spec.id, spec.version))


def _parse(path: Path, shown: str) -> PromptSpec:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptError(f"{shown}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise PromptError(f"{shown}: not valid YAML: {exc}".replace("\n", " ")) from exc
    if not isinstance(data, dict):
        raise PromptError(f"{shown}: expected a mapping with id, version, returns, ...")
    try:
        return PromptSpec.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'file'}: {err['msg']}"
            for err in exc.errors()
        )
        raise PromptError(f"{shown}: {problems}") from exc


def _check_placeholders(spec: PromptSpec, shown: str) -> None:
    if len(set(spec.variables)) != len(spec.variables):
        raise PromptError(f"{shown}: variables are listed twice")
    try:
        used = set(placeholders(spec.system)) | set(placeholders(spec.user))
    except ValueError as exc:
        raise PromptError(f"{shown}: {exc}") from exc
    declared = set(spec.variables)
    if used != declared:
        problems = []
        if used - declared:
            problems.append(f"undeclared placeholders {sorted(used - declared)}")
        if declared - used:
            problems.append(f"unused variables {sorted(declared - used)}")
        raise PromptError(f"{shown}: {'; '.join(problems)}")


def _display(path: Path) -> str:
    """``path`` as ``prompts/<id>/v<N>.yaml`` for a shipped prompt, so messages stay short."""
    try:
        return "prompts/" + path.resolve().relative_to(PROMPTS_DIR.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
