"""detect_blame with a scripted model: batches, exact quotes, categories, model findings."""

from __future__ import annotations

import json

from assistant.chains.blame_detect import detect_blame
from assistant.models.scripted import ScriptedChatModel
from assistant.rules.blame.find import find_blame

DRAFT = (
    "## What happened\n\n"
    "Dave forgot to renew the certificate for checkout.example.com.\n"
    "The rollout was the kind of thing only the mobile squad\n"
    "would ship on a Friday. The cache was warmed at 09:10 UTC and latency recovered.\n"
)


def _answer(*proposals: tuple[int, str, str]) -> str:
    return json.dumps({"findings": [
        {"sentence": n, "quote": q, "category": c, "reason": "blames a team"}
        for n, q, c in proposals
    ]})


def test_detect_blame_accepts_an_exact_quote_as_a_model_finding() -> None:
    rules = find_blame(DRAFT)
    model = ScriptedChatModel.from_list(
        [_answer((1, "only the mobile squad would ship on a Friday", "tone"))]
    )
    found = detect_blame(DRAFT, rules, model=model)
    assert [(f.text, f.category, f.origin, f.suggestion) for f in found] == [
        ("only the mobile squad\nwould ship on a Friday", "tone", "model", None)
    ]
    assert found[0].severity == "warning" and found[0].line == 4
    sent = model.calls[0].text
    assert "<incident_data>\n[1] The rollout was the kind of thing" in sent
    assert "Dave forgot" not in sent  # the rules already flagged that sentence


def test_detect_blame_refuses_invented_quotes_unknown_categories_and_overlaps() -> None:
    rules = find_blame(DRAFT)
    model = ScriptedChatModel.from_list([_answer(
        (1, "the mobile team broke it", "role_blame"),   # not in the sentence
        (1, "mobile squad", "blame"),                     # not a category
        (1, "mobile squad", "deny_term"),                 # not the model's to give
        (9, "latency recovered", "tone"),                 # no such sentence
        (2, "The cache was warmed", "role_blame"),        # accepted (then the next overlaps)
        (2, "cache was warmed at 09:10", "judgement"),
    )])
    found = detect_blame(DRAFT, rules, model=model)
    assert [(f.text, f.category) for f in found] == [("The cache was warmed", "role_blame")]


def test_detect_blame_batches_within_the_token_budget() -> None:
    text = "\n\n".join(f"The worker pool number {i} was resized in the window." for i in range(6))
    model = ScriptedChatModel.from_list([_answer()] * 3)
    assert detect_blame(text, [], model=model, budget=40) == []
    assert len(model.calls) == 3
    assert "[2] The worker pool number 1" in model.calls[0].text


def test_detect_blame_sends_nothing_when_every_sentence_is_flagged_or_short() -> None:
    text = "Dave broke the deploy.\n\n## Summary\n"
    model = ScriptedChatModel.from_list([])
    assert detect_blame(text, find_blame(text), model=model) == []
    assert model.calls == []
