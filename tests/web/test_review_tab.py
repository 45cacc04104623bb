"""The Review tab's handlers, called directly: the picked model, the options, apply, loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

gr = pytest.importorskip("gradio")

from assistant.models.scripted import ScriptedChatModel  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from assistant.web import review_tab  # noqa: E402
from assistant.web.examples import Example  # noqa: E402
from assistant.web.model_choice import ModelSetup  # noqa: E402
from assistant.web.outputs import PASTED_DRAFT, ReviewState, Workspace  # noqa: E402

DRAFT_FILE = Path(__file__).parents[1] / "data" / "review" / "config_push_blameful.md"
DRAFT = DRAFT_FILE.read_text(encoding="utf-8")
UNDATED = DRAFT.replace("**Date:** 2024-02-15\n", "").replace("2024-02-22", "in 2 weeks")
GOOD_WHYS = json.dumps({"steps": [
    {"question": "Why did the config pipeline accept a pool size of 0?",
     "answer": "The pipeline has no schema validation for pool sizes."},
    {"question": "Why is there no schema validation?",
     "answer": "Config validation was never made a required pipeline stage."},
]})
REWRITE = json.dumps({"text": "Add a pre-merge lint for payments pool sizes in the config "
                      "pipeline, done when a 0 value fails CI; owner: <owner>; due: <due date>"})


def _setup(model: ScriptedChatModel | None = None) -> ModelSetup:
    return ModelSetup(model, load_settings(None, timeout_s=5, max_retries=0))


def _review(text: str, date: str = "", choice: str = "offline", state: ReviewState | None = None,
            models: ModelSetup | None = None) -> tuple[object, ...]:
    return review_tab.review_draft(text, date, choice, "", "", "", state or ReviewState(),
                                   models=models or _setup())


def test_review_uses_the_model_the_app_started_with_when_picked() -> None:
    model = ScriptedChatModel.from_list([GOOD_WHYS, REWRITE, REWRITE])
    outputs = _review(DRAFT, choice="server", models=_setup(model))
    result = json.loads(str(outputs[2]))
    assert model.calls and model.calls[0].task == "deepen_whys"
    assert "<incident_data>" in model.calls[0].text
    assert result["provenance"]["whys"] == "model"
    assert "The pipeline has no schema validation" in str(outputs[6])  # the whys view


def test_offline_choice_sends_nothing_to_the_started_model() -> None:
    model = ScriptedChatModel.from_list([GOOD_WHYS, REWRITE, REWRITE])
    outputs = _review(DRAFT, choice="offline", models=_setup(model))
    assert model.calls == []
    assert set(json.loads(str(outputs[2]))["provenance"].values()) == {"rules"}


def test_a_picked_model_that_cannot_be_built_says_how_to_fix_it() -> None:
    with pytest.raises(gr.Error, match="enter a model name"):
        _review(DRAFT, choice="openai")


def test_the_incident_date_resolves_relative_due_dates() -> None:
    undated = json.loads(str(_review(UNDATED)[2]))
    dated = json.loads(str(_review(UNDATED, date="2024-02-15")[2]))
    assert [w["message"][:24] for w in undated["warnings"]] == ["no incident date found; "]
    assert "2024-02-29" not in json.dumps(undated)
    assert dated["warnings"] == [] and "2024-02-29" in json.dumps(dated)


def test_a_bad_incident_date_is_one_line_for_the_user() -> None:
    with pytest.raises(gr.Error, match="Incident date '15/02/2024': use YYYY-MM-DD"):
        _review(UNDATED, date="15/02/2024")


def test_notices_name_the_loaded_file_else_the_pasted_draft(tmp_path: Path) -> None:
    pasted = json.loads(str(_review(UNDATED)[2]))
    upload = tmp_path / "inc-2041.md"
    upload.write_text(UNDATED, encoding="utf-8")
    text, state = review_tab.load_review_file(str(upload), ReviewState())
    loaded = json.loads(str(_review(text, state=state)[2]))
    assert pasted["warnings"][0]["source"] == PASTED_DRAFT
    assert loaded["warnings"][0]["source"] == "inc-2041.md"
    assert _review(text, state=state)[-1].source == "inc-2041.md"  # kept for the next review


def test_a_binary_upload_names_the_file_not_its_temporary_path(tmp_path: Path) -> None:
    binary = tmp_path / "draft.md"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(gr.Error) as caught:
        review_tab.load_review_file(str(binary), ReviewState())
    assert caught.value.message.startswith("draft.md: binary file, not text")
    assert str(tmp_path) not in caught.value.message


def test_load_review_example_reads_its_draft_and_names_it() -> None:
    example = Example("config-push", "Config push", (), "", "UTC", DRAFT_FILE)
    text, state = review_tab.load_review_example("config-push", examples=[example])
    assert text == DRAFT and state.source == "config-push/config_push_blameful.md"
    with pytest.raises(gr.Error, match="No example draft named 'nope'"):
        review_tab.load_review_example("nope", examples=[example])


def test_apply_all_rewrites_and_offers_text_and_diff(tmp_path: Path) -> None:
    state = _review(DRAFT)[-1]
    assert isinstance(state, ReviewState)
    rewritten, text_path, diff_path, after = review_tab.apply_all(
        DRAFT, state, workspace=Workspace(tmp_path))
    assert "Dave" not in rewritten and Path(text_path).read_text(encoding="utf-8") == rewritten
    assert "-Dave pushed a bad config" in Path(diff_path).read_text(encoding="utf-8")
    assert after.original == DRAFT and after.findings == []
    assert json.loads(str(_review(rewritten, state=after)[2]))["blame"] == []


def test_apply_one_applies_only_the_picked_finding(tmp_path: Path) -> None:
    state = _review(DRAFT)[-1]
    assert isinstance(state, ReviewState)
    picked = review_tab.web_views.finding_choice(0, state.findings[0])
    rewritten, *_files, _after = review_tab.apply_one(DRAFT, picked, state,
                                                      workspace=Workspace(tmp_path))
    remaining = json.loads(str(_review(rewritten)[2]))["blame"]
    assert 0 < len(remaining) < len(state.findings)


def test_apply_to_edited_text_asks_to_review_again(tmp_path: Path) -> None:
    state = _review(DRAFT)[-1]
    assert isinstance(state, ReviewState)
    edited = "Completely different text.\n" + DRAFT
    with pytest.raises(gr.Error, match="the text changed since it was checked"):
        review_tab.apply_all(edited, state, workspace=Workspace(tmp_path))


def test_apply_one_accepts_only_a_finding_of_the_last_review(tmp_path: Path) -> None:
    state = _review(DRAFT)[-1]
    assert isinstance(state, ReviewState)
    with pytest.raises(gr.Error, match="Pick a finding from the list first"):
        review_tab.apply_one(DRAFT, "no such finding", state, workspace=Workspace(tmp_path))


def test_empty_input_asks_for_a_draft() -> None:
    with pytest.raises(gr.Error, match="Paste a postmortem draft first"):
        _review("   ")
