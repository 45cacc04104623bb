"""Checks on what a drafting model returns, before any of it reaches the document.

- Grounding: a timeline row must cite evidence lines that were sent, its time must match the
  time on those lines, and the facts in its wording (numbers, versions, system names) must be
  on those lines. Otherwise the row is refused with the reason.
- Facts: numbers and times in prose must appear in the evidence or in the figures derived from
  it (milestone times, minutes); the others are listed as unsupported.
- Placeholders: an owner the input never names, or a due date it never gives, is not kept.
- Refusals: "I'm sorry, I can't help with that" is no answer, whatever field it is in.

Everything here is pure: the evidence is passed in, nothing is read or called.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assistant.chains.schemas import DraftTimelineRow
from assistant.domain import EventKind, Evidence, EvidenceRef
from assistant.rules.blame.rewrite import extract_facts

TIME_TOLERANCE = dt.timedelta(seconds=60)
"""A row's time matches its evidence when it is within this of a cited line's time."""

EVENT_KINDS: frozenset[str] = frozenset(
    {"trigger", "alert", "detection", "communication", "mitigation", "resolution", "other"}
)
_REF = re.compile(r"^\s*\[?\s*(?P<source>.+?):(?P<line>\d+)\s*\]?\s*$")
_CLOCK = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?:UTC|Z)?$", re.I)
_REFUSAL = re.compile(
    r"^\W*(?:i'?m sorry|i am sorry|sorry,|i can(?:no|')t|i cannot|i am unable|i'm unable"
    r"|as an ai\b|i won'?t be able)",
    re.IGNORECASE,
)
_TIME_TOKEN = re.compile(r"(?<![\w:.])\d{1,2}:\d{2}(?::\d{2})?(?![\w:])")
_WORD_WITH_DIGIT = re.compile(r"(?<![\w.])[A-Za-z]+\d[\w.-]*|(?<![\w.])\d+[A-Za-z][\w-]*")
_QUANTITY = re.compile(r"^(\d+(?:[.,]\d+)?)\s?[A-Za-z]{2,7}$")
_NUMBER = re.compile(r"(?<![\w.:])\d[\d,]*(?:\.\d+)?(?![\w:]|\.\d)")


@dataclass(frozen=True)
class GroundedRow:
    """A model row that passed: its cited lines (real names), their time, and its wording."""

    refs: tuple[EvidenceRef, ...]
    time: dt.datetime | None
    who: str | None
    what: str
    kind: EventKind | None


def parse_ref(text: str, aliases: Mapping[str, str]) -> EvidenceRef | None:
    """``notes.md:4`` (an alias shown to the model, or a real source name) as a reference."""
    match = _REF.match(text)
    if match is None:
        return None
    source = match.group("source").strip()
    real = aliases.get(source, source)
    line = int(match.group("line"))
    return EvidenceRef(source=real, line=line) if line >= 1 else None


def parse_model_time(text: str | None, day: dt.date | None) -> dt.datetime | None:
    """An ISO-8601 time (naive means UTC), or ``HH:MM[:SS] [UTC]`` on ``day``; None if neither."""
    if text is None or not text.strip():
        return None
    raw = text.strip()
    clock = _CLOCK.match(raw)
    if clock is not None:
        if day is None:
            return None
        return dt.datetime(
            day.year, day.month, day.day, int(clock.group("h")) % 24, int(clock.group("m")),
            int(clock.group("s") or 0), tzinfo=dt.UTC,
        )
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" UTC", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _time_matches(claimed: dt.datetime, lines: Sequence[Evidence]) -> bool:
    """True when ``claimed`` is within the tolerance of a cited line's time (or, for a clock
    time without seconds, within the same minute)."""
    return any(
        line.time is not None and abs(line.time - claimed) < TIME_TOLERANCE for line in lines
    )


def ground_row(
    row: DraftTimelineRow,
    lines: Mapping[EvidenceRef, Evidence],
    aliases: Mapping[str, str],
    day: dt.date | None,
    shown: Mapping[EvidenceRef, str] | None = None,
) -> GroundedRow | str:
    """The row if its evidence exists, its time matches and its facts are on its lines;
    otherwise the reason it is refused.

    ``shown`` is what the model was shown for each line besides its text (the rules row with
    its times and count); facts found there count as the line's own.
    """
    if not row.evidence:
        return "cites no evidence"
    refs: list[EvidenceRef] = []
    for text in row.evidence:
        ref = parse_ref(text, aliases)
        if ref is None or ref not in lines:
            return f"cites {text!r}, which is not an evidence line it was given"
        refs.append(ref)
    cited = [lines[ref] for ref in refs]
    timed = [line for line in cited if line.time is not None]
    claimed = parse_model_time(row.time, day)
    if row.time and row.time.strip() and claimed is None:
        return f"its time {row.time!r} cannot be read"
    if claimed is not None and not timed:
        return f"gives the time {row.time} but its evidence carries none"
    if claimed is not None and not _time_matches(claimed, timed):
        said = ", ".join(_utc(line.time) for line in timed if line.time is not None)
        return f"gives the time {row.time} but its evidence says {said}"
    if is_refusal(row.what) or not row.what.strip():
        return "has no usable wording"
    extra = [shown.get(ref, "") for ref in refs] if shown else []
    source_text = "\n".join([line.text for line in cited] + extra)
    invented = facts_not_in(row.what, source_text)
    if invented:
        return f"states {', '.join(invented)}, which its evidence does not"
    kind = row.kind.strip().lower() if row.kind else None
    return GroundedRow(
        refs=tuple(refs),
        time=timed[0].time if timed else None,
        who=(row.who or "").strip() or None,
        what=row.what.strip(),
        kind=kind if kind in EVENT_KINDS else None,  # type: ignore[arg-type]
    )


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def facts_not_in(text: str, source: str) -> list[str]:
    """Facts of ``text`` (numbers, times, versions, ids, system names) absent from ``source``.

    A quantity counts by its number ("303 db" is there when "303" is), since a rewording may
    put another word after it.
    """
    lowered = " ".join(source.lower().split())
    missing = []
    for fact in extract_facts(text):
        quantity = _QUANTITY.match(fact)
        if quantity is not None:
            found = re.search(rf"(?<![\d.]){re.escape(quantity.group(1))}(?![\d])", lowered)
        else:
            found = fact.lower() in lowered  # type: ignore[assignment]
        if not found:
            missing.append(fact)
    return missing


def is_refusal(text: str | None) -> bool:
    """True for an answer that declines instead of answering."""
    return bool(text) and bool(_REFUSAL.match(text or ""))


@dataclass(frozen=True)
class FactIndex:
    """The numbers, times and digit-bearing words the evidence supports, normalised."""

    numbers: frozenset[str]
    times: frozenset[str]
    words: frozenset[str]

    @classmethod
    def build(
        cls,
        texts: Iterable[str],
        times: Iterable[dt.datetime] = (),
        figures: Iterable[float] = (),
    ) -> FactIndex:
        """Index ``texts`` (evidence and findings), clock times and derived minutes."""
        numbers: set[str] = set()
        clocks: set[str] = set()
        words: set[str] = set()
        for text in texts:
            clocks.update(_clock_key(t) for t in _TIME_TOKEN.findall(text))
            words.update(w.lower().rstrip(".") for w in _WORD_WITH_DIGIT.findall(text))
            numbers.update(_number_key(n) for n in _NUMBER.findall(_TIME_TOKEN.sub(" ", text)))
        for moment in times:
            utc = moment.astimezone(dt.UTC)
            clocks.add(_clock_key(utc.strftime("%H:%M:%S")))
            clocks.add(_clock_key(utc.strftime("%H:%M")))
            numbers.update({str(utc.year), str(utc.day)})
        for value in figures:
            numbers.update({_number_key(f"{value:.1f}"), str(round(value)), str(int(value))})
        return cls(frozenset(numbers), frozenset(clocks), frozenset(words))

    def unsupported(self, text: str) -> list[str]:
        """Numbers, times and digit-bearing words of ``text`` that the index does not hold."""
        missing: list[str] = []
        for clock in _TIME_TOKEN.findall(text):
            if _clock_key(clock) not in self.times:
                missing.append(clock)
        rest = _TIME_TOKEN.sub(" ", text)
        for word in _WORD_WITH_DIGIT.findall(rest):
            if word.lower().rstrip(".") not in self.words:
                missing.append(word.rstrip("."))
        for number in _NUMBER.findall(_WORD_WITH_DIGIT.sub(" ", rest)):
            if _number_key(number) not in self.numbers:
                missing.append(number)
        return list(dict.fromkeys(missing))


def _clock_key(text: str) -> str:
    parts = text.split(":")
    hour, minute = int(parts[0]), parts[1]
    seconds = parts[2] if len(parts) > 2 and parts[2] != "00" else None
    return f"{hour:02d}:{minute}" + (f":{seconds}" if seconds else "")


def _number_key(text: str) -> str:
    plain = text.replace(",", "")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return plain.lstrip("0") or "0"


def mark_unsupported(text: str, unsupported: Sequence[str]) -> str:
    """``text`` with ``[unverified]`` after the first occurrence of each unsupported figure."""
    result = text
    for figure in unsupported:
        pattern = re.compile(r"(?<![\w.:])" + re.escape(figure) + r"(?![\w:]|\.\d)(?:\s?%)?")
        result = pattern.sub(lambda m: f"{m.group(0)} [unverified]", result, count=1)
    return result


def named_in(value: str | None, corpus: str) -> bool:
    """True when ``value`` (an owner, a date) is written somewhere in the input."""
    if value is None or not value.strip():
        return False
    return " ".join(value.lower().split()) in corpus
