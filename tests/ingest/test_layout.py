"""Per-file timestamp layout inference: the span each file writes its time in, and its speed path.

The fixtures in ``tests/data/ingest/layouts`` are lines written for these tests in the shapes
real logs use: an epoch first and a human date later, a date and time joined by a dash with
dotted time fields, compact dates with colon milliseconds and unpadded fields, lines opening
with a file name that holds a date, an epoch in a middle column, a year-less syslog prefix
before a dated field, a day and month name without a year, journald's microsecond epoch.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.ingest.detect import detect_kind
from assistant.ingest.reader import read_sources, read_sources_json
from assistant.ingest.records import EvidenceJson
from assistant.ingest.time.formats import FORMATS, TimeFormat
from assistant.ingest.time.layout import infer_layout
from assistant.ingest.time.parse import TimestampFinder

LAYOUTS = Path(__file__).parent.parent / "data" / "ingest" / "layouts"


def _times(name: str) -> list[datetime | None]:
    """Times of every line of a fixture read as the CLI reads it: no --date, UTC."""
    return [e.time for e in read_sources([LAYOUTS / name], tz=UTC, date=None)]


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _finder() -> TimestampFinder:
    return TimestampFinder(default_tz=UTC, default_date=date(2000, 1, 1), mode="log")


def _lines(name: str) -> list[str]:
    return (LAYOUTS / name).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "epoch_then_syslog.log",
            ["2024-03-09 07:42:01", "2024-03-09 07:42:30", "2024-03-09 07:43:27",
             "2024-03-09 08:40:05"],
        ),
        (
            "dash_dotted.log",
            ["2024-03-09 15:42:01.118204", "2024-03-09 15:42:05.900011",
             "2024-03-09 15:42:10.004560"],
        ),
        (
            "compact_colon.log",
            ["2024-03-09 23:59:58.120", "2024-03-09 23:59:59.981", "2024-03-10 00:00:01.700",
             "2024-03-10 00:01:15.450", "2024-03-10 09:05:03.233"],
        ),
        (
            "file_prefix.log",
            ["2024-03-09 14:02:11.301", "2024-03-09 14:02:12.944", "2024-03-09 14:02:15.008"],
        ),
        ("epoch_middle.log", ["2024-03-09 14:20:00", "2024-03-09 14:21:01", "2024-03-09 14:22:02"]),
        ("year_later.log", ["2024-03-09 16:05:40.118", "2024-03-09 16:05:44.902"]),
        (
            "day_month.log",
            ["2024-03-09 10:54:04.957", "2024-03-09 10:54:05.011", "2024-03-09 10:55:30.400"],
        ),
        ("journal_export.log", ["2024-03-09 14:20:00.123456", "2024-03-09 14:21:01"]),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_file_layout_gives_each_line_its_own_time(name: str, expected: list[str]) -> None:
    assert _times(name) == [_utc(text) for text in expected]


def test_epoch_first_takes_the_human_time_and_the_year_from_the_date_apart() -> None:
    layout = infer_layout(_lines("epoch_then_syslog.log"), _finder())
    assert layout is not None
    assert (layout.fmt.name, layout.column, layout.year_column) == ("syslog+date", 4, 2)
    assert "with the date of field 3" in layout.describe()


def test_a_date_inside_a_file_name_is_not_the_line_time() -> None:
    layout = infer_layout(_lines("file_prefix.log"), _finder())
    assert layout is not None
    assert (layout.fmt.name, layout.column) == ("iso", 1)


def test_an_epoch_in_a_middle_column_is_found_by_its_column() -> None:
    layout = infer_layout(_lines("epoch_middle.log"), _finder())
    assert layout is not None
    assert layout.fmt.epoch
    assert layout.column == 4


def test_the_span_with_the_year_wins_over_a_year_less_prefix() -> None:
    layout = infer_layout(_lines("year_later.log"), _finder())
    assert layout is not None
    assert layout.fmt.name == "day_month_name"


def test_lines_without_any_time_give_no_layout() -> None:
    lines = ["starting worker pool", "\tat com.example.Main.run(Main.java:12)", "done"]
    assert infer_layout(lines, _finder()) is None


def test_fast_pattern_reads_what_the_general_layout_reads() -> None:
    lines = [
        f"2024-03-09 14:{minute:02d}:{second:02d},{second * 7:03d} INFO [pool-{minute}] job {n}"
        for n, (minute, second) in enumerate((m, s) for m in range(3) for s in range(0, 60, 7))
    ]
    layout = infer_layout(lines, _finder())
    assert layout is not None and layout.fast is not None
    assert layout.fast.anchored.pattern != layout.fmt.anchored.pattern
    general = TimestampFinder(default_tz=UTC, default_date=None)
    fast = TimestampFinder(default_tz=UTC, default_date=None)
    fast.use_layout(layout.fmt, layout.fast)
    assert [fast.find_timestamp(line) for line in lines] == [
        general.find_timestamp(line) for line in lines
    ]


def test_a_file_that_changes_layout_part_way_is_learned_again() -> None:
    first = [f"2024-03-09 10:{n // 60:02d}:{n % 60:02d},000 INFO step {n}" for n in range(120)]
    then = [f"Mar  9 11:{n // 60:02d}:{n % 60:02d} host app[7]: step {n}" for n in range(120)]
    finder = TimestampFinder(default_tz=UTC, default_date=date(2024, 3, 9))
    layout = infer_layout(first, _finder())
    assert layout is not None
    relearned: list[str] = []

    def relearn(lines: list[str]) -> tuple[TimeFormat, TimeFormat | None] | None:
        found = infer_layout(lines, _finder())
        assert found is not None
        relearned.append(found.fmt.name)
        return found.fmt, found.fast

    finder.use_layout(layout.fmt, layout.fast, relearn)
    times = [finder.find_timestamp(line) for line in first + then]
    assert relearned == ["syslog"]
    assert all(t is not None for t in times)
    assert times[-1] is not None and times[-1].time == datetime(2024, 3, 9, 11, 1, 59, tzinfo=UTC)


def test_every_format_has_a_shape_for_explain() -> None:
    assert all(fmt.shape for fmt in FORMATS)


def test_ingest_explain_prints_the_layout_of_each_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["ingest", "--explain", str(LAYOUTS / "dash_dotted.log")])
    captured = capsys.readouterr()
    assert code == 0
    assert "dash_dotted.log: log; timestamps yyyy-MM-dd-HH.mm.ss[.f] in field 5" in captured.err
    assert captured.out.count("\n") == 3


def test_ingest_without_explain_prints_no_layout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(LAYOUTS / "dash_dotted.log")]) == 0
    assert "timestamps" not in capsys.readouterr().err


def test_a_file_whose_time_sits_in_a_middle_column_is_detected_as_a_log() -> None:
    head = (LAYOUTS / "epoch_middle.log").read_text(encoding="utf-8")
    assert detect_kind("rack-events.txt", head) == "log"


def test_syslog_days_of_one_and_two_digits_share_the_fast_pattern() -> None:
    days_hours = [(day, hour) for day in (8, 9, 10) for hour in (1, 2)]
    lines = [f"Mar {day:>2} 0{hour}:15:0{hour} host app[1]: tick" for day, hour in days_hours]
    layout = infer_layout(lines, _finder())
    assert layout is not None and layout.fast is not None
    assert all(layout.fast.anchored.match(line) for line in lines)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in LAYOUTS.glob("*.log")), ids=lambda name: str(name)
)
def test_json_lines_of_a_log_equal_the_encoded_evidence(name: str) -> None:
    path = LAYOUTS / name
    encode = EvidenceJson()
    expected = [encode(e) for e in read_sources([path], tz=UTC, date=None)]
    assert list(read_sources_json([path], tz=UTC, date=None)) == expected
