"""Reading action items from pipe rows, tables, bullets, checkboxes and prose; due dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.rules.actions.duedates import horizon_for_days, read_due
from assistant.rules.actions.find import find_action_items
from assistant.rules.actions.parse import parse_action_items, read_action_items

DATA = Path(__file__).resolve().parents[1] / "data" / "actions"
INCIDENT = dt.date(2024, 2, 27)  # a Tuesday
FIELD_MIN = 0.9


@pytest.mark.parametrize("name", ["dev", "heldout"], ids=["dev", "heldout"])
def test_labelled_owner_due_and_horizon_extraction(name: str) -> None:
    groups = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    hits = {"owner": 0, "due": 0, "horizon": 0}
    count = 0
    for group in groups:
        for labels in group["items"]:
            text = "\n".join(filter(None, [group.get("heading"), labels["text"].rstrip("\n")]))
            (item,) = parse_action_items(text, group["incident_date"])
            count += 1
            hits["owner"] += item.owner == labels["owner"]
            hits["due"] += item.due == labels["due"]
            hits["horizon"] += item.horizon == labels["horizon"]
    rates = {field: value / count for field, value in hits.items()}
    figures = " ".join(f"{k}={v:.2f}" for k, v in rates.items())
    print(f"\naction fields {name} (n={count}): {figures}")
    assert min(rates.values()) >= FIELD_MIN, rates


def test_pipe_row_in_template_order() -> None:
    (item,) = parse_action_items(
        "HIGH | Add alert on replication lag | Lag went unnoticed | SRE | 2024-03-01 | PENDING",
        INCIDENT,
    )
    assert (item.priority, item.what, item.why, item.owner) == (
        "HIGH", "Add alert on replication lag", "Lag went unnoticed", "SRE"
    )
    assert (item.due, item.status, item.horizon) == (dt.date(2024, 3, 1), "open", "immediate")


def test_markdown_table_with_other_headers() -> None:
    text = (
        "| Ticket | Task | Assignee | Deadline | State |\n"
        "|:--|:--|:--|:--|:--|\n"
        "| INFRA-88 | Set max_connections to 400 | Lena | 2024-03-20 | In progress |\n"
        "| INFRA-89 | Write the pgbouncer runbook | | | Done |\n"
    )
    first, second = parse_action_items(text, INCIDENT)
    assert (first.key, first.owner, first.status, first.horizon) == (
        "INFRA-88", "Lena", "in_progress", "short_term"
    )
    assert (second.owner, second.due, second.status) == (None, None, "done")


def test_checkbox_bullet_with_key_mention_and_due() -> None:
    (item,) = parse_action_items(
        "- [x] OPS-123: Add an alert on checkout-api p99 > 800ms (owner: @maria, due 2024-03-08)",
        INCIDENT,
    )
    assert item.key == "OPS-123"
    assert item.owner == "maria"
    assert item.status == "done"
    assert item.what == "Add an alert on checkout-api p99 > 800ms"
    assert item.due == dt.date(2024, 3, 8)


def test_prose_sentences_become_items_with_subject_owner() -> None:
    items = parse_action_items(
        "We agreed on the following:\n"
        "The DBA team will add an index on orders.created_at by March 20. "
        "We will review alert thresholds by Friday.",
        INCIDENT,
    )
    assert [i.owner for i in items] == ["DBA team", None]
    assert [i.due for i in items] == [dt.date(2024, 3, 20), dt.date(2024, 3, 1)]


def test_section_heading_sets_horizon_when_no_date() -> None:
    text = "### Long-term (1-3 months)\n- Shard the ledger database (@ledger)\n"
    (parsed,) = read_action_items(text, INCIDENT)
    assert parsed.item.horizon == "long_term"
    assert parsed.horizon_source == "heading"


def test_continuation_line_joins_its_bullet() -> None:
    text = "- Add alert on queue depth\n  Owner: @sre, due 2024-03-05\n- Write runbook (@dba)\n"
    first, second = parse_action_items(text, INCIDENT)
    assert (first.owner, first.due) == ("sre", dt.date(2024, 3, 5))
    assert second.owner == "dba"


def test_placeholder_owner_is_tbd_and_empty_cell_is_none() -> None:
    items = parse_action_items("P2 | Update docs | Outdated | ? | soon | Open\n", None)
    assert items[0].owner == "TBD"


@pytest.mark.parametrize(
    ("text", "incident_date", "expected"),
    [
        ("due 2024-03-01", INCIDENT, dt.date(2024, 3, 1)),
        ("by March 1", INCIDENT, dt.date(2024, 3, 1)),
        ("by 5 Jan", INCIDENT, dt.date(2025, 1, 5)),
        ("in 2 weeks", INCIDENT, dt.date(2024, 3, 12)),
        ("within three days", INCIDENT, dt.date(2024, 3, 1)),
        ("next sprint", INCIDENT, dt.date(2024, 3, 12)),
        ("by end of quarter", INCIDENT, dt.date(2024, 3, 31)),
        ("next quarter", INCIDENT, dt.date(2024, 6, 30)),
        ("Q3", INCIDENT, dt.date(2024, 9, 30)),
        ("Q1 2025", None, dt.date(2025, 3, 31)),
        ("by Friday", INCIDENT, dt.date(2024, 3, 1)),
        ("EOM", INCIDENT, dt.date(2024, 2, 29)),
        ("14/03/2024", None, dt.date(2024, 3, 14)),
        ("in 2 weeks", None, None),
        ("03/04/2024", INCIDENT, None),
        ("by March 1", None, None),
        ("ASAP", INCIDENT, None),
    ],
    ids=[
        "iso", "month-day", "day-month-next-year", "in-weeks", "within-word-number",
        "next-sprint", "end-of-quarter", "next-quarter", "bare-quarter", "quarter-with-year",
        "weekday", "eom", "unambiguous-day-first", "relative-without-incident",
        "ambiguous-slashes", "no-year-without-incident", "vague",
    ],
)
def test_read_due_resolves_only_unambiguous_dates(
    text: str, incident_date: dt.date | None, expected: dt.date | None
) -> None:
    assert read_due(text, incident_date).due == expected


def test_unresolved_relative_date_keeps_offset_and_explains() -> None:
    reading = read_due("in 2 weeks", None)
    assert reading.unresolved and reading.days == 14
    assert reading.note is not None and "incident date" in reading.note


@pytest.mark.parametrize(
    ("days", "horizon"),
    [(0, "immediate"), (7, "immediate"), (8, "short_term"), (28, "short_term"),
     (29, "long_term"), (92, "long_term"), (-1, None)],
    ids=["same-day", "week", "eight", "four-weeks", "twenty-nine", "three-months", "before"],
)
def test_horizon_boundaries(days: int, horizon: str | None) -> None:
    assert horizon_for_days(days) == horizon


# --- action items of a whole written postmortem ------------------------------------------------

_DOCUMENTS = yaml.safe_load((DATA / "documents.yaml").read_text(encoding="utf-8"))
_FIELDS = ("owner", "status", "due", "priority", "key")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("case", _DOCUMENTS, ids=[c["name"] for c in _DOCUMENTS])
def test_document_items_are_the_commitments_with_their_fields(case: dict[str, Any]) -> None:
    found = [p.item for p in find_action_items(case["text"], case["date"])]
    assert [item.what for item in found] == [want["what"] for want in case["items"]]
    for item, want in zip(found, case["items"], strict=True):
        for name in _FIELDS:
            if name in want:
                assert getattr(item, name) == want[name], (item.what, name)


@pytest.mark.parametrize("case", _DOCUMENTS, ids=[c["name"] for c in _DOCUMENTS])
def test_explanations_apologies_and_incident_steps_are_not_items(case: dict[str, Any]) -> None:
    whats = [p.item.what for p in find_action_items(case["text"], case["date"])]
    for line in case["not_items"]:
        assert not any(line in what for what in whats), line


@pytest.mark.parametrize("case", _DOCUMENTS, ids=[c["name"] for c in _DOCUMENTS])
def test_item_text_is_quoted_from_the_document_word_for_word(case: dict[str, Any]) -> None:
    source = _flat(case["text"])
    for parsed in find_action_items(case["text"], case["date"]):
        assert _flat(parsed.item.what) in source


def test_priority_words_inside_the_text_stay_in_the_text() -> None:
    text = "## Follow-ups\n\n- Move critical settings and high-volume queues to runtime config\n"
    (parsed,) = find_action_items(text, None)
    assert parsed.item.what == "Move critical settings and high-volume queues to runtime config"
    assert parsed.item.priority is None


def test_wrapped_bullet_is_one_item_with_its_line() -> None:
    text = "# Outage\n\n## Action items\n\n- Add a canary stage to the\n  deploy pipeline for api\n"
    (parsed,) = find_action_items(text, None)
    assert parsed.item.what == "Add a canary stage to the deploy pipeline for api"
    assert parsed.line == 5


def test_table_section_rows_only_not_the_legend_around_them() -> None:
    text = (
        "## Action items\n\nEach item should prevent, detect or mitigate a repeat.\n\n"
        "* P0 - must land before the next release\n\n"
        "| Action | Priority | Status |\n|---|---|---|\n"
        "| Fuzz the snapshot loader in CI | P0 | DONE |\n| Document the repair steps | P1 | |\n"
    )
    found = [p.item for p in find_action_items(text, None)]
    assert [(i.what, i.priority, i.status) for i in found] == [
        ("Fuzz the snapshot loader in CI", "P0", "done"),
        ("Document the repair steps", "P1", "open"),
    ]


def test_done_heading_marks_items_done_and_skips_recovery_steps() -> None:
    text = (
        "## Changes we have made (completed)\n\n"
        "- Added a rate limit of 100 requests per second per client\n"
        "- Restored the backlog by replaying the queue manually\n"
    )
    found = [p.item for p in find_action_items(text, None)]
    assert [(i.what, i.status) for i in found] == [
        ("Added a rate limit of 100 requests per second per client", "done")
    ]


def test_counterfactual_and_reader_addressed_sentences_are_not_items() -> None:
    text = (
        "## Next steps\n\nWe should have noticed the disk filling up. If you saw errors, "
        "you can retry the upload. We will add a disk usage alert at 80%.\n"
    )
    found = [p.item.what for p in find_action_items(text, None)]
    assert found == ["We will add a disk usage alert at 80%."]


_ONE_LINE_SHAPES = [
    ("ABC-123: Add a retry budget to the billing client", None, None, "open", "ABC-123"),
    ("Add a retry budget to the billing client. Owner: Dana. Due: 2024-03-20.", "Dana",
     dt.date(2024, 3, 20), "open", None),
    ("Assignee: Dana Lee - add a retry budget to the billing client", "Dana Lee", None, "open",
     None),
    ("- Add a retry budget to the billing client (P1, @dana, in progress)", "dana", None,
     "in_progress", None),
    ("- BILL-9 — Add a retry budget to the billing client — Billing team — 2024-03-20 — P2",
     "Billing team", dt.date(2024, 3, 20), "open", "BILL-9"),
    ("- [x] Add a retry budget to the billing client #1234", None, None, "done", "#1234"),
    ("* Add a retry budget to the billing client | owner: dana | due: 2024-03-20", "dana",
     dt.date(2024, 3, 20), "open", None),
    ("1. Add a retry budget to the billing client (DRI: Dana) by 2024-03-20", "Dana",
     dt.date(2024, 3, 20), "open", None),
    ("- Add a retry budget to the billing client — done", None, None, "done", None),
    ("- ✅ Add a retry budget to the billing client", None, None, "done", None),
    ("- **Done**: Add a retry budget to the billing client", None, None, "done", None),
    ("- Add a retry budget to the billing client. Status: shipped", None, None, "done", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "owner", "due", "status", "key"), _ONE_LINE_SHAPES,
    ids=[f"shape-{i}" for i in range(len(_ONE_LINE_SHAPES))],
)
@pytest.mark.parametrize("heading", ["## Action items", "## Remediation", "## What we're doing"])
def test_one_line_field_shapes_under_any_commitment_heading(
    heading: str, line: str, owner: str | None, due: dt.date | None, status: str, key: str | None
) -> None:
    text = f"# Billing outage\n\n{heading}\n\n{line}\n"
    (parsed,) = find_action_items(text, dt.date(2024, 3, 4))
    item = parsed.item
    assert item.what.lower().rstrip(".") == "add a retry budget to the billing client"
    assert (item.owner, item.due, item.status, item.key) == (owner, due, status, key)
