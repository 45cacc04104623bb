"""The README's commands exist and answer --help; its example files exist."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(set(re.findall(r"^postmortem (\w+)", README, flags=re.MULTILINE)))


def test_readme_shows_make_run_and_make_test_first() -> None:
    assert README.index("make run") < README.index("## Tour")
    assert "make test" in README


@pytest.mark.parametrize("command", COMMANDS, ids=COMMANDS)
def test_documented_command_answers_help(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", command, "--help"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"postmortem {command}" in result.stdout


def test_documented_example_paths_exist() -> None:
    for line in re.findall(r"^postmortem .*$", README, flags=re.MULTILINE):
        for word in shlex.split(line.split("#")[0]):
            if word.startswith("tests/data/"):
                matches = list(ROOT.glob(word))
                assert matches, f"README example names a missing file: {word}"
