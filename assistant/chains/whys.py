"""Deepen a 5 Whys chain with a model: 2-3 next steps, each a hypothesis to confirm.

The model proposes; the rules dispose. A proposed step is kept only when its answer does not put
the cause in a person (no blame finding, not classed as human error) and its question is new.
When no proposal survives, the offline template proposals stand, so the caller always gets
steps built from the chain's own words.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from assistant.chains.schemas import ProposedWhy, WhyProposal
from assistant.domain import WhyStep
from assistant.models.prompts import pin_prompt
from assistant.models.structured import invoke_structured
from assistant.rules.blame.find import find_blame
from assistant.rules.whys.causes import classify_cause
from assistant.rules.whys.review import propose_next_whys

PROMPT = pin_prompt("deepen_whys", 1, WhyProposal)
MAX_STEPS = 3
_PERSON_BLAME = frozenset(
    {"named_blame", "role_blame", "human_error", "counterfactual", "judgement"}
)


def format_chain(chain: list[WhyStep]) -> str:
    """The chain as numbered question/answer lines, as the prompt shows it."""
    if not chain:
        return "(no why steps written)"
    return "\n".join(
        f"{index}. {step.question}\n   {step.answer}" for index, step in enumerate(chain, 1)
    )


def blames_a_person(text: str) -> bool:
    """True when ``text`` puts the cause in a person: a blame finding or human error."""
    if any(finding.category in _PERSON_BLAME for finding in find_blame(text)):
        return True
    return classify_cause(text) == "human_error"


def accept_proposals(chain: list[WhyStep], proposed: list[ProposedWhy]) -> list[WhyStep]:
    """The proposed steps that are complete, new and blameless, as hypotheses (at most 3)."""
    seen = {step.question.strip().lower() for step in chain}
    accepted: list[WhyStep] = []
    for step in proposed:
        question, answer = step.question.strip(), step.answer.strip()
        if not question or not answer or question.lower() in seen:
            continue
        if blames_a_person(answer):
            continue
        seen.add(question.lower())
        accepted.append(WhyStep(question=question, answer=answer, hypothesis=True))
    return accepted[:MAX_STEPS]


def deepen_whys(chain: list[WhyStep], summary: str, *, model: BaseChatModel) -> list[WhyStep]:
    """Next why steps proposed by ``model`` for ``chain``, checked; templates if none survive.

    Raises ``ModelOutputError`` when the answer stays malformed after one retry (the caller keeps
    the rules result) and ``ModelError`` when the model cannot be reached.
    """
    result = invoke_structured(
        model,
        PROMPT,
        {"summary": summary.strip() or "(no summary)", "whys": format_chain(chain)},
    )
    accepted = accept_proposals(chain, result.value.steps)
    if accepted:
        return accepted
    final = classify_cause(chain[-1].answer) if chain else "unknown"
    return propose_next_whys(chain, final)
