"""Reading files in blocks gives the same numbered lines as reading them line by line."""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

import pytest

from assistant.domain import Notice
from assistant.ingest import textlines
from assistant.ingest.textlines import iter_lines, number_blocks, number_lines

_TEXTS = [  # no line of exactly MAX_LINE (10): readline cannot tell that one from a longer line
    "2024-02-15 14:32:01 a\n\tat x.y(Z.java:1)\n\n2024-02-15 14:32:02 b\n",
    "no final newline\nlast line",
    "x" * 25 + "\nshort\n" + "y" * 9 + "\n" + "z" * 30,
    "ok\nbad \ufffd\nagain \ufffd\n" + "w" * 40 + "\ufffd\n",
    "",
    "\n\n",
]


@pytest.mark.parametrize(
    "text", _TEXTS, ids=["log", "no-final-newline", "long", "fffd", "empty", "blank"]
)
@pytest.mark.parametrize("block", [1, 3, 7, 64], ids=["block-1", "block-3", "block-7", "block-64"])
def test_number_blocks_matches_line_by_line_reading(
    text: str, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textlines, "MAX_LINE", 10)
    expected: list[Notice] = []
    by_line = list(
        number_lines(iter(partial(io.StringIO(text).readline, 10), ""), "s", expected.append)
    )
    got: list[Notice] = []
    blocks = [text[i : i + block] for i in range(0, len(text), block)]
    assert list(number_blocks(iter(blocks), "s", got.append)) == by_line
    assert got == expected


def test_iter_lines_reads_crlf_and_cr_as_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "crlf.log"
    path.write_bytes(b"14:32 a\r\n14:33 b\r14:34 c\r\n\r\nend")
    notices: list[Notice] = []
    lines = list(iter_lines(path, "crlf.log", notices.append))
    assert lines == [(1, "14:32 a"), (2, "14:33 b"), (3, "14:34 c"), (4, ""), (5, "end")]
    assert notices == []


def test_iter_lines_cuts_an_endless_line_and_keeps_counting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textlines, "MAX_LINE", 16)
    monkeypatch.setattr(textlines, "BLOCK_CHARS", 4)
    path = tmp_path / "long.log"
    path.write_text("first\n" + "x" * 100 + "\nthird\n", encoding="utf-8")
    notices: list[Notice] = []
    lines = list(iter_lines(path, "long.log", notices.append))
    assert lines == [(1, "first"), (2, "x" * 16), (3, "third")]
    assert [n.message for n in notices] == ["long.log: line 2 longer than 16 characters was cut"]


def test_iter_lines_keeps_a_line_of_exactly_the_limit_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textlines, "MAX_LINE", 16)
    path = tmp_path / "edge.log"
    path.write_text("a" * 16 + "\nnext\n", encoding="utf-8")
    notices: list[Notice] = []
    assert list(iter_lines(path, "edge.log", notices.append)) == [(1, "a" * 16), (2, "next")]
    assert notices == []
