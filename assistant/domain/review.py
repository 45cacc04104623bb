"""The review of a postmortem: blame findings, whys depth, reviewed action items, the score."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.postmortem import (
    ActionItem,
    Notice,
    SmartScore,
    WhyStep,
    _Frozen,
)
from assistant.domain.vocabulary import (
    SCHEMA_VERSION,
    CauseCategory,
    DocumentSection,
    FindingCategory,
    FindingSeverity,
    Origin,
    Severity,
)


class Finding(_Frozen):
    """A blameful passage: where it is, why it is blameful, and a neutral suggestion."""

    start: int = Field(ge=0, description="Character offset of the span in the text.")
    end: int = Field(ge=0, description="Character offset just past the span.")
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    text: str
    category: FindingCategory
    severity: FindingSeverity
    message: str
    suggestion: str | None = Field(
        default=None,
        description="Neutral rewrite of the whole sentence; \"\" removes it; None when no "
        "rewrite fits the sentence's shape (the message carries the advice).",
    )
    origin: Origin = Field(
        default="rules", description="Who found it: the rules, or a model (then checked)."
    )


class WhysReview(_Frozen):
    """Depth check of the root-cause analysis."""

    chain: tuple[WhyStep, ...] = ()
    stops_at_human_error: bool = False
    stops_at_proximate_cause: bool = False
    final_cause_category: CauseCategory = "unknown"
    proposed_whys: tuple[WhyStep, ...] = ()
    explanation: str = ""
    factor_suggestion: str | None = Field(
        default=None, description="Categories to examine when contributing factors are thin."
    )
    origin: Origin = "rules"


class ActionItemReview(ActionItem):
    """One action item as reviewed: the item's own fields, its SMART score, issues and fixes."""

    smart: SmartScore
    issues: tuple[str, ...] = ()
    suggestion: str | None = None
    blame: tuple[Finding, ...] = ()

    @classmethod
    def of(
        cls,
        item: ActionItem,
        smart: SmartScore,
        *,
        issues: tuple[str, ...] = (),
        suggestion: str | None = None,
        blame: tuple[Finding, ...] = (),
    ) -> ActionItemReview:
        """The review of ``item``: its fields with ``smart`` as the one score."""
        fields = {name: getattr(item, name) for name in ActionItem.model_fields if name != "smart"}
        return cls(**fields, smart=smart, issues=issues, suggestion=suggestion, blame=blame)

    @property
    def item(self) -> ActionItem:
        """The reviewed item alone, with its score."""
        return ActionItem(**{name: getattr(self, name) for name in ActionItem.model_fields})


class DocumentInfo(_Frozen):
    """What a review read from the document: header facts and which sections it has."""

    title: str | None = None
    date: dt.date | None = Field(default=None, description="The incident date the document gives.")
    severity: Severity | None = None
    duration_minutes: float | None = Field(
        default=None, description="Impact duration the document states or its timeline spans."
    )
    sections: dict[DocumentSection, bool] = Field(
        default_factory=dict,
        description="True when the content is present under any heading.",
    )


class Completeness(_Frozen):
    """Which template sections are present, missing or empty, and consistency problems."""

    present: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    ratio: float = Field(default=0.0, ge=0.0, le=1.0)


class ScorePart(_Frozen):
    """One part of the review score: what it weighs, what it earned, and why."""

    name: str = Field(description="The part: blamelessness, causal_depth, action_items, ...")
    points: float = Field(ge=0, description="Points earned.")
    out_of: float = Field(gt=0, description="Points this part can earn.")
    earned: tuple[str, ...] = Field(default=(), description="What earned points.")
    lost: tuple[str, ...] = Field(default=(), description="What lost points.")


class Review(BaseModel):
    """What a reviewer gets for a draft: blame, whys depth, SMART items, completeness, a score."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    blame: list[Finding] = Field(default_factory=list)
    whys: WhysReview = Field(default_factory=WhysReview)
    action_items: list[ActionItemReview] = Field(default_factory=list)
    completeness: Completeness = Field(default_factory=Completeness)
    score: int = Field(default=0, ge=0, le=100, description="Overall quality, 0-100.")
    score_parts: list[ScorePart] = Field(
        default_factory=list, description="The parts the score adds up, each explained."
    )
    provenance: dict[str, Origin] = Field(default_factory=dict)
    warnings: list[Notice] = Field(default_factory=list)
