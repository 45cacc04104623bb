"""The command line: contract commands, exit codes and one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from assistant import __version__
from assistant.cli.main import main


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdout=out)
    return code, out.getvalue()


def test_schema_describes_postmortem_and_review() -> None:
    code, out = run(["schema"])
    schema = json.loads(out)
    assert code == 0
    postmortem = schema["$defs"]["Postmortem"]
    assert {"timeline", "milestones", "root_cause", "action_items", "provenance"} <= set(
        postmortem["properties"]
    )
    assert {"blame", "whys", "action_items", "completeness", "score"} <= set(
        schema["$defs"]["Review"]["properties"]
    )


def test_version_prints_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_unknown_command_is_usage_error_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err
    assert "Traceback" not in err


def test_python_dash_m_help_lists_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("schema", "serve"):
        assert command in result.stdout


DATA = __import__("pathlib").Path(__file__).parents[1] / "data" / "ingest"


def test_ingest_prints_one_json_record_per_message_with_rolled_date() -> None:
    code, out = run(["ingest", str(DATA / "chat.txt"), "--date", "2024-02-15"])
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert set(records[0]) == {"source", "line", "time", "time_assumed", "speaker", "text"}
    assert records[0]["speaker"] == "dana"
    assert records[0]["time"] == "2024-02-15T23:52:00+00:00"
    assert records[2]["time"] == "2024-02-16T00:03:00+00:00"  # crossed midnight
    assert "tz" in records[0]["time_assumed"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing.log", "no such file"), ("binary.bin", "binary file, not text")],
    ids=["missing", "binary"],
)
def test_ingest_bad_input_exits_2_with_one_line(
    name: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(["ingest", str(DATA / name)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1
    assert err[0].endswith(f"{name}: {reason}")


def test_ingest_reads_standard_input_in_the_given_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"14:32 alice: seeing 500s\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out = run(["ingest", "-", "--date", "2024-02-15", "--tz", "Europe/Berlin"])
    record = json.loads(out)
    assert code == 0
    assert record["source"] == "-"
    assert record["time"] == "2024-02-15T14:32:00+01:00"


def test_bad_time_zone_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ingest", str(DATA / "chat.txt"), "--tz", "Mars/Olympus"])
    assert exc.value.code == 2
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err
