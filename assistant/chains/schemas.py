"""What models return: lenient answer schemas, converted to domain models only after checks.

Field descriptions are part of the prompt: ``invoke_structured`` sends the JSON Schema of these
models, so every description is written for the model that fills it in.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ProposedWhy(BaseModel):
    """One next step of a 5 Whys chain, proposed by the model."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        description="The next why question, about the last cause in the chain, in neutral words."
    )
    answer: str = Field(
        description="A candidate answer to confirm: a condition in a process, tool, design or "
        "practice. Never a person, a person's mistake or 'human error'."
    )


class WhyProposal(BaseModel):
    """The model's proposal of the next two or three why steps."""

    model_config = ConfigDict(extra="forbid")

    steps: list[ProposedWhy] = Field(
        default_factory=list, description="Two or three next why steps, deepest last."
    )


class ActionRewrite(BaseModel):
    """A SMART rewrite of one action item."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        description="The rewritten action item, one line, keeping its intent, system names and "
        "numbers. Use <owner> and <due date> placeholders when they are not given; never "
        "invent a name or a date."
    )


class BlamelessPassage(BaseModel):
    """One flagged passage and its blameless rewrite."""

    model_config = ConfigDict(extra="forbid")

    id: int = Field(description="The number of the passage, as given in brackets in the input.")
    original: str = Field(description="The passage exactly as given.")
    rewrite: str = Field(
        description="The passage rewritten blamelessly: systems and processes, not people; no "
        "names of people as culprits, no 'human error' as a cause, no 'should have' about "
        "people, no judgement or hindsight words, no sarcasm. Keep every number, time, date, "
        "version, host, service name and id exactly as written. Invent nothing."
    )


class BlamelessRewrite(BaseModel):
    """Blameless rewrites of the flagged passages, one per passage."""

    model_config = ConfigDict(extra="forbid")

    passages: list[BlamelessPassage] = Field(
        default_factory=list, description="One entry per input passage, in input order."
    )


class BlameProposal(BaseModel):
    """One blameful span the model found in a numbered sentence."""

    model_config = ConfigDict(extra="forbid")

    sentence: int = Field(description="The number of the sentence, as given in brackets.")
    quote: str = Field(
        description="The blameful words copied exactly from that sentence: a short span (the "
        "culprit and the act, or the judgement word), never the whole sentence."
    )
    category: str = Field(
        description="One of: named_blame (a named person), role_blame (a role or team), "
        "human_error, counterfactual, judgement, hindsight, failure_verb, tone."
    )
    reason: str = Field(description="Why the span blames people, in one short sentence.")


class BlameDetection(BaseModel):
    """Blameful spans in the numbered sentences; empty when there are none."""

    model_config = ConfigDict(extra="forbid")

    findings: list[BlameProposal] = Field(
        default_factory=list, description="One entry per blameful span; empty when none."
    )


# --- the author's draft: four chains (draft_summary, draft_timeline, draft_causes, draft_actions)
# Evidence is cited as "source:line", exactly as the line's bracketed prefix shows it.


class DraftImpact(BaseModel):
    """Impact of the incident, each field only from figures stated in the evidence."""

    model_config = ConfigDict(extra="forbid")

    customers_affected: str | None = Field(
        default=None, description="Who was affected and how many, as the evidence states it."
    )
    duration: str | None = Field(default=None, description="How long the impact lasted.")
    revenue: str | None = Field(
        default=None, description="Revenue impact, only when the evidence states a figure."
    )
    reputation: str | None = Field(
        default=None, description="Public visibility: status page, social media, press."
    )
    data_loss: str | None = Field(
        default=None, description="Data lost or corrupted; null when the evidence says none."
    )
    other: list[str] = Field(
        default_factory=list, description="Other stated figures: error rates, failed requests."
    )


class DraftSummary(BaseModel):
    """Title, severity, one-paragraph summary and impact of the incident."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(
        default=None, description="A short neutral title naming the system and the symptom."
    )
    severity: str | None = Field(
        default=None, description="One of P0 (worst) to P4, judged from the stated impact."
    )
    summary: str | None = Field(
        default=None,
        description="One paragraph: what happened, when (UTC), the impact, how it was detected "
        "and resolved. Only numbers and times found in the evidence. Blameless, no names.",
    )
    impact_line: str | None = Field(
        default=None, description="One line for the header: duration and the main figure."
    )
    impact: DraftImpact = Field(default_factory=DraftImpact)


class DraftTimelineRow(BaseModel):
    """One timeline row, reworded, resting on the evidence lines it cites."""

    model_config = ConfigDict(extra="forbid")

    evidence: list[str] = Field(
        description='The cited lines as "source:line", copied from the rows given. Required.'
    )
    time: str | None = Field(
        default=None,
        description="The time of the cited line, ISO-8601 in UTC (e.g. 2024-02-15T14:05:00Z); "
        "null when the line has none.",
    )
    who: str | None = Field(
        default=None, description="The actor by role or system (on-call engineer, deployer)."
    )
    what: str = Field(
        description="What happened, in neutral words, keeping every number, version and name "
        "of a system from the line."
    )
    kind: str | None = Field(
        default=None,
        description="trigger, alert, detection, communication, mitigation, resolution or other.",
    )


class DraftTimeline(BaseModel):
    """The timeline rows, reworded; one entry per row given, in the same order."""

    model_config = ConfigDict(extra="forbid")

    rows: list[DraftTimelineRow] = Field(default_factory=list)


class DraftWhy(BaseModel):
    """One step of the 5 Whys."""

    model_config = ConfigDict(extra="forbid")

    question: str
    answer: str = Field(
        description="A condition in a process, tool or design; never a person or human error."
    )
    confirmed: bool = Field(
        default=False,
        description="True only when the cited evidence states this answer; else a hypothesis.",
    )
    evidence: list[str] = Field(
        default_factory=list, description='Lines that support the answer, as "source:line".'
    )


class DraftFactor(BaseModel):
    """One contributing factor (a hole in the Swiss cheese)."""

    model_config = ConfigDict(extra="forbid")

    text: str
    category: str = Field(
        default="unknown",
        description="process, monitoring, communication, knowledge, tooling, architecture, "
        "capacity, dependency, configuration or deployment.",
    )


class DraftCauses(BaseModel):
    """Root cause analysis: 5 Whys, contributing factors, proximate vs root causes, lessons."""

    model_config = ConfigDict(extra="forbid")

    primary_root_cause: str | None = Field(
        default=None, description="The systemic root cause; null when the evidence cannot tell."
    )
    category: str | None = Field(
        default=None, description="Category of the root cause (see contributing factors)."
    )
    whys: list[DraftWhy] = Field(default_factory=list, description="Three to five steps.")
    contributing_factors: list[DraftFactor] = Field(default_factory=list)
    proximate_causes: list[str] = Field(
        default_factory=list, description="Immediate technical triggers, apart from root causes."
    )
    went_well: list[str] = Field(default_factory=list)
    could_be_better: list[str] = Field(default_factory=list)


class DraftActionItem(BaseModel):
    """One proposed action item."""

    model_config = ConfigDict(extra="forbid")

    what: str = Field(description="A specific, verifiable change to a system or process.")
    why: str | None = Field(default=None, description="The cause or factor it addresses.")
    owner: str | None = Field(
        default=None, description="Only a team or role named in the evidence; else null."
    )
    due: str | None = Field(
        default=None, description="YYYY-MM-DD only when the evidence gives it; else null."
    )
    priority: str | None = Field(default=None, description="P0, P1, P2 or P3.")
    horizon: str | None = Field(
        default=None, description="immediate (0-7 days), short_term (1-4 weeks) or long_term."
    )


class DraftPreventive(BaseModel):
    """Preventive measures in five groups."""

    model_config = ConfigDict(extra="forbid")

    process: list[str] = Field(default_factory=list)
    monitoring: list[str] = Field(default_factory=list)
    automation: list[str] = Field(default_factory=list)
    documentation: list[str] = Field(default_factory=list)
    organizational: list[str] = Field(default_factory=list)


class DraftActions(BaseModel):
    """Action items in three horizons and preventive measures in five groups."""

    model_config = ConfigDict(extra="forbid")

    action_items: list[DraftActionItem] = Field(default_factory=list)
    preventive_measures: DraftPreventive = Field(default_factory=DraftPreventive)


class DetectedActionItem(BaseModel):
    """One action item the model found, quoted from the document."""

    model_config = ConfigDict(extra="forbid")

    quote: str = Field(
        description="The item exactly as written in the block, word for word (at least a few "
        "words, one item only)."
    )
    block: int = Field(description="Number of the block the quote comes from.")
    done: bool | None = Field(
        default=None,
        description="True when the text reports the work as done, false when it is planned, "
        "null when it does not say.",
    )


class ActionDetection(BaseModel):
    """Action items found in blocks the rules could not place."""

    model_config = ConfigDict(extra="forbid")

    items: list[DetectedActionItem] = Field(
        default_factory=list, description="Every action item in the blocks, in document order."
    )
