"""Reading the blamelessness check's project settings and finding the config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.rules.blame.config import LintConfig, parse_lint_config
from assistant.service import find_lint_config as find_config_file


def test_lint_config_reads_dedicated_file() -> None:
    text = 'allow = ["Just Eat", "Hermes"]\ndeny = ["rockstar"]\ndisable = ["hindsight", "tone"]\n'
    config = parse_lint_config(text, ".postmortem-lint.toml")
    assert config == LintConfig(
        allow=("Just Eat", "Hermes"), deny=("rockstar",), disable=("hindsight", "tone")
    )


def test_lint_config_reads_pyproject_table() -> None:
    text = '[project]\nname = "x"\n\n[tool.postmortem-lint]\ndeny = ["ninja"]\n'
    assert parse_lint_config(text, "repo/pyproject.toml") == LintConfig(deny=("ninja",))


def test_lint_config_pyproject_without_table_gives_defaults() -> None:
    assert parse_lint_config('[project]\nname = "x"\n', "pyproject.toml") == LintConfig()


BAD = [
    ("not-toml", "allow = [", "not valid TOML"),
    ("unknown-key", 'allowed = ["x"]', "unknown key 'allowed'"),
    ("unknown-category", 'disable = ["blame"]', "unknown category 'blame'"),
    ("not-a-list", 'deny = "rockstar"', "deny"),
    ("blank-term", 'allow = [" "]', "terms must not be empty"),
]


@pytest.mark.parametrize(
    ("text", "reason"), [(t, r) for _, t, r in BAD], ids=[i for i, _, _ in BAD]
)
def test_lint_config_error_names_the_source(text: str, reason: str) -> None:
    with pytest.raises(ConfigError, match=r"^team/\.postmortem-lint\.toml: .*") as caught:
        parse_lint_config(text, "team/.postmortem-lint.toml")
    assert reason in str(caught.value)


def test_lint_config_found_in_a_parent_directory(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".postmortem-lint.toml"
    config.write_text('deny = ["ninja"]\n', encoding="utf-8")
    nested = tmp_path / "docs" / "incidents"
    nested.mkdir(parents=True)
    assert find_config_file(nested / "2024-06-03.md") == config.resolve()


def test_lint_config_dedicated_file_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.postmortem-lint]\n", encoding="utf-8")
    (tmp_path / ".postmortem-lint.toml").write_text("", encoding="utf-8")
    assert find_config_file(tmp_path) == (tmp_path / ".postmortem-lint.toml").resolve()


def test_lint_config_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config_file(tmp_path) is None


def test_lint_config_search_stops_at_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".postmortem-lint.toml").write_text("", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_config_file(repo) is None


HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


@pytest.mark.parametrize(
    ("text", "exit_code"),
    [("Dave forgot to renew the cert.\n", 1), ("The disk on db-1 was full.\n", 0)],
    ids=["blameful-fails", "clean-passes"],
)
def test_lint_config_pre_commit_hook_runs_the_lint_gate(
    tmp_path: Path, text: str, exit_code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    import shlex

    import yaml

    from assistant.cli.main import main

    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    program, *arguments = shlex.split(hooks["postmortem-lint"]["entry"])
    assert program == "postmortem"
    assert hooks["postmortem-lint"]["types"] == ["markdown"]
    document = tmp_path / "incident.md"
    document.write_text(text, encoding="utf-8")
    assert main([*arguments, str(document)]) == exit_code
    capsys.readouterr()
