"""The Evals tab's handlers, called directly."""

from __future__ import annotations

import pytest

gr = pytest.importorskip("gradio")

from assistant.settings import load_settings  # noqa: E402
from assistant.web import evals_tab  # noqa: E402


def test_the_shipped_cases_are_offered() -> None:
    ids = evals_tab.eval_case_ids()
    assert ids is not None and "config-push" in ids


def test_run_evals_offline_for_one_case_then_show_it() -> None:
    summary, baseline, picker, detail, result = evals_tab.run_evals(
        "offline", ["config-push"], settings=load_settings(None))
    assert "| config-push |" in summary and "**Regressions against the baseline**" in baseline
    assert isinstance(picker, gr.Dropdown) and picker.value == "config-push"
    assert detail.startswith("**config-push**")
    assert evals_tab.show_case("config-push", result) == detail
    assert evals_tab.show_case("nope", result) == ""


def test_show_case_before_a_run_asks_for_one() -> None:
    assert evals_tab.show_case("config-push", None) == "Run the evals first."


def test_an_unknown_case_is_a_message_for_the_user() -> None:
    with pytest.raises(gr.Error, match="no-such-case"):
        evals_tab.run_evals("offline", ["no-such-case"], settings=load_settings(None))
