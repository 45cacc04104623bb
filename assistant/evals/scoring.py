"""Scoring one case: run the product's services on its inputs, compare with its gold answers.

``draft_scores`` drafts from the case's inputs and scores the timeline, milestones, durations
and groundedness; ``review_scores`` reviews its ``postmortem.md`` and scores blame, rewrites,
whys and SMART letters; ``model_scores`` counts what the model calls cost. Each goes through the
same services users run (``service.draft``, ``service.review``, ``service.rewrite``).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import service
from assistant.domain import Evidence, Notice, Postmortem, Review
from assistant.evals import metrics, prose
from assistant.evals.cases import Case, GoldProse, generated_inputs
from assistant.models.metering import ModelCall

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


@contextmanager
def _draft_sources(case: Case) -> Iterator[list[service.Source]]:
    """The case's inputs as pasted texts named by file name, generated ones included.

    Pasted texts keep source names free of the checkout's location, so the requests a model
    receives (and their fingerprints) are the same on every machine.
    """
    with tempfile.TemporaryDirectory(prefix=f"eval-{case.id}-") as scratch:
        files = sorted(p for p in case.inputs_dir.glob("*") if p.is_file())
        files += generated_inputs(case, Path(scratch))
        yield [
            service.PastedText(path.name, path.read_text(encoding="utf-8", errors="replace"))
            for path in files
        ]


def _draft(case: Case, sources: Sequence[service.Source], model: BaseChatModel | None,
           notes: list[str]) -> Postmortem:
    options = service.IngestOptions(tz=case.zone, date=case.expected.date)

    def keep(notice: Notice) -> None:
        notes.append(f"draft: {notice.message}")

    return service.draft(sources, options, model=model, on_warning=keep)


def _evidence_index(
    sources: Sequence[service.Source], case: Case, wanted: set[tuple[str, int]]
) -> tuple[dict[tuple[str, int], Evidence], tuple[str, set[str]]]:
    """The ingested records of the cited lines; the evidence's distinct texts, and the ways
    prose may state its times."""
    options = service.IngestOptions(tz=case.zone, date=case.expected.date)
    index: dict[tuple[str, int], Evidence] = {}
    texts: set[str] = set()
    times: set[dt.datetime] = set()
    for record in service.ingest(sources, options):
        key = (record.source, record.line)
        if key in wanted:
            index[key] = record
        texts.add(record.text)
        if record.time is not None:
            times.add(record.time)
    backed = {claim for when in times for claim in _clock_claims(when, case.zone)}
    return index, ("\n".join(sorted(texts)), backed)


def _clock_claims(when: dt.datetime, zone: dt.tzinfo) -> set[str]:
    """The ways prose states a time of the evidence: its date and clock, in UTC and the zone."""
    found = set()
    for shown in (when.astimezone(dt.UTC), when.astimezone(zone)):
        found |= {shown.strftime("%H:%M"), shown.strftime("%H:%M:%S"), shown.date().isoformat()}
        found |= {str(shown.year), str(shown.day), str(shown.hour)}
    return found


def draft_scores(
    case: Case, model: BaseChatModel | None, notes: list[str]
) -> dict[str, float | None]:
    gold = case.expected.draft
    if gold is None:
        return {}
    with _draft_sources(case) as sources:
        document = _draft(case, sources, model, notes)
        evidence, backed = _evidence_index(sources, case, metrics.cited_refs([document]))
    events = [metrics.GoldTimedEvent(case.gold_time(e.time), e.kind) for e in gold.events]
    recall, precision = metrics.event_scores(
        document.timeline, events, case.expected.tolerance_s
    )
    marks: dict[str, dt.datetime | None] = {name: (case.gold_time(value) if value else None)
             for name, value in gold.milestones.items()}
    return {
        "event_recall": recall,
        "event_precision": precision,
        "milestone_exactness": metrics.milestone_exactness(
            document.milestones, marks, case.expected.milestone_tolerance_s
        ),
        "duration_error_min": metrics.duration_error(
            document.metrics, {str(name): value for name, value in gold.durations.items()}
        ),
        "groundedness": metrics.groundedness(document.timeline, evidence),
        **draft_prose_scores(document, case.expected.prose, backed, notes),
    }


def draft_prose_scores(
    document: Postmortem, gold: GoldProse, backed: tuple[str, set[str]], notes: list[str]
) -> dict[str, float | None]:
    """What the draft's prose adds: facts stated, claims unbacked, causes reached, items."""
    summary = " ".join(filter(None, [document.summary, document.impact_line]))
    cause = document.root_cause
    statements = [prose.CauseText(cause.primary, cause.category)] if cause.primary else []
    statements += [prose.CauseText(f"{step.question} {step.answer}") for step in cause.whys]
    statements += [prose.CauseText(f.text, f.category) for f in cause.contributing_factors]
    scores: dict[str, float | None] = {
        "summary_fact_recall": prose.fact_recall(summary, gold.facts),
        "action_item_coverage": prose.item_coverage(
            [item.what for item in document.action_items], gold.action_items
        ),
    }
    if gold.causes:
        scores["why_proposal_hit"] = float(any(
            prose.reaches(statements, c.category, c.keywords) for c in gold.causes
        ))
    model_prose = _model_prose(document)
    if model_prose:
        figures = {str(round(v)) for v in document.metrics.model_dump().values()
                   if isinstance(v, float)}
        if document.date is not None:
            figures |= prose.claims(document.date.isoformat())
        claims = prose.unsupported(model_prose, backed[0], backed[1] | figures)
        notes.extend(f"prose: claim not in the evidence: {claim}" for claim in claims)
        scores["unsupported_claims"] = float(len(claims))
    return scores


def _model_prose(document: Postmortem) -> list[str]:
    """The prose the model wrote that states what happened (by the document's provenance).

    Action items are proposals, so their targets ("within 5 minutes") are not claims."""
    by_model = {name for name, origin in document.provenance.items() if origin == "model"}
    cause = document.root_cause
    sections: dict[str, list[str | None]] = {
        "summary": [document.summary],
        "impact": [document.impact_line],
        "root_cause": [cause.primary, *(step.answer for step in cause.whys),
                       *(factor.text for factor in cause.contributing_factors)],
        "went_well": list(document.went_well),
        "could_be_better": list(document.could_be_better),
    }
    return [text for name, texts in sections.items() if name in by_model
            for text in texts if text]


def review_scores(
    case: Case, model: BaseChatModel | None, notes: list[str]
) -> dict[str, float | None]:
    gold = case.expected.review
    if gold is None:
        return {}
    text = case.review_file.read_text(encoding="utf-8")
    options = service.ReviewOptions(date=case.expected.date, source=case.review_file.name)
    result = service.review(text, options, model=model)
    notes.extend(f"review: {notice.message}" for notice in result.warnings)
    spans = metrics.locate_spans(text, [span.text for span in gold.blame])
    notes.extend(f"gold: blameful passage not found in the draft: {span.text!r}"
                 for span, found in zip(gold.blame, spans, strict=True) if found is None)
    recall, precision = metrics.blame_scores(result.blame, spans)
    rewritten = _rewrite(text, result, model, notes)
    scores: dict[str, float | None] = {
        **review_prose_scores(text, rewritten, result, case, notes),
        "blame_recall": recall,
        "blame_precision": precision,
        "blame_residue": metrics.blame_residue(
            rewritten.text, [span.cues or (span.text,) for span in gold.blame]
        ),
        "output_blame": float(sum(len(service.lint(t)) for t in metrics.generated_texts(result))),
        "smart_agreement": metrics.smart_agreement(
            result.action_items, [(item.what, item.smart) for item in gold.action_items]
        ),
    }
    if gold.whys is not None:
        scores["why_stop_accuracy"] = metrics.why_stop_accuracy(
            result, gold.whys.stops_at_human_error, gold.whys.stops_at_proximate_cause
        )
        if gold.whys.final_cause_category is not None:
            scores["why_category_match"] = float(
                result.whys.final_cause_category == gold.whys.final_cause_category
            )
    return scores


def review_prose_scores(
    text: str, rewritten: service.Rewritten, result: Review, case: Case, notes: list[str]
) -> dict[str, float | None]:
    """What the review's model parts add: proposed whys that reach a gold cause, rewrites that
    keep the meaning, and claims in the proposed whys that the draft does not back."""
    gold = case.expected.prose
    blame = case.expected.review.blame if case.expected.review else ()
    scores: dict[str, float | None] = {
        "rewrite_meaning_kept": prose.meaning_kept(
            text, rewritten.text, [span.text for span in blame], gold.rewrite_facts,
            lambda passage: len(service.lint(passage)), proposals=rewritten.proposals or None,
        ),
    }
    proposed = [f"{step.question} {step.answer}" for step in result.whys.proposed_whys]
    if gold.causes and not case.has_draft:
        statements = [prose.CauseText(statement) for statement in proposed]
        scores["why_proposal_hit"] = float(any(
            prose.reaches(statements, c.category, c.keywords) for c in gold.causes
        ))
    if proposed and result.whys.origin == "model":
        claims = prose.unsupported(proposed, text)
        notes.extend(f"prose: claim not in the draft: {claim}" for claim in claims)
        scores["unsupported_claims"] = float(len(claims))
    return scores


def _rewrite(
    text: str, review: Review, model: BaseChatModel | None, notes: list[str]
) -> service.Rewritten:
    """The draft with its blameful passages rewritten, the way users get it from the service."""
    rewritten = service.rewrite(text, review.blame, model=model)
    notes.extend(f"rewrite: {notice.message}" for notice in rewritten.notices)
    return rewritten


def model_scores(case: Case, calls: Sequence[ModelCall]) -> dict[str, float | None]:
    judged = [call.valid for call in calls if call.valid is not None]
    secrets = case.expected.secrets
    return {
        "model_calls": float(len(calls)),
        "prompt_tokens": float(sum(call.prompt_tokens for call in calls)),
        "completion_tokens": float(sum(call.completion_tokens for call in calls)),
        "schema_validity": sum(judged) / len(judged) if judged else None,
        "secrets_sent": float(
            sum(1 for call in calls if any(secret in call.request for secret in secrets))
        ),
    }
