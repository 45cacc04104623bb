"""``service.review`` with a scripted model: model answers improve the rules, never replace them."""

from __future__ import annotations

import json
from pathlib import Path

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
