"""The command line: contract commands, exit codes and one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from assistant import __version__
from assistant.cli import main


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
