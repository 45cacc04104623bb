"""``service.review`` with a scripted model: model answers improve the rules, never replace them."""

from __future__ import annotations

import json
from pathlib import Path

from assistant import service
from assistant.models.scripted import ScriptedChatModel
from assistant.service import ReviewOptions, review

DRAFT = (Path(__file__).parent / "data" / "review" / "config_push_blameful.md").read_text(
    encoding="utf-8"
)
GOOD_WHYS = json.dumps({"steps": [
    {"question": "Why did the config pipeline accept a pool size of 0?",
     "answer": "The pipeline has no schema validation for pool sizes."},
    {"question": "Why is there no schema validation?",
     "answer": "Config validation was never made a required pipeline stage."},
]})
BLAMEFUL_WHYS = json.dumps({"steps": [
    {"question": "Why was the typo made?", "answer": "Dave was careless and rushed the change."},
]})
REWRITE = json.dumps({"text": "Add a pre-merge lint for payments pool sizes in the config "
                      "pipeline, done when a 0 value fails CI; owner: <owner>; due: <due date>"})


def test_review_with_model_uses_checked_whys_and_marks_provenance() -> None:
    model = ScriptedChatModel.from_list([GOOD_WHYS, REWRITE, REWRITE])
    result = review(DRAFT, ReviewOptions(source="draft.md"), model=model)
    assert result.provenance["whys"] == "model"
    assert [s.answer for s in result.whys.proposed_whys][0].startswith("The pipeline has no")
    assert all(step.hypothesis for step in result.whys.proposed_whys)
    # User text reached the model only inside the data fence.
    sent = "\n".join(str(m.content) for m in model.calls[0].messages)
    assert "<incident_data>" in sent
    # The rules findings are all still there.
    assert {f.category for f in result.blame} >= {"named_blame", "human_error"}


def test_review_rejects_blameful_model_whys_and_keeps_template_steps() -> None:
    model = ScriptedChatModel.from_list([BLAMEFUL_WHYS, REWRITE, REWRITE])
    result = review(DRAFT, model=model)
    answers = " ".join(step.answer for step in result.whys.proposed_whys)
    assert "Dave" not in answers
    assert "careless" not in answers
    assert result.whys.proposed_whys


def test_review_keeps_rules_result_when_model_output_stays_malformed() -> None:
    rules = review(DRAFT)
    model = ScriptedChatModel.from_list(["not json", "still not json"] + ["nope"] * 6)
    result = review(DRAFT, model=model)
    assert result.whys.proposed_whys == rules.whys.proposed_whys
    assert result.whys.origin == "rules"
    assert any("deepen_whys" in w.message and "skipped" in w.message for w in result.warnings)
    assert result.score == rules.score


REWRITE_DRAFT = (
    "## Summary\n\n"
    "Dave forgot to renew the certificate for checkout.example.com, so it expired at 03:00 UTC.\n\n"
    "We should have caught it in staging before v2.3.1 shipped.\n"
)
CLEAN_FIRST = (
    "The certificate for checkout.example.com was not renewed, so it expired at 03:00 UTC."
)


def _rewrite_answer(*rewrites: tuple[int, str]) -> str:
    return json.dumps(
        {"passages": [{"id": i, "original": "(as given)", "rewrite": r} for i, r in rewrites]}
    )


def test_rewrite_offline_applies_the_rules_suggestions() -> None:
    findings = service.lint(REWRITE_DRAFT)
    result = service.rewrite(REWRITE_DRAFT, findings)
    assert result.origin == "rules" and result.notices == ()
    assert "Dave forgot" not in result.text and "should have caught" not in result.text
    assert "checkout.example.com" in result.text and "03:00 UTC" in result.text


def test_rewrite_with_a_model_keeps_accepted_passages_and_falls_back_per_passage() -> None:
    findings = service.lint(REWRITE_DRAFT)
    model = ScriptedChatModel.from_list([_rewrite_answer((1, CLEAN_FIRST), (2, "Oops."))])
    result = service.rewrite(REWRITE_DRAFT, findings, model=model)
    assert result.origin == "model"
    assert CLEAN_FIRST in result.text
    assert "Oops." not in result.text and "should have caught" not in result.text
    assert [n.source for n in result.notices] == ["rewrite_blameless"]
    assert "model rewrite refused, rules rewrite used" in result.notices[0].message
