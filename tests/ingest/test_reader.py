"""Reading every input kind into Evidence, and refusing or warning about bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pytest

from assistant.domain import Evidence, Notice
from assistant.errors import InputError
from assistant.ingest.detect import detect_kind
from assistant.ingest.reader import read_sources, read_text

DATA = Path(__file__).parent.parent / "data" / "ingest"
DAY = date(2024, 2, 15)


def _read(name: str, kind: str | None = None) -> tuple[list[Evidence], list[Notice]]:
    notices: list[Notice] = []
    path = DATA / name
    records = list(read_sources([path], tz=UTC, date=DAY, kind=kind, on_warning=notices.append))
    return records, notices


def _at(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    micro: int = 0,
    tz: tzinfo = UTC,
) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("notes.md", "notes"),
        ("chat.txt", "notes"),
        ("slack_paste.txt", "notes"),
        ("app.log", "log"),
        ("syslog", "log"),
        ("access.log", "log"),
        ("events.jsonl", "jsonl"),
        ("mixed_formats.log", "log"),
        ("pagerduty_log_entries.json", "alerts"),
        ("alerts.csv", "alerts"),
        ("slack/incident-checkout/2024-02-15.json", "slack"),
    ],
    ids=[
        "markdown-notes",
        "irc-chat",
        "slack-paste",
        "log4j",
        "syslog-no-suffix",
        "access-log",
        "json-lines",
        "mixed-log",
        "pagerduty-json",
        "alerts-csv",
        "slack-day-file",
    ],
)
def test_detect_kind_from_name_and_first_lines(name: str, kind: str) -> None:
    path = DATA / name
    head = path.read_text(encoding="utf-8")[:65536]
    assert detect_kind(path.name, head) == kind


def test_notes_read_time_speaker_and_message() -> None:
    records, notices = _read("notes.md")
    by_line = {r.line: r for r in records}
    assert by_line[5].time == _at(2024, 2, 15, 14, 32)
    assert by_line[5].speaker == "alice"
    assert by_line[5].text == "seeing 500s on /api/checkout, error rate 12%"
    assert by_line[5].time_assumed == ("date",)  # the notes state "times in UTC"
    assert by_line[7].text == "opened #inc-checkout, declared SEV2"
    assert by_line[10].speaker == "Carol Diaz"
    assert by_line[10].time == _at(2024, 2, 15, 14, 47)
    assert by_line[13].speaker is None and by_line[13].text.startswith("resolved")
    assert notices == []


def test_wrapped_note_line_carries_its_entry_time_and_keeps_its_place() -> None:
    records, _ = _read("notes.md")
    lines = [r.line for r in records]
    assert lines == sorted(lines)
    continuation = next(r for r in records if r.line == 9)
    assert continuation.time == _at(2024, 2, 15, 14, 41)
    assert "entry" in continuation.time_assumed
    assert continuation.text.startswith("(continuation:")


def test_chat_transcript_rolls_over_midnight() -> None:
    records, _ = _read("chat.txt")
    assert [(r.time, r.speaker) for r in records] == [
        (_at(2024, 2, 15, 23, 52), "dana"),
        (_at(2024, 2, 15, 23, 58), "eli"),
        (_at(2024, 2, 16, 0, 3), "dana"),
        (_at(2024, 2, 16, 0, 11), "eli"),
    ]


def test_slack_paste_header_applies_to_message_lines_below() -> None:
    records, _ = _read("slack_paste.txt")
    assert [(r.line, r.speaker, r.time, r.text) for r in records] == [
        (2, "Alice Smith", _at(2024, 2, 15, 14, 32), "seeing 500s on checkout"),
        (3, "Alice Smith", _at(2024, 2, 15, 14, 32), "error rate about 12%"),
        (5, "Bob Jones", _at(2024, 2, 15, 14, 35), "paged, looking"),
    ]


def test_log4j_stack_trace_lines_follow_without_time() -> None:
    records, _ = _read("app.log")
    assert [r.time is None for r in records] == [False, False, True, True, False, False, False]
    assert records[1].time == _at(2024, 2, 15, 14, 31, 55, 902000)
    assert records[1].text.startswith("ERROR [http-nio-8080-exec-7]")
    assert records[3].text.startswith("at com.zaxxer.hikari")


def test_syslog_host_becomes_speaker_and_year_is_inferred() -> None:
    records, _ = _read("syslog")
    first = records[0]
    assert first.speaker == "web-3"
    assert first.text.startswith("nginx[812]: upstream timed out")
    assert first.time == _at(2024, 2, 15, 6, 31, 2)
    assert first.time_assumed == ("year", "tz")


def test_access_log_time_is_cut_from_the_middle() -> None:
    records, _ = _read("access.log")
    assert records[0].time == _at(2024, 2, 15, 14, 32, 1)
    assert records[0].time_assumed == ()
    assert records[0].text.startswith('10.0.4.17 - - "POST /api/checkout HTTP/1.1" 500')


def test_json_lines_read_epoch_and_string_times_with_level() -> None:
    records, _ = _read("events.jsonl")
    assert [r.time for r in records] == [
        _at(2024, 2, 15, 14, 32, 1, 204000),
        _at(2024, 2, 15, 14, 32, 5, 118000),
        _at(2024, 2, 15, 14, 32, 10, 123000),
        _at(2024, 2, 15, 14, 33),
    ]
    assert (records[0].speaker, records[0].text) == ("checkout.api", "ERROR db pool exhausted")
    assert records[2].text == "circuit breaker open"


def test_mixed_layout_log_reads_every_line() -> None:
    records, _ = _read("mixed_formats.log")
    assert all(r.time is not None for r in records)
    assert records[0].time == _at(2008, 11, 9, 20, 36, 15)
    assert records[3].time == datetime(
        2024, 2, 15, 14, 32, 1, 123000, tzinfo=timezone(timedelta(hours=1))
    )
    assert records[7].time == _at(2024, 2, 15, 14, 32, 1)


def test_pagerduty_entries_cite_their_line_and_status() -> None:
    records, _ = _read("pagerduty_log_entries.json")
    assert [(r.line, r.time) for r in records] == [
        (3, _at(2024, 2, 15, 14, 31, 40)),
        (10, _at(2024, 2, 15, 14, 35, 12)),
        (17, _at(2024, 2, 15, 15, 20, 2)),
    ]
    assert records[0].speaker == "checkout-api"
    assert records[0].text.startswith("Triggered through the API")


def test_alert_csv_rows_keep_status_and_multiline_cells() -> None:
    records, _ = _read("alerts.csv")
    assert [r.line for r in records] == [2, 3, 4]
    assert records[0].text.startswith("triggered: 5xx rate 12%")
    assert records[2].text == "resolved: 5xx rate 0.4%\nback under threshold"
    assert records[2].time == _at(2024, 2, 15, 15, 6)


def test_slack_channel_folder_resolves_users_and_markup() -> None:
    records, _ = _read("slack/incident-checkout")
    assert [r.source.rsplit("/", 1)[-1] for r in records] == ["2024-02-15.json"] * 3 + [
        "2024-02-16.json"
    ]
    first, reply, bot, _ = records
    assert (first.speaker, first.text) == (
        "Alice Smith",
        "seeing 500s on checkout, @Bob Jones can you look?",
    )
    assert first.time == _at(2024, 2, 15, 14, 32, 0, 200)
    assert reply.text == "on it, paged by PD #4411"
    assert (bot.speaker, bot.text) == (
        "statuspage",
        "Incident posted: Degraded checkout & payments",
    )
    assert [r.line for r in records[:3]] == [2, 8, 17]


def test_binary_file_is_refused() -> None:
    with pytest.raises(InputError, match="binary.bin: binary file, not text"):
        _read("binary.bin")


def test_invalid_utf8_is_replaced_and_warned() -> None:
    records, notices = _read("latin1.log")
    assert "\ufffd" in records[0].text
    assert any("not valid UTF-8" in n.message for n in notices)


def test_empty_file_is_warned_not_raised() -> None:
    records, notices = _read("empty.log")
    assert records == []
    assert [n.message for n in notices] == [f"{DATA / 'empty.log'}: empty file, nothing to read"]


def test_malformed_json_names_file_and_line() -> None:
    with pytest.raises(InputError, match=r"malformed.json: malformed JSON at line 3"):
        _read("malformed.json")


def test_malformed_json_line_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"ts": 1708007521, "msg": "ok"}\n{"ts": 1708007522, "msg": \n', "utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl: malformed JSON at line 2"):
        list(read_sources([path], tz=UTC, date=DAY))


def test_file_without_any_time_is_read_as_notes_with_a_warning() -> None:
    records, notices = _read("untimed.log")
    assert [r.text for r in records] == [
        "Retro notes",
        "we talked about the pool size",
        "no times anywhere",
    ]
    assert all(r.time is None for r in records)
    assert any("read as notes" in n.message for n in notices)


def test_unknown_kind_is_a_user_error() -> None:
    with pytest.raises(InputError, match="unknown input kind 'pdf'"):
        _read("app.log", kind="pdf")


def test_kind_override_reads_a_log_as_notes() -> None:
    records, _ = _read("chat.txt", kind="log")
    assert records[0].time == _at(2024, 2, 15, 23, 52)


def test_pasted_text_takes_its_date_from_the_text() -> None:
    text = "Incident on 2024-03-01\n09:58 ops: CPU 95% on db-1\n10:04 ops: failover done\n"
    records = list(read_text(text, "pasted", tz=UTC, date=None))
    assert [r.time for r in records] == [None, _at(2024, 3, 1, 9, 58), _at(2024, 3, 1, 10, 4)]
    assert {r.source for r in records} == {"pasted"}


def test_pasted_clocks_without_any_date_stay_untimed_and_warn() -> None:
    notices: list[Notice] = []
    records = list(
        read_text("09:58 ops: CPU 95%\n", "-", tz=UTC, date=None, on_warning=notices.append)
    )
    assert records[0].time is None
    assert any("pass --date" in n.message for n in notices)


def test_user_zone_applies_to_lines_without_one() -> None:
    pacific = timezone(timedelta(hours=-8))
    records = list(read_text("14:32 alice: seeing 500s\n", "-", tz=pacific, date=DAY))
    assert records[0].time == datetime(2024, 2, 15, 22, 32, tzinfo=UTC)
    assert records[0].time_assumed == ("date", "tz")


def test_long_log_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.log"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(20000):
            handle.write(
                f"2024-02-15 14:{i // 600 % 60:02d}:{i // 10 % 60:02d},{i % 1000:03d} INFO n={i}\n"
            )
    stream = read_sources([path], tz=UTC, date=DAY)
    first = next(stream)
    assert first.line == 1 and first.text == "INFO n=0"
    assert sum(1 for _ in stream) == 19999


def test_year_less_syslog_is_placed_before_the_file_date(tmp_path: Path) -> None:
    """Without --date, a syslog line 'Feb 15' in a file written in November is from February of
    the same year, not the coming February (syslog lines are written before the file is)."""
    import datetime as _dt
    import os

    log = tmp_path / "syslog"
    log.write_text("Feb 15 06:31:02 web-3 nginx[812]: upstream timed out\n", encoding="utf-8")
    written = _dt.datetime(2026, 11, 29, 12, 0, tzinfo=_dt.UTC).timestamp()
    os.utime(log, (written, written))
    (record,) = list(read_sources([log], tz=_dt.UTC, date=None))
    assert record.time == _dt.datetime(2026, 2, 15, 6, 31, 2, tzinfo=_dt.UTC)
    assert "year" in record.time_assumed
