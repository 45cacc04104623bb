"""The Draft tab's inputs as sources, upload paths relabelled, and cited lines shown again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from assistant import service
from assistant.domain import EvidenceRef, Postmortem, TimelineEvent
from assistant.errors import InputError
from assistant.web.inputs import (
    PASTED_NAME,
    SAVED_LIMIT,
    Sources,
    collect_sources,
    evidence_excerpt,
    parse_date,
    parse_zone,
    relabel,
    relabel_document,
    restore_inputs,
    save_inputs,
)

UPLOAD = "/tmp/gradio/0f3a9c1e/chat.txt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [(None, None), ("  ", None), (" 2024-02-15 ", dt.date(2024, 2, 15))],
    ids=["none", "blank", "iso-with-spaces"],
)
def test_parse_date_reads_iso_dates_and_blank_as_none(
    text: str | None, expected: dt.date | None
) -> None:
    assert parse_date(text) == expected


def test_parse_date_rejects_other_formats_saying_which_to_use() -> None:
    with pytest.raises(InputError, match=r"^Incident date '15/02/2024': use YYYY-MM-DD"):
        parse_date("15/02/2024")


@pytest.mark.parametrize(
    ("text", "expected"),
    [(None, dt.UTC), ("", dt.UTC), ("z", dt.UTC), ("utc", dt.UTC),
     (" Europe/Berlin ", ZoneInfo("Europe/Berlin"))],
    ids=["none", "blank", "z", "utc-lower", "iana"],
)
def test_parse_zone_reads_iana_names_and_utc(text: str | None, expected: dt.tzinfo) -> None:
    assert parse_zone(text) == expected


@pytest.mark.parametrize("text", ["Mars/Olympus", "../etc/passwd"], ids=["unknown", "path"])
def test_parse_zone_rejects_unknown_names(text: str) -> None:
    with pytest.raises(InputError, match=r"use an IANA name such as Europe/Berlin"):
        parse_zone(text)


def test_collect_sources_puts_pasted_notes_first_and_numbers_clashing_names(
    tmp_path: Path,
) -> None:
    paths = [tmp_path / "a" / "chat.txt", tmp_path / "b" / "chat.txt", tmp_path / PASTED_NAME]
    sources = collect_sources("14:02 alert fired", [str(p) for p in paths])

    assert sources.items[0] == service.PastedText(PASTED_NAME, "14:02 alert fired")
    assert sources.items[1:] == paths
    assert list(sources.labels.values()) == ["chat.txt", "chat (2).txt", "pasted notes (2)"]
    assert sources.files["chat (2).txt"] == paths[1]


def test_collect_sources_ignores_blank_notes_and_no_files() -> None:
    assert collect_sources("  \n ", None) == Sources()


def test_relabel_replaces_upload_paths_in_messages() -> None:
    message = f"{UPLOAD}: binary file, not text"
    assert relabel(message, {UPLOAD: "chat.txt"}) == "chat.txt: binary file, not text"


def test_relabel_document_replaces_paths_in_evidence_and_prose() -> None:
    event = TimelineEvent(time=dt.datetime(2024, 2, 15, 14, 5, tzinfo=dt.UTC), what="deploy",
                          kind="other", evidence=(EvidenceRef(source=UPLOAD, line=3),))
    pm = Postmortem(date=dt.date(2024, 2, 15), timeline=[event], summary=f"Read from {UPLOAD}.")

    relabelled = relabel_document(pm, {UPLOAD: "chat.txt"})

    assert relabelled.timeline[0].evidence[0].source == "chat.txt"
    assert relabelled.summary == "Read from chat.txt."
    assert UPLOAD not in relabelled.model_dump_json()


def test_evidence_excerpt_marks_the_cited_line_with_context_from_a_file(tmp_path: Path) -> None:
    log = tmp_path / "api.log"
    log.write_text("".join(f"line {n}\n" for n in range(1, 11)), encoding="utf-8")
    sources = collect_sources(None, [str(log)])

    shown = evidence_excerpt(sources, [EvidenceRef(source="api.log", line=5)])

    assert shown == ("**api.log:5**\n```text\n"
                     "       3 | line 3\n       4 | line 4\n>      5 | line 5\n"
                     "       6 | line 6\n       7 | line 7\n```")


def test_evidence_excerpt_of_pasted_notes_at_the_first_line_has_no_lines_before() -> None:
    sources = collect_sources("14:02 alert\n14:05 ack\n14:09 rollback\n14:30 ok", None)

    shown = evidence_excerpt(sources, [EvidenceRef(source=PASTED_NAME, line=1)])

    assert "\n>      1 | 14:02 alert\n       2 | 14:05 ack\n       3 | 14:09 rollback\n" in shown
    assert "14:30 ok" not in shown


def test_evidence_excerpt_keeps_code_fences_in_the_text_from_closing_the_block() -> None:
    sources = collect_sources("```\nrm -rf /\n```", None)
    shown = evidence_excerpt(sources, [EvidenceRef(source=PASTED_NAME, line=2)])
    assert shown.count("```") == 2


def test_evidence_excerpt_names_sources_it_cannot_show_and_empty_citations() -> None:
    shown = evidence_excerpt(Sources(), [EvidenceRef(source="gone.txt", line=4)])
    assert shown == "`gone.txt:4`: source not available"
    assert evidence_excerpt(Sources(), []) == "No evidence cited."


def test_saved_inputs_are_cut_to_the_limit_and_restore_with_defaults() -> None:
    saved = save_inputs("x" * (SAVED_LIMIT + 10), "2024-02-15", None, None)
    assert len(saved["notes"]) == SAVED_LIMIT
    assert (saved["date"], saved["tz"], saved["review"]) == ("2024-02-15", "UTC", "")
    assert restore_inputs(saved) == (saved["notes"], "2024-02-15", "UTC", "")
    assert restore_inputs(None) == ("", "", "UTC", "")
