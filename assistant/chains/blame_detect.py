"""Blame the rules missed, found by a model and checked before anyone sees it.

``detect_blame(text, findings, model=...)`` sends the sentences of ``text`` that the rules did
not flag, numbered and fenced, to the model in batches that fit a token budget (prompt
``prompts/detect_blame/v1.yaml``). The model proposes findings; each is accepted only when:

- it names a sentence of its batch and quotes words that occur exactly in that sentence;
- its category is one of the finding categories (not ``deny_term``);
- it does not overlap a finding of the rules or another accepted proposal.

Accepted proposals become ``Finding`` objects with ``origin="model"``, the category's severity,
the model's reason in the message and no rewrite (``suggestion=None``). Model failures
(``ModelError``, ``ModelOutputError``) are raised: the caller keeps the rules result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import get_args

from langchain_core.language_models import BaseChatModel

from assistant.chains.schemas import BlameDetection
from assistant.domain import Finding, FindingCategory
from assistant.models.prompts import pin_prompt
from assistant.models.structured import invoke_structured
from assistant.models.tokens import count_tokens
from assistant.rules.blame.find import SEVERITY
from assistant.rules.blame.text import Sentence, mask_unlinted, split_sentences

PROMPT = pin_prompt("detect_blame", 1, BlameDetection)
BATCH_TOKENS = 1500
"""Tokens of numbered sentences sent in one request (the prompt itself is about 300 more)."""
MAX_BATCHES = 8
"""At most this many requests per document: a long document is reviewed from its start."""
MIN_WORDS = 4
"""Shorter sentences (headings, table cells, labels) are not sent."""
_CATEGORIES = frozenset(c for c in get_args(FindingCategory) if c != "deny_term")
_WORD = re.compile(r"[A-Za-z]+")


def _candidates(text: str, findings: Sequence[Finding]) -> list[Sentence]:
    """The sentences no rule finding touches, long enough to hold blame."""
    flagged = [(f.start, f.end) for f in findings]
    chosen = []
    for sentence in split_sentences(mask_unlinted(text)):
        if any(start < sentence.end and end > sentence.start for start, end in flagged):
            continue
        if len(_WORD.findall(sentence.text)) >= MIN_WORDS:
            chosen.append(sentence)
    return chosen


def _batches(
    text: str, sentences: Sequence[Sentence], budget: int
) -> Iterator[list[Sentence]]:
    """Consecutive sentences, as many per batch as fit in ``budget`` tokens (at least one)."""
    batch: list[Sentence] = []
    used = 0
    for sentence in sentences:
        cost = count_tokens(" ".join(text[sentence.start : sentence.end].split())) + 4
        if batch and used + cost > budget:
            yield batch
            batch, used = [], 0
        batch.append(sentence)
        used += cost
    if batch:
        yield batch


def _numbered(text: str, batch: Sequence[Sentence]) -> str:
    return "\n".join(
        f"[{number}] {' '.join(text[s.start : s.end].split())}"
        for number, s in enumerate(batch, 1)
    )


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def detect_blame(
    text: str,
    findings: Sequence[Finding],
    *,
    model: BaseChatModel,
    budget: int = BATCH_TOKENS,
    max_batches: int = MAX_BATCHES,
) -> list[Finding]:
    """Model findings for the sentences of ``text`` that ``findings`` (the rules') leave out.

    Returns only accepted proposals, sorted by offset; no candidate sentence, no model call.
    """
    accepted: list[Finding] = []
    taken = [(f.start, f.end) for f in findings]
    batches = _batches(text, _candidates(text, findings), budget)
    for index, batch in enumerate(batches):
        if index >= max_batches:
            break
        answer = invoke_structured(
            model, PROMPT, {"sentences": _numbered(text, batch)}
        ).value
        for proposal in answer.findings:
            finding = _accept(text, batch, proposal.sentence, proposal.quote,
                              proposal.category, proposal.reason, taken)
            if finding is not None:
                accepted.append(finding)
                taken.append((finding.start, finding.end))
    return sorted(accepted, key=lambda f: f.start)


def _accept(
    text: str,
    batch: Sequence[Sentence],
    number: int,
    quote: str,
    category: str,
    reason: str,
    taken: list[tuple[int, int]],
) -> Finding | None:
    """The proposal as a model ``Finding`` when it quotes its sentence exactly, else None."""
    if not 1 <= number <= len(batch) or category not in _CATEGORIES or not quote.strip():
        return None
    sentence = batch[number - 1]
    original = text[sentence.start : sentence.end]
    where = _find_quote(original, quote.strip())
    if where is None:
        return None
    start, end = sentence.start + where[0], sentence.start + where[1]
    if any(s < end and e > start for s, e in taken):
        return None
    line, column = _line_and_column(text, start)
    checked: FindingCategory = category  # type: ignore[assignment]  # checked against the set
    return Finding(
        start=start,
        end=end,
        line=line,
        column=column,
        text=text[start:end],
        category=checked,
        severity=SEVERITY[checked],
        message=f"Found by the model: {' '.join(reason.split())[:300]}",
        suggestion=None,
        origin="model",
    )


def _find_quote(sentence: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` occurs in ``sentence``; line breaks and runs of spaces may differ."""
    at = sentence.find(quote)
    if at >= 0:
        return at, at + len(quote)
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    match = re.search(pattern, sentence)
    return (match.start(), match.end()) if match else None
