"""Merging sources by time: stable, untimed lines attached, contradictions warned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from assistant.domain import Evidence, Notice
from assistant.ingest.merge import merge_by_time


def _ev(source: str, line: int, minute: int | None, tz: timezone = UTC) -> Evidence:
    when = None if minute is None else datetime(2024, 2, 15, 14, minute, tzinfo=tz)
    return Evidence(source=source, line=line, time=when, text=f"{source}:{line}")


def _refs(records: list[Evidence]) -> list[str]:
    return [r.text for r in records]


def test_merge_orders_sources_by_time_across_zones() -> None:
    plus1 = timezone(timedelta(hours=1))
    notes = [_ev("notes", 1, 30), _ev("notes", 2, 40)]
    log = [_ev("log", 1, 35, tz=plus1), _ev("log", 2, 35)]  # 14:35+01:00 is 13:35 UTC
    merged = list(merge_by_time([notes, log]))
    assert _refs(merged) == ["log:1", "notes:1", "log:2", "notes:2"]


def test_merge_is_stable_for_equal_times() -> None:
    first = [_ev("a", 1, 30), _ev("a", 2, 30)]
    second = [_ev("b", 1, 30)]
    assert _refs(list(merge_by_time([first, second]))) == ["a:1", "a:2", "b:1"]


def test_untimed_lines_stay_after_the_timed_line_they_follow() -> None:
    log = [_ev("log", 1, 31), _ev("log", 2, None), _ev("log", 3, None), _ev("log", 4, 50)]
    notes = [_ev("notes", 1, 40)]
    merged = _refs(list(merge_by_time([log, notes])))
    assert merged == ["log:1", "log:2", "log:3", "notes:1", "log:4"]


def test_source_that_runs_backwards_is_warned_and_kept_in_order() -> None:
    notices: list[Notice] = []
    bad = [_ev("bad", 1, 40), _ev("bad", 2, 10), _ev("bad", 3, 45)]
    other = [_ev("ok", 1, 20)]
    merged = _refs(list(merge_by_time([bad, other], on_warning=notices.append)))
    assert merged == ["ok:1", "bad:1", "bad:2", "bad:3"]
    assert len(notices) == 1
    assert "bad: line 2" in notices[0].message and "earlier than line 1" in notices[0].message
