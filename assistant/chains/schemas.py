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
