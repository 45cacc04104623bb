"""Eval cases: a folder each under ``evals/cases/``, read into a ``Case`` with its gold answers.

A case folder holds what a user would paste (``inputs/`` for a draft, ``postmortem.md`` for a
review, either or both), ``expected.yaml`` with the gold answers and case settings, and the
model's scripted answers (``script.yaml``, rendered into ``responses/<task>/<fingerprint>``).
An optional ``generate.py`` writes inputs too large to commit (``write_inputs(folder)``), so
a 100,000-line log is produced at run time from a seeded generator. Dropping a new folder with
an ``expected.yaml`` adds a case; nothing else has to change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.domain import CauseCategory, EventKind, FindingCategory
from assistant.errors import InputError
from assistant.ingest.time.zones import parse_zone_name

SUITE_DIR = Path(str(resources.files("assistant.evals.suite")))
"""The shipped suite: the repository's ``evals/`` folder, installed as package data."""

CASES_DIR = SUITE_DIR / "cases"
"""The committed cases."""

EXPECTED_FILE = "expected.yaml"
REVIEW_FILE = "postmortem.md"
INPUTS_DIR = "inputs"
GENERATOR_FILE = "generate.py"
SCRIPT_FILE = "script.yaml"
RESPONSES_DIR = "responses"

SmartLetters = tuple[int, int, int, int, int]


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldEvent(_Gold):
    """One event the timeline must hold: when, and its role in the incident."""

    time: str = Field(description="'HH:MM[:SS]' on the case date and zone, or ISO with offset.")
    kind: EventKind
    note: str | None = Field(default=None, description="What it is, for people reading the gold.")


class GoldDraft(_Gold):
    """Gold answers for a draft made from ``inputs/``."""

    events: tuple[GoldEvent, ...] = ()
    milestones: dict[Literal["start", "alert", "detection", "communication", "mitigation",
                             "resolution"], str | None] = Field(default_factory=dict)
    """Milestone name -> time; None when the incident has no such milestone."""
    durations: dict[Literal["minutes_to_detect", "minutes_to_mitigate", "minutes_to_resolve",
                            "total_minutes"], float] = Field(default_factory=dict)


class GoldSpan(_Gold):
    """A blameful passage of ``postmortem.md`` and the words that make it blameful."""

    text: str = Field(description="The passage, copied exactly from the draft.")
    category: FindingCategory | None = None
    cues: tuple[str, ...] = Field(
        default=(), description="Words that must be gone after a rewrite; default the passage."
    )


class GoldWhys(_Gold):
    """Where the 5 Whys chain of the draft stops, and the category of its last cause."""

    stops_at_human_error: bool
    stops_at_proximate_cause: bool
    final_cause_category: CauseCategory | None = None


class GoldActionItem(_Gold):
    """One action item, found by a phrase of its text, with its SMART letters (0, 1 or 2)."""

    what: str = Field(description="A phrase of the item's text that identifies it.")
    smart: SmartLetters = Field(description="specific, measurable, assignable, realistic, time.")

    @field_validator("smart")
    @classmethod
    def _letters_in_range(cls, value: SmartLetters) -> SmartLetters:
        if any(letter not in (0, 1, 2) for letter in value):
            raise ValueError("SMART letters are 0 (missing), 1 (partial) or 2 (met)")
        return value


class GoldReview(_Gold):
    """Gold answers for the review of ``postmortem.md``."""

    blame: tuple[GoldSpan, ...] = ()
    whys: GoldWhys | None = None
    action_items: tuple[GoldActionItem, ...] = ()


class GoldCause(_Gold):
    """A systemic cause a good deeper-why chain reaches: its category and a few key words."""

    category: CauseCategory
    keywords: tuple[str, ...] = Field(
        min_length=1, description="Short phrases that a why step naming this cause states."
    )


class GoldProse(_Gold):
    """Gold for what a model adds: the facts its summary states, the systemic causes its whys
    reach, the action items it drafts, and the facts its rewrites of blameful passages keep."""

    facts: tuple[str, ...] = Field(
        default=(), description="Short phrases and numbers the drafted summary must state."
    )
    causes: tuple[GoldCause, ...] = Field(
        default=(), description="Systemic causes the drafted or proposed whys should reach."
    )
    action_items: tuple[str, ...] = Field(
        default=(), description="Short phrases of the action items a good draft proposes."
    )
    rewrite_facts: tuple[str, ...] = Field(
        default=(), description="Facts of the blameful passages that every rewrite keeps."
    )


class Expected(_Gold):
    """The whole ``expected.yaml``: what the case is, how to read its inputs, and gold answers."""

    title: str
    scenario: str = Field(description="Kind of incident: bad-deploy, dns, adversarial-... .")
    date: dt.date = Field(description="Incident date: times without a date are on this day.")
    tz: str = Field(default="UTC", description="IANA zone of times that carry none.")
    tolerance_s: int = Field(default=120, ge=0, description="Event time tolerance, seconds.")
    milestone_tolerance_s: int = Field(default=60, ge=0)
    secrets: tuple[str, ...] = Field(
        default=(), description="Strings in the inputs that must never reach a model."
    )
    scripted_draft: bool = Field(
        default=True,
        description="False while the case has no scripted answers for the draft chains: in "
        "the scripted modes its draft then runs with rules only (the report says so).",
    )
    draft: GoldDraft | None = None
    review: GoldReview | None = None
    prose: GoldProse = Field(default_factory=GoldProse)

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone_of(value)
        return value


@dataclass(frozen=True)
class Case:
    """One eval case as found on disk."""

    id: str
    folder: Path
    expected: Expected

    @property
    def inputs_dir(self) -> Path:
        """Committed draft inputs."""
        return self.folder / INPUTS_DIR

    @property
    def review_file(self) -> Path:
        """The draft to review, when the case has one."""
        return self.folder / REVIEW_FILE

    @property
    def generator(self) -> Path | None:
        """The script that writes generated inputs, when the case has one."""
        path = self.folder / GENERATOR_FILE
        return path if path.is_file() else None

    @property
    def responses_dir(self) -> Path:
        """Where the scripted model's answers of this case live."""
        return self.folder / RESPONSES_DIR

    @property
    def has_draft(self) -> bool:
        """True when the case drafts a postmortem from inputs."""
        return self.expected.draft is not None

    @property
    def has_review(self) -> bool:
        """True when the case reviews ``postmortem.md``."""
        return self.expected.review is not None

    @property
    def zone(self) -> dt.tzinfo:
        """The case's zone for times that carry none."""
        return zone_of(self.expected.tz)

    def gold_time(self, value: str) -> dt.datetime:
        """A gold time as an aware datetime: ISO with offset, or a clock on the case date."""
        return parse_gold_time(value, self.expected.date, self.zone)


def zone_of(name: str) -> dt.tzinfo:
    """The tzinfo an IANA name (or UTC) stands for."""
    return parse_zone_name(name)


def parse_gold_time(value: str, day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """``value`` as an aware time: ISO 8601 with an offset, or ``HH:MM[:SS]`` on ``day``."""
    text = value.strip()
    if len(text) <= 8 and ":" in text:
        clock = dt.time.fromisoformat(text if text.count(":") == 2 else f"{text}:00")
        return dt.datetime.combine(day, clock, tzinfo=zone)
    parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=zone)
    return parsed


def load_case(folder: Path) -> Case:
    """The case in ``folder``; ``InputError`` naming the file when its gold is unusable."""
    path = folder / EXPECTED_FILE
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"not valid YAML: {exc}".replace("\n", " ")) from exc
    try:
        expected = Expected.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise InputError(str(path), problems) from exc
    if expected.draft is None and expected.review is None:
        raise InputError(str(path), "gold for neither 'draft' nor 'review'")
    return Case(id=folder.name, folder=folder, expected=expected)


def discover_cases(root: Path | None = None, case_ids: Sequence[str] | None = None) -> list[Case]:
    """Every case under ``root`` (default: the committed cases) by id, or only ``case_ids``."""
    base = root if root is not None else CASES_DIR
    if not base.is_dir():
        raise InputError(str(base), "no such cases folder")
    folders = sorted(p for p in base.iterdir() if (p / EXPECTED_FILE).is_file())
    if case_ids is not None:
        wanted = set(case_ids)
        unknown = wanted - {folder.name for folder in folders}
        if unknown:
            raise InputError(str(base), f"no such case: {', '.join(sorted(unknown))}")
        folders = [folder for folder in folders if folder.name in wanted]
    return [load_case(folder) for folder in folders]


def case_set_hash(cases: Sequence[Case]) -> str:
    """A short hash of what the cases are (gold, inputs, drafts, generators), not the answers."""
    digest = hashlib.sha256()
    for case in sorted(cases, key=lambda c: c.id):
        files = [case.folder / EXPECTED_FILE, case.review_file, case.folder / GENERATOR_FILE]
        files += sorted(p for p in case.inputs_dir.glob("*") if p.is_file())
        for path in (p for p in files if p.is_file()):
            digest.update(f"{case.id}/{path.relative_to(case.folder).as_posix()}\0".encode())
            digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:16]


def generated_inputs(case: Case, target: Path) -> list[Path]:
    """Run the case's ``generate.py`` into ``target``; the files it wrote, by name.

    The generator is a module with ``write_inputs(folder: Path) -> None``; it must be
    deterministic (a fixed seed, no clock), since the evals compare its results to gold.
    """
    script = case.generator
    if script is None:
        return []
    spec = importlib.util.spec_from_file_location(f"evals_case_{case.id.replace('-', '_')}", script)
    if spec is None or spec.loader is None:
        raise InputError(str(script), "cannot load the generator")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    write = getattr(module, "write_inputs", None)
    if not callable(write):
        raise InputError(str(script), "defines no write_inputs(folder)")
    target.mkdir(parents=True, exist_ok=True)
    write(target)
    return sorted(p for p in target.iterdir() if p.is_file())
