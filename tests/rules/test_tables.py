"""Generic Markdown pieces: pipe rows, tables, lists, fences, key-value lines, unescaping."""

from __future__ import annotations

import pytest

from assistant.rules.document.tables import (
    normalize_label,
    split_blocks,
    split_key_value,
    split_pipe_row,
    strip_emphasis,
    unescape_markdown,
)


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("| 14:02 | deploy | Config pushed |", ["14:02", "deploy", "Config pushed"]),
        ("14:02 | deploy | Config pushed", ["14:02", "deploy", "Config pushed"]),
        ("| grep x \\| wc -l | ok |", ["grep x \\| wc -l", "ok"]),
        ("| a | | c |", ["a", "", "c"]),
        ("| only |", ["only"]),
    ],
    ids=["outer_pipes", "no_outer_pipes", "escaped_pipe", "empty_cell", "single_cell"],
)
def test_split_pipe_row_keeps_escaped_pipes_inside_cells(line: str, cells: list[str]) -> None:
    assert split_pipe_row(line) == cells


@pytest.mark.parametrize(
    "line",
    ["The rollback took 5 minutes.", "## Timeline | notes", ""],
    ids=["prose", "heading", "empty"],
)
def test_split_pipe_row_rejects_lines_that_are_not_rows(line: str) -> None:
    assert split_pipe_row(line) is None


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("a \\| b", "a | b"),
        ("line one<br>line two<br/>three", "line one\nline two\nthree"),
        ("literal \\<br> tag", "literal <br> tag"),
        ("C:\\\\temp\\\\x", "C:\\temp\\x"),
        ("C:\\temp", "C:\\temp"),
        ("\\# not a heading", "# not a heading"),
    ],
    ids=["pipe", "breaks", "escaped_break", "backslashes", "lone_backslash", "hash"],
)
def test_unescape_markdown_reverses_backslash_escapes_and_breaks(text: str, plain: str) -> None:
    assert unescape_markdown(text) == plain


def test_split_blocks_finds_paragraph_list_table_code_and_comment_with_lines() -> None:
    text = (
        "<!-- source: rules -->\n"
        "Impact began at 14:02.\nIt lasted 75 minutes.\n\n"
        "- first item\n  continues here\n- [x] done item\n\n"
        "| Time | What |\n|---|---|\n| 14:02 | Config pushed |\n\n"
        "```text\n# not a heading\n```\n"
    )
    blocks = split_blocks(text, first_line=10)
    assert [(b.kind, b.line) for b in blocks] == [
        ("comment", 10), ("paragraph", 11), ("list", 14), ("table", 18), ("code", 22),
    ]
    items = blocks[2].items
    assert [(i.text, i.line, i.checked) for i in items] == [
        ("first item\ncontinues here", 14, None), ("done item", 16, True),
    ]
    table = blocks[3].table
    assert table is not None
    assert table.header == ("Time", "What")
    assert [(r.cell(0), r.cell(1), r.line) for r in table.rows] == [("14:02", "Config pushed", 20)]
    assert blocks[4].text == "# not a heading"


def test_list_item_keeps_blank_line_inside_an_indented_continuation() -> None:
    items = split_blocks("- first paragraph\n\n  second paragraph\n- next")[0].items
    assert [i.text for i in items] == ["first paragraph\n\nsecond paragraph", "next"]


def test_fence_longer_than_inner_backticks_keeps_them() -> None:
    blocks = split_blocks("````text\n```\nkubectl rollout undo\n```\n````\n")
    assert [(b.kind, b.text) for b in blocks] == [("code", "```\nkubectl rollout undo\n```")]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("**Severity:** SEV2", ("Severity", "SEV2")),
        ("**Severity**: SEV2", ("Severity", "SEV2")),
        ("Incident ID: INC-77", ("Incident ID", "INC-77")),
        ("__Date:__ 2024-03-12", ("Date", "2024-03-12")),
        ("The alert fired at 14:05: nobody was paged.", None),
        ("Note that this is long prose: with a colon", None),
        ("Start: ", None),
    ],
    ids=[
        "bold_colon_inside", "bold_colon_outside", "plain", "underscores", "clock", "prose", "empty"
    ],
)
def test_split_key_value_reads_labels_but_not_prose(
    text: str, pair: tuple[str, str] | None
) -> None:
    assert split_key_value(text) == pair


@pytest.mark.parametrize(
    ("text", "expected"),
    [("**P1**", "P1"), ("`14:02`", "14:02"), ("*_x_*", "x"), ("**", "**")],
    ids=["bold", "code", "nested", "marks_only"],
)
def test_strip_emphasis(text: str, expected: str) -> None:
    assert strip_emphasis(text) == expected


def test_normalize_label_reduces_to_lower_case_words() -> None:
    assert normalize_label("**Time (UTC)**") == "time utc"
    assert normalize_label("Immediate (0-7 days)") == "immediate 0 7 days"
