"""Example incidents read from folders: eval cases, plain input folders and example drafts."""

from __future__ import annotations

from pathlib import Path

from assistant.web.examples import find_examples


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_eval_case_takes_title_date_and_zone_from_expected_yaml(tmp_path: Path) -> None:
    case = tmp_path / "cases" / "db-failover"
    _write(case / "expected.yaml", "title: Primary database failover\ndate: 2024-06-03\n"
                                   "tz: Europe/Berlin\n")
    chat = _write(case / "inputs" / "chat.txt", "[09:14] ana: failover started\n")
    alerts = _write(case / "inputs" / "alerts.csv", "time,name\n09:10,replica lag\n")
    _write(case / "notes-for-maintainers.md", "not an input\n")

    [example] = find_examples([tmp_path / "cases"])

    assert (example.id, example.title, example.date, example.tz) == (
        "db-failover", "Primary database failover", "2024-06-03", "Europe/Berlin")
    assert example.inputs == (alerts, chat)
    assert example.review is None


def test_plain_folder_takes_its_date_from_the_files_and_its_title_from_the_name(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "cache-stampede"
    _write(folder / "a-chat.txt", "[10:02] bo: hit rate dropped\n")
    _write(folder / "b-notes.md", "# Incident 2023-11-28\n10:00 cache flush\n")

    [example] = find_examples([tmp_path])

    assert (example.title, example.date, example.tz) == ("Cache stampede", "2023-11-28", "UTC")


def test_folder_with_only_a_draft_is_a_review_example(tmp_path: Path) -> None:
    draft = _write(tmp_path / "config-push" / "postmortem.md", "# Postmortem\n")

    [example] = find_examples([tmp_path])

    assert example.review == draft
    assert example.inputs == (draft,)  # a plain folder offers its files to the Draft tab too


def test_eval_case_with_only_a_draft_has_no_draft_inputs(tmp_path: Path) -> None:
    case = tmp_path / "vague-actions"
    _write(case / "expected.yaml", "title: Vague actions\n")
    _write(case / "postmortem.md", "# Postmortem\n")

    [example] = find_examples([tmp_path])

    assert example.inputs == () and example.review == case / "postmortem.md"
    assert example.date == ""


def test_generated_empty_and_missing_folders_are_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "big-log" / "generate.py", "print('writes inputs')\n")
    _write(tmp_path / "big-log" / "expected.yaml", "title: Big log\n")
    (tmp_path / "empty").mkdir()
    _write(tmp_path / "real" / "notes.md", "14:00 alert\n")

    found = find_examples([tmp_path / "no-such-root", tmp_path])

    assert [example.id for example in found] == ["real"]


def test_examples_keep_root_order_then_name_order(tmp_path: Path) -> None:
    for root, name in [("first", "zeta"), ("first", "alpha"), ("second", "beta")]:
        _write(tmp_path / root / name / "notes.md", "14:00 alert\n")

    found = find_examples([tmp_path / "first", tmp_path / "second"])

    assert [example.id for example in found] == ["alpha", "zeta", "beta"]
