"""``postmortem lint`` and ``postmortem review`` through the CLI: output shapes and CI gates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant.cli.main import main

DRAFT = Path(__file__).parents[1] / "data" / "review" / "config_push_blameful.md"
CLEAN = """# INC-7: Cache eviction storm

Date: 2024-03-02

## Summary
A cache node restart evicted hot keys; p99 latency rose to 2.3 s for 20 minutes.

## Root cause
### 5 Whys
1. Why did latency rise? Because the cache hit rate fell to 40%.
2. Why did the hit rate fall? Because the node restart dropped all hot keys at once.
3. Why did the restart drop them? Because the rollout tool restarts nodes without warming them.
4. Why is there no warm-up? Because the runbook for cache upgrades has no warm-up step.
"""


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    return main(argv, stdout=out), out.getvalue()


def test_lint_json_has_the_contract_fields_and_offsets_into_the_file() -> None:
    code, out = run(["lint", str(DRAFT), "--format", "json"])
    report = json.loads(out)
    findings = report["files"][0]["findings"]
    text = DRAFT.read_text(encoding="utf-8")
    assert code == 0
    assert report["files"][0]["path"] == str(DRAFT)
    assert {"named_blame", "counterfactual", "human_error"} <= {f["category"] for f in findings}
    for finding in findings:
        assert set(finding) >= {"start", "end", "line", "column", "text", "category",
                                "severity", "message", "suggestion"}
        assert text[finding["start"]:finding["end"]] == finding["text"]


@pytest.mark.parametrize(
    ("gates", "code"),
    [("", 0), ("error", 1), ("named_blame", 1), ("hindsight", 0), ("any", 1)],
    ids=["no-gate", "severity", "category-hit", "category-miss", "any"],
)
def test_lint_fail_on_sets_exit_code(gates: str, code: int) -> None:
    assert run(["lint", str(DRAFT), "--fail-on", gates])[0] == code


def test_lint_unknown_gate_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", str(DRAFT), "--fail-on", "bogus"])[0] == 2
    assert "unknown gate 'bogus'" in capsys.readouterr().err


def test_lint_clean_text_prints_nothing(tmp_path: Path) -> None:
    clean = tmp_path / "clean.md"
    clean.write_text(CLEAN, encoding="utf-8")
    assert run(["lint", str(clean), "--fail-on", "any"]) == (0, "")


def test_review_json_contract_and_gates() -> None:
    code, out = run(["review", str(DRAFT), "--format", "json",
                     "--fail-on", "human-error,smart<7"])
    review = json.loads(out)
    assert code == 1
    assert set(review) >= {
        "schema_version", "document", "blame", "whys", "action_items", "completeness", "score"
    }
    assert review["schema_version"] == 2
    assert set(review["document"]) == {"title", "date", "severity", "duration_minutes", "sections"}
    assert review["document"]["sections"]["timeline"] is True
    assert review["whys"]["stops_at_human_error"] is True
    assert review["whys"]["proposed_whys"]
    item = review["action_items"][0]
    assert "item" not in item  # the contract: the item's fields sit on the item itself
    assert item["what"].startswith("Add schema validation of pool sizes")
    assert item["owner"] == "maria" and item["due"] == "2024-02-22"
    assert item["smart"]["specific"] == 2
    assert 0 <= review["score"] <= 100


def test_review_of_a_systemic_chain_passes_the_human_error_gate(tmp_path: Path) -> None:
    draft = tmp_path / "clean.md"
    draft.write_text(CLEAN, encoding="utf-8")
    code, out = run(["review", str(draft), "--format", "json", "--fail-on", "human-error,blame"])
    review = json.loads(out)
    assert code == 0
    assert review["whys"]["final_cause_category"] in {"process", "tooling", "knowledge"}


def test_review_empty_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    assert run(["review", str(empty)])[0] == 2
    assert capsys.readouterr().err.strip().endswith("empty.md: empty input")


def test_lint_reads_the_config_nearest_to_each_file(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    team = tmp_path / "team"
    team.mkdir()
    (team / ".postmortem-lint.toml").write_text('allow = ["Dave"]\n', encoding="utf-8")
    (team / "pm.md").write_text("Dave forgot to renew the certificate.\n", encoding="utf-8")
    (tmp_path / "pm.md").write_text("Dave forgot to renew the certificate.\n", encoding="utf-8")
    code, out = run(["lint", str(team / "pm.md"), str(tmp_path / "pm.md"), "--format", "json"])
    files = {Path(f["path"]).parent.name: f["findings"] for f in json.loads(out)["files"]}
    assert code == 0
    assert files[tmp_path.name]  # no config there: the name is flagged
    assert not any(f["category"] == "named_blame" for f in files["team"])
