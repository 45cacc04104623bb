"""The postmortem document: evidence, timeline, milestones, causes, impact, action items."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from assistant.domain.vocabulary import (
    SCHEMA_VERSION,
    SMART_FIELDS,
    CauseCategory,
    EventKind,
    Horizon,
    MilestoneName,
    Origin,
    Priority,
    Severity,
    Status,
    TimeAssumption,
)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)



class EvidenceRef(_Frozen):
    """A pointer to one input line: the file (or pasted block) and its 1-based line number."""

    source: str = Field(description="Name of the input file or pasted block.")
    line: int = Field(ge=1, description="1-based line number in that source.")


class Evidence(_Frozen):
    """One input line or message, with the time and speaker found on it."""

    source: str = Field(description="Name of the input file or pasted block.")
    line: int = Field(ge=1, description="1-based line (or message) number in the source.")
    time: AwareDatetime | None = Field(
        default=None, description="When it happened; None when the line carries no time."
    )
    time_assumed: tuple[TimeAssumption, ...] = Field(
        default=(), description="Parts of the time that were inferred rather than read."
    )
    speaker: str | None = Field(default=None, description="Who wrote or emitted the line.")
    text: str = Field(description="The message text, without the timestamp and speaker.")

    def ref(self) -> EvidenceRef:
        """The reference a timeline row uses to cite this line."""
        return EvidenceRef(source=self.source, line=self.line)


class TimelineEvent(_Frozen):
    """One timeline row, always traceable to its evidence."""

    time: AwareDatetime | None = Field(
        description="When it happened; None when the evidence carries no time."
    )
    who: str | None = Field(default=None, description="Actor by role or system, never a culprit.")
    what: str = Field(description="What happened, in neutral words.")
    kind: EventKind = Field(description="Role of the event in the incident.")
    evidence: tuple[EvidenceRef, ...] = Field(
        min_length=1, description="The input lines this row rests on."
    )
    context: str | None = Field(default=None, description="Extra context for the row.")
    count: int = Field(
        default=1, ge=1, description="How many input lines this row stands for (collapsed noise)."
    )
    end_time: AwareDatetime | None = Field(
        default=None, description="Last occurrence, for a row that collapses repeated lines."
    )


class Milestone(_Frozen):
    """A key moment of the response, with the evidence it was taken from."""

    name: MilestoneName
    time: AwareDatetime | None
    what: str = Field(description="The event chosen as this milestone.")
    evidence: tuple[EvidenceRef, ...] = Field(min_length=1)
    conflicts: tuple[str, ...] = Field(
        default=(), description="Other candidates that disagree with this choice, described."
    )


class Milestones(_Frozen):
    """T+0 alert, detection, communication, mitigation start and resolution."""

    start: AwareDatetime | None = Field(
        default=None, description="When impact began (the trigger or first symptom), if known."
    )
    alert: Milestone | None = None
    detection: Milestone | None = None
    communication: Milestone | None = None
    mitigation: Milestone | None = None
    resolution: Milestone | None = None


class ResponseMetrics(_Frozen):
    """Detection and response figures in minutes, computed from the milestones."""

    minutes_to_detect: float | None = None
    minutes_to_mitigate: float | None = Field(
        default=None, description="From the start of the incident to the start of mitigation."
    )
    minutes_to_resolve: float | None = None
    total_minutes: float | None = None
    response_quality: str | None = Field(default=None, description="A short judgement of process.")


class WhyStep(_Frozen):
    """One step of a 5 Whys chain."""

    question: str
    answer: str
    hypothesis: bool = Field(
        default=False, description="True when the answer is a candidate still to be confirmed."
    )


class ContributingFactor(_Frozen):
    """One hole in the Swiss cheese: a condition that let the incident happen or grow."""

    text: str
    category: CauseCategory = "unknown"


class RootCauseAnalysis(_Frozen):
    """Primary root cause, the 5 Whys that reach it, and contributing factors."""

    primary: str | None = None
    category: CauseCategory = "unknown"
    whys: tuple[WhyStep, ...] = ()
    contributing_factors: tuple[ContributingFactor, ...] = ()
    proximate_causes: tuple[str, ...] = Field(
        default=(), description="Immediate triggers, kept apart from the root causes."
    )


class Impact(_Frozen):
    """Who and what was hurt, and how much; None means not stated."""

    customers_affected: str | None = None
    duration: str | None = None
    revenue: str | None = None
    reputation: str | None = None
    data_loss: str | None = None
    other: tuple[str, ...] = ()


SmartValue = Literal[0, 1, 2]


class SmartScore(_Frozen):
    """SMART rating of an action item: each letter 0 missing, 1 partial, 2 met, None unassessed."""

    specific: SmartValue | None
    measurable: SmartValue | None
    assignable: SmartValue | None
    realistic: SmartValue | None
    time_bound: SmartValue | None
    reasons: dict[str, str] = Field(
        default_factory=dict, description="One-line reason per letter, keyed by letter name."
    )

    @classmethod
    def unassessed(cls, reason: str) -> SmartScore:
        """A score that could not be computed; never reported as zeros."""
        return cls(
            specific=None,
            measurable=None,
            assignable=None,
            realistic=None,
            time_bound=None,
            reasons=dict.fromkeys(SMART_FIELDS, reason),
        )

    @property
    def total(self) -> int | None:
        """Sum of the five letters (0-10), or None when any is unassessed."""
        values = (self.specific, self.measurable, self.assignable, self.realistic, self.time_bound)
        if any(v is None for v in values):
            return None
        return sum(v for v in values if v is not None)


class ActionItem(_Frozen):
    """One follow-up: Priority | What | Why | Owner | Due | Status, plus its horizon and score."""

    what: str
    why: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    priority: Priority | None = None
    status: Status = "open"
    horizon: Horizon | None = None
    key: str | None = Field(default=None, description="Tracker key such as OPS-123.")
    smart: SmartScore | None = None


class PreventiveMeasures(_Frozen):
    """Longer-lived defences, in five groups."""

    process: tuple[str, ...] = ()
    monitoring: tuple[str, ...] = ()
    automation: tuple[str, ...] = ()
    documentation: tuple[str, ...] = ()
    organizational: tuple[str, ...] = ()


class Appendices(_Frozen):
    """Evidence excerpts and related incidents."""

    evidence_excerpts: tuple[str, ...] = ()
    related_incidents: tuple[str, ...] = ()


class Notice(_Frozen):
    """Something the user should know about how the document was made."""

    message: str
    source: str | None = Field(default=None, description="Input file or step it concerns.")

    @classmethod
    def model_step_skipped(cls, step: str, reason: object) -> Notice:
        """A model step failed or was refused: the rules result stands, and the user is told."""
        return cls(message=f"model step '{step}' skipped, rules result kept: {reason}", source=step)


class Postmortem(BaseModel):
    """The whole template of a blameless postmortem, with provenance per section."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    incident_id: str | None = None
    title: str | None = None
    date: dt.date | None = None
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    impact_line: str | None = None
    severity: Severity | None = None
    summary: str | None = None
    timeline: list[TimelineEvent] = Field(default_factory=list)
    milestones: Milestones = Field(default_factory=Milestones)
    metrics: ResponseMetrics = Field(default_factory=ResponseMetrics)
    root_cause: RootCauseAnalysis = Field(default_factory=RootCauseAnalysis)
    impact: Impact = Field(default_factory=Impact)
    went_well: list[str] = Field(default_factory=list)
    could_be_better: list[str] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    preventive_measures: PreventiveMeasures = Field(default_factory=PreventiveMeasures)
    appendices: Appendices = Field(default_factory=Appendices)
    provenance: dict[str, Origin] = Field(
        default_factory=dict, description="Per section key: rules, model, or the input itself."
    )
    warnings: list[Notice] = Field(default_factory=list)
