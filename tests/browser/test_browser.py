"""The app in a real browser: draft an example incident, review and fix a blameful draft."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("gradio")
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

DATA = Path(__file__).resolve().parents[1] / "data"
BLAMEFUL = (DATA / "review" / "config_push_blameful.md").read_text(encoding="utf-8")


def _pick_example(page: Any, dropdown: str, title: str) -> None:
    page.locator(f"#{dropdown} input").click()
    page.get_by_role("option", name=title).click()


def test_draft_an_example_shows_timeline_chart_evidence_and_downloads_markdown(
    page: Any, screenshots: Path, outside_requests: list[str], tmp_path: Path
) -> None:
    _pick_example(page, "draft-example", "Checkout failures for gift-card carts after a release")
    expect(page.locator("#files tbody tr")).to_have_count(3)
    expect(page.locator("#incident-date textarea, #incident-date input").first).to_have_value(
        "2024-05-07")
    started = time.perf_counter()
    page.locator("#draft-button").click()
    table = page.locator("#timeline-table")
    expect(table).to_contain_text("rollback", timeout=20_000)
    print(f"\nclick Draft -> timeline shown: {time.perf_counter() - started:.2f} s")
    expect(page.locator("#timeline-chart svg g.event").first).to_be_visible()
    assert page.locator("#timeline-chart svg g.event").count() >= 5
    assert page.locator("#timeline-chart svg g.milestone").count() >= 3
    assert page.locator("#timeline-chart svg g.phase").count() >= 2
    table.get_by_text("notes.md:3", exact=True).first.click()
    expect(page.locator("#evidence-view")).to_contain_text("notes.md:3")
    with page.expect_download() as download_info:
        page.locator("#download-md").click()
    saved = tmp_path / "draft.md"
    download_info.value.save_as(saved)
    assert saved.read_text(encoding="utf-8").startswith("# Postmortem")
    page.screenshot(path=str(screenshots / "draft-tab.png"), full_page=True)
    assert outside_requests == []


def test_review_a_blameful_draft_apply_all_leaves_zero_findings(
    page: Any, screenshots: Path, outside_requests: list[str]
) -> None:
    page.get_by_role("tab", name="Review").click()
    page.locator("#review-input textarea").fill(BLAMEFUL)
    page.locator("#review-button").click()
    expect(page.locator("#review-score")).to_contain_text("4 blameful passage(s)")
    expect(page.locator("#review-actions")).to_contain_text("Be more careful with configs")
    page.screenshot(path=str(screenshots / "review-tab-before.png"), full_page=True)
    page.locator("#apply-all").click()
    expect(page.locator("#review-score")).to_contain_text("0 blameful passage(s)")
    assert "Dave" not in page.locator("#review-input textarea").input_value()
    with page.expect_download() as download_info:
        page.locator("#download-diff").click()
    assert download_info.value.suggested_filename == "postmortem.diff"
    page.screenshot(path=str(screenshots / "review-tab.png"), full_page=True)
    assert outside_requests == []


def test_pasted_notes_survive_a_page_reload(page: Any) -> None:
    expect(page.locator("#notes textarea")).to_be_visible()
    page.wait_for_timeout(500)  # let the page restore what was saved before (nothing yet)
    stored = "() => localStorage.getItem('postmortem-input')"
    before = page.evaluate(stored)
    page.locator("#notes textarea").fill(
        "14:02 alert fired: api 5xx above 5%\n14:05 on-call acknowledged")
    page.wait_for_function(f"before => ({stored})() !== before", arg=before)
    page.reload()
    expect(page.locator("#notes textarea")).to_have_value(
        "14:02 alert fired: api 5xx above 5%\n14:05 on-call acknowledged")


def test_app_fits_a_phone_width_without_sideways_scrolling(
    browser: Any, app_url: str, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        phone = context.new_page()
        phone.goto(app_url)
        expect(phone.locator("#draft-button")).to_be_visible()
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        phone.screenshot(path=str(screenshots / "draft-tab-narrow.png"), full_page=True)
        assert overflow <= 1
    finally:
        context.close()


def test_the_model_picked_above_the_tabs_is_used_by_the_review_tab(page: Any) -> None:
    page.get_by_role("tab", name="Review").click()
    page.locator("#review-input textarea").fill(BLAMEFUL)
    page.locator("#model-choice").get_by_text("OpenAI", exact=True).click()
    page.locator("#review-button").click()
    expect(page.get_by_text("enter a model name").first).to_be_visible()
    page.locator("#model-choice").get_by_text("Offline (rules only)").click()
    page.locator("#review-button").click()
    expect(page.locator("#review-score")).to_contain_text("4 blameful passage(s)")
