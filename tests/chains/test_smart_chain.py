"""rewrite_action_item with a scripted model: kept rewrites, invented values rejected."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assistant.chains.action_rewrite import rewrite_action_item, rewrite_problems
from assistant.domain import ActionItem
from assistant.errors import ModelOutputError
from assistant.models.scripted import ScriptedChatModel
from assistant.rules.actions.smart import score_action_item, suggest_smart_rewrite

ITEM = ActionItem(what="Improve monitoring of orders-db replication lag")
SCORE = score_action_item(ITEM, raw_text=ITEM.what, incident_date=None)


def _answer(text: str) -> str:
    """A model answer with the rewrite ``text``."""
    return json.dumps({"text": text})


def test_good_rewrite_with_placeholders_is_kept() -> None:
    good = (
        "Add an alert that pages the on-call when orders-db replication lag exceeds 30s for "
        "5 minutes; owner: <owner>; due: <due date>"
    )
    model = ScriptedChatModel.from_list([_answer(good)])
    assert rewrite_action_item(ITEM, SCORE, model=model) == good
    assert "orders-db" in model.calls[0].text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Add a lag alert for orders-db (owner: @maria); due: <due date>", "invents the owner"),
        ("Add a lag alert for orders-db; owner: <owner>; due 2024-03-01", "invents the date"),
        ("Add a lag alert for orders-db", "leaves no <owner> placeholder"),
        ("Add a lag alert for the database; owner: <owner>; due: <due date>", "drops orders-db"),
        (
            "Alice should have added a lag alert for orders-db; owner: <owner>; due: <due date>",
            "is not blameless",
        ),
    ],
    ids=["invented-owner", "invented-date", "no-placeholder", "lost-system-name", "blameful"],
)
def test_rewrite_problems_name_what_is_wrong(text: str, problem: str) -> None:
    assert any(p.startswith(problem) for p in rewrite_problems(ITEM, text))


def test_rewrite_that_invents_an_owner_falls_back_to_template() -> None:
    model = ScriptedChatModel.from_list(
        [_answer("Add a lag alert for orders-db (owner: @maria) by 2024-03-01")]
    )
    result = rewrite_action_item(ITEM, SCORE, model=model)
    assert result == suggest_smart_rewrite(ITEM, SCORE)
    assert "maria" not in result and "<owner>" in result


def test_known_owner_and_due_must_be_kept() -> None:
    item = ActionItem(what="Review alert thresholds", owner="kenji", due=dt.date(2024, 5, 28))
    score = score_action_item(item, raw_text=item.what, incident_date=None)
    assert rewrite_problems(item, "Review alert thresholds; owner: kenji; due 2024-05-28") == []
    assert any(
        p.startswith("changes the due date")
        for p in rewrite_problems(item, "Review alert thresholds; owner: kenji; due 2024-06-30")
    )
    assert score.assignable == 2


def test_malformed_answer_twice_raises_model_output_error() -> None:
    model = ScriptedChatModel.from_list(["{text: ", "[]"])
    with pytest.raises(ModelOutputError):
        rewrite_action_item(ITEM, SCORE, model=model)
