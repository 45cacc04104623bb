"""The closed vocabularies of the domain (``Literal`` types) and its fixed tables."""

from __future__ import annotations

from typing import Literal

Severity = Literal["P0", "P1", "P2", "P3", "P4"]
EventKind = Literal[
    "trigger", "alert", "detection", "communication", "mitigation", "resolution", "other"
]
MilestoneName = Literal["alert", "detection", "communication", "mitigation", "resolution"]
CauseCategory = Literal[
    "process",
    "monitoring",
    "communication",
    "knowledge",
    "tooling",
    "architecture",
    "capacity",
    "dependency",
    "configuration",
    "deployment",
    "human_error",
    "proximate_technical",
    "unknown",
]
Horizon = Literal["immediate", "short_term", "long_term"]
Priority = Literal["P0", "P1", "P2", "P3", "HIGH", "MEDIUM", "LOW"]
Status = Literal["open", "in_progress", "done", "wont_do"]
Origin = Literal["rules", "model", "input"]
FindingCategory = Literal[
    "named_blame",
    "role_blame",
    "human_error",
    "counterfactual",
    "judgement",
    "hindsight",
    "failure_verb",
    "tone",
    "deny_term",
]
FindingSeverity = Literal["error", "warning", "info"]
TimeAssumption = Literal["year", "date", "tz", "entry"]
"""Inferred parts of a time; ``entry``: the line carries the time of the entry it belongs to
(a time heading or the timed line above it)."""
SECTION_KEYS = (
    "summary",
    "timeline",
    "root_cause",
    "proximate_vs_root",
    "impact",
    "detection_response",
    "went_well",
    "could_be_better",
    "action_items",
    "preventive_measures",
    "appendices",
)
"""The template's sections in document order; keys of ``Postmortem.provenance``."""

SMART_LETTERS: tuple[tuple[str, str], ...] = (
    ("S", "specific"),
    ("M", "measurable"),
    ("A", "assignable"),
    ("R", "realistic"),
    ("T", "time_bound"),
)
"""The SMART letters and the SmartScore field each one is scored in, in order."""

SMART_FIELDS: tuple[str, ...] = tuple(name for _, name in SMART_LETTERS)
"""The SmartScore fields, in letter order."""

SCHEMA_VERSION = 2
"""Version of the Postmortem and Review JSON documents; bumped when their shape changes."""

DocumentSection = Literal[
    "summary", "timeline", "root_cause", "impact", "action_items", "detection_response", "lessons"
]
DOCUMENT_SECTIONS: tuple[DocumentSection, ...] = (
    "summary", "timeline", "root_cause", "impact", "action_items", "detection_response", "lessons"
)
"""The sections a review reports present or not, under whatever heading the document uses."""
