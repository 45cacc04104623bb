"""Read a 5 Whys chain in the shapes people write it.

``Why 1: ... / Answer: ...`` blocks, ``Q:``/``A:`` pairs, numbered or bulleted lists
(``1. Why did X? Because Y``), tables (``| # | Why | Because |``), arrow chains
(``outage -> pool exhausted -> no limit``), "Root cause: ..." lines and prose joined by "because".
Steps written as bare statements get a generated question naming the step before them.
"""

from __future__ import annotations

import re

from assistant.domain import WhyStep

FIRST_QUESTION = "Why did this happen?"

_MARKUP = re.compile(r"(\*\*|__|`|~~|^#+\s*|^>\s*)")
_LIST_MARK = re.compile(r"^\s*(?:[-*+•‣◦]|\d{1,2}[.)]|[a-z][.)])\s+")
_QUESTION_LABEL = re.compile(
    r"^(?:why\s*#?\s*\d*|q\d*|question\s*\d*|w\d)\s*[:.)\-–—]\s*|^why\s*\d+\s+", re.IGNORECASE
)
_ANSWER_LABEL = re.compile(
    r"^(?:(?:answer|ans|because|reason|cause)\b|a\d*(?=\s*[:.)\-–—])|->|→|=>)\s*[:.)\-–—]?\s*",
    re.IGNORECASE
)
_ROOT_LABEL = re.compile(
    r"^(?:(?:primary|underlying|final|actual|real)\s+)?(?:root\s*cause|rca)"
    r"(?:\s*\(\w+\))?\s*(?:was|is|[:=\-–—])\s*",
    re.IGNORECASE,
)
_ARROW = re.compile(r"\s*(?:->|→|=>|⟶|⇒|-->)\s*")
_BACK_ARROW = re.compile(r"\s*(?:<-|←|<=|⟵|<--)\s*")
_BECAUSE = re.compile(
    r",?\s*\b(?:because(?:\s+of)?|due\s+to|since|as\s+a\s+result\s+of)\b\s*", re.IGNORECASE
)
_QUESTION_START = re.compile(r"^(?:why|what|how|where|when|which|who)\b", re.IGNORECASE)
_SYMPTOM = re.compile(
    r"\b(outage|incident|down|downtime|errors?|5\d\d|customers?|users?|unavailable|failed|"
    r"failing|latency|degraded|timeouts?)\b",
    re.IGNORECASE,
)
_TABLE_QUESTION = re.compile(r"why|question|problem|symptom|effect|issue", re.IGNORECASE)
_TABLE_ANSWER = re.compile(r"because|answer|cause|reason|finding|explanation", re.IGNORECASE)


def _strip(line: str) -> str:
    """A line without list marks, emphasis and heading or quote marks."""
    text = _LIST_MARK.sub("", line.strip(), count=1)
    text = _MARKUP.sub("", text)
    return text.strip()


def _next_question(previous: str | None) -> str:
    """The question for a step written as a bare statement."""
    if not previous:
        return FIRST_QUESTION
    return f"Why: {previous.rstrip('.')}?"


def _split_inline(text: str) -> tuple[str | None, str | None]:
    """``Why did X? Because Y`` -> (question, answer); a statement -> (None, statement)."""
    if "?" in text and (_QUESTION_START.match(text) or text.rstrip().endswith("?")):
        question, _, answer = text.partition("?")
        answer = _ANSWER_LABEL.sub("", answer.strip(" -–—:")).strip()
        return question.strip() + "?", answer or None
    if _QUESTION_START.match(text) and not text.rstrip().endswith("."):
        return text.strip(), None
    return None, text


def _table_chain(lines: list[str]) -> list[WhyStep]:
    """Steps of a Markdown table with a why/question column and a because/answer column."""
    rows = [line.strip() for line in lines if line.strip().startswith("|")]
    if len(rows) < 2:
        return []
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    q_col = next((i for i, c in enumerate(header) if _TABLE_QUESTION.search(c)), None)
    a_col = next(
        (i for i, c in enumerate(header) if i != q_col and _TABLE_ANSWER.search(c)), None
    )
    if a_col is None:
        return []
    steps: list[WhyStep] = []
    for row in rows[1:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if set("".join(cells)) <= set("-: ") or a_col >= len(cells):
            continue
        answer = _strip(cells[a_col])
        question = _strip(cells[q_col]) if q_col is not None and q_col < len(cells) else ""
        if answer:
            previous = steps[-1].answer if steps else None
            steps.append(WhyStep(question=question or _next_question(previous), answer=answer))
    return steps


def _arrow_chain(text: str) -> list[WhyStep]:
    """Steps of ``symptom -> cause -> deeper cause`` (or cause <- symptom), symptom first."""
    if _BACK_ARROW.search(text):
        parts = [p.strip() for p in _BACK_ARROW.split(text)]
    else:
        parts = [p.strip() for p in _ARROW.split(text)]
        if _SYMPTOM.search(parts[-1]) and not _SYMPTOM.search(parts[0]):
            parts.reverse()  # written cause -> effect
    parts = [_strip(p) for p in parts if _strip(p)]
    return _statement_chain(parts[0], parts[1:])


def _statement_chain(problem: str | None, answers: list[str]) -> list[WhyStep]:
    """Steps from a problem statement followed by successive causes."""
    steps: list[WhyStep] = []
    previous = problem
    for answer in answers:
        steps.append(WhyStep(question=_next_question(previous), answer=_sentence(answer)))
        previous = answer
    return steps


def _prose_chain(text: str) -> list[WhyStep]:
    """``X because Y because Z`` prose, or a "Root cause: ..." line, as steps."""
    root = _ROOT_LABEL.match(text)
    if root:
        cause = text[root.end() :].strip()
        parts = [p.strip(" .") for p in _BECAUSE.split(cause) if p.strip(" .")]
        if len(parts) > 1:
            return _statement_chain(parts[0], parts[1:])
        return [WhyStep(question="What was the root cause?", answer=_sentence(cause))]
    parts = [p.strip(" .") for p in _BECAUSE.split(text) if p.strip(" .")]
    if len(parts) < 2:
        return []
    return _statement_chain(parts[0], parts[1:])


def _is_table(lines: list[str]) -> bool:
    """True when the text holds a pipe table."""
    return sum(1 for line in lines if line.strip().startswith("|")) >= 2


def _unwrap(text: str) -> list[str]:
    """Non-blank lines with hard-wrapped continuations joined to the line they continue.

    A line continues the one before when that one ends mid-sentence (no ``.?!:`` at its end)
    and it is no new step itself: no list mark, why/answer/root-cause label, table row,
    heading or arrow. A blank line always ends a paragraph.
    """
    out: list[str] = []
    joinable = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            joinable = False
            continue
        stripped = line.strip()
        starts_new = (
            _is_structured(line) or _ROOT_LABEL.match(_strip(line)) is not None
            or stripped.startswith(("|", "#", ">", "```")) or _ARROW.match(stripped) is not None
        )  # fmt: skip
        if joinable and out and not starts_new:
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(line)
        last = out[-1].rstrip()
        joinable = not last.endswith((".", "?", "!", ":", "|")) and not last.lstrip().startswith(
            ("|", "#")
        )
    return out


def parse_why_chain(text: str) -> list[WhyStep]:
    """The steps of the 5 Whys chain written in ``text``, in order from symptom to cause.

    Hard-wrapped lines are joined first, so a step written over several lines is one step.
    """
    lines = _unwrap(text)
    if not lines:
        return []
    if _is_table(lines):
        table = _table_chain(lines)
        if table:
            return table
    arrow_lines = [
        line for line in lines if len(_ARROW.split(line)) >= 3 or _BACK_ARROW.search(line)
    ]
    if len(lines) == 1 and (arrow_lines or len(_ARROW.split(lines[0])) >= 2):
        return _arrow_chain(_strip(lines[0]))
    structured = any(_is_structured(line) for line in lines)
    if not structured and _BECAUSE.search(" ".join(lines)):
        prose = _prose_chain(" ".join(_strip(line) for line in lines))
        if prose:
            return prose
    steps = _labelled_chain(lines)
    if steps:
        return steps
    if arrow_lines:
        return _arrow_chain(_strip(arrow_lines[0]))
    return _prose_chain(" ".join(_strip(line) for line in lines))


def _step(pending: str | None, steps: list[WhyStep], answer: str) -> WhyStep:
    """A step answering the pending question, or a generated one naming the previous step."""
    previous = steps[-1].answer if steps else None
    return WhyStep(question=pending or _next_question(previous), answer=_sentence(answer))


def _sentence(text: str) -> str:
    """An answer as a sentence fragment: first letter up, no trailing full stop."""
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def _is_structured(line: str) -> bool:
    """True for a list item or a line labelled as a why or an answer."""
    text = _strip(line)
    return bool(_LIST_MARK.match(line) or _QUESTION_LABEL.match(text) or _ANSWER_LABEL.match(text))


def _labelled_chain(lines: list[str]) -> list[WhyStep]:
    """Steps of labelled, listed or line-per-step chains (most formats)."""
    steps: list[WhyStep] = []
    pending: str | None = None
    single_line = len(lines) == 1
    for raw in lines:
        text = _strip(raw)
        if not text or (text.endswith(":") and len(text.split()) <= 8):
            continue
        root = _ROOT_LABEL.match(text)
        if root:
            answer = text[root.end() :].strip().rstrip(".")
            steps.append(
                WhyStep(question=pending or "What was the root cause?", answer=_sentence(answer))
            )
            pending = None
            continue
        if single_line and not _QUESTION_LABEL.match(text) and _BECAUSE.search(text):
            return []
        question_label = _QUESTION_LABEL.match(text)
        answer_label = None if question_label else _ANSWER_LABEL.match(text)
        label = question_label or answer_label
        body = text[label.end() :] if label else text
        if answer_label and answer_label.group(0).strip():
            if body:
                steps.append(_step(pending, steps, body))
            pending = None
            continue
        asked, answered = _split_inline(body)
        if asked and answered:
            steps.append(WhyStep(question=asked, answer=_sentence(answered)))
            pending = None
        elif asked:
            pending = asked
        elif answered:
            steps.append(_step(pending, steps, answered))
            pending = None
    return steps
