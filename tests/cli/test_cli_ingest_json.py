"""``postmortem ingest`` writes each record exactly as ``json.dumps`` would, whatever the text."""

from __future__ import annotations

import io
import json
from pathlib import Path

from assistant.cli.main import main


def test_ingest_json_lines_are_byte_identical_to_json_dumps(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    path.write_text(
        '2024-02-15T14:32:01.250+01:00 INFO api: said "stop" \\ path\ttab \x01 \u2028 caf\u00e9\n'
        "Feb 15 14:32:02 web-3 nginx[812]: upstream \U0001f525 timed out\n"
        "\tat com.example.Api.handle(Api.java:212)\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    assert main(["ingest", str(path), "--date", "2024-02-15"], stdout=out) == 0
    lines = out.getvalue().rstrip("\n").split("\n")  # not splitlines: U+2028 stays raw
    records = [json.loads(line) for line in lines]
    expected = [json.dumps(record, ensure_ascii=False) for record in records]
    assert lines == expected
    assert records[0]["text"] == 'INFO api: said "stop" \\ path\ttab \x01 \u2028 caf\u00e9'
    assert records[0]["time"] == "2024-02-15T14:32:01.250000+01:00"
    assert records[0]["time_assumed"] == []
    assert records[1]["speaker"] == "web-3"
    assert records[1]["time_assumed"] == ["year", "tz"]
    assert records[2] == {
        "source": str(path), "line": 3, "time": None, "time_assumed": [], "speaker": None,
        "text": "at com.example.Api.handle(Api.java:212)",
    }  # fmt: skip
