"""detect_action_items with a scripted model: exact quotes kept, invented or known ones rejected."""

from __future__ import annotations

import datetime as dt
import json

from assistant.chains.action_detect import detect_action_items, unplaced_blocks
from assistant.models.scripted import ScriptedChatModel
from assistant.rules.actions.find import find_action_items

DOC = """# Storage node full

## Summary

The log volume on storage-3 filled up and writes failed for 40 minutes. Sorry for the trouble.

## Notes from the review

The team agreed that rotation had been left at its default. Rotation for the ingest logs moves
to hourly, capped at 2 GB per file. Nobody expected the volume to fill this fast.

## Action items

- Add a disk usage alert at 80% on storage nodes
"""
DATE = dt.date(2024, 6, 3)


def _answer(*items: dict[str, object]) -> str:
    return json.dumps({"items": list(items)})


def test_exact_quote_of_an_unplaced_commitment_is_accepted() -> None:
    found = find_action_items(DOC, DATE)
    quote = "Rotation for the ingest logs moves to hourly, capped at 2 GB per file."
    model = ScriptedChatModel.from_list([_answer({"quote": quote, "block": 2, "done": False})])
    result = detect_action_items(DOC, found, model=model, incident_date=DATE)
    assert [p.item.what for p in result.items] == [quote]
    assert result.items[0].item.status == "open"
    assert result.rejected == ()
    sent = model.calls[0].text
    assert "<incident_data>" in sent and "Nobody expected the volume" in sent
    assert "Add a disk usage alert at 80% on storage nodes" in sent  # listed as already found


def test_edited_invented_and_known_quotes_are_rejected() -> None:
    found = find_action_items(DOC, DATE)
    model = ScriptedChatModel.from_list([_answer(
        {"quote": "Rotation for ingest logs moves to hourly", "block": 2},
        {"quote": "Buy bigger disks for every storage node", "block": 2},
        {"quote": "Add a disk usage alert at 80% on storage nodes", "block": 3},
    )])
    result = detect_action_items(DOC, found, model=model, incident_date=DATE)
    assert result.items == ()
    assert [line.rsplit(": ", 1)[1] for line in result.rejected] == [
        "not found word for word in the document",
        "not found word for word in the document",
        "already found",
    ]


def test_no_model_call_when_every_block_is_placed() -> None:
    text = "## Action items\n\n- Add a disk usage alert at 80% on storage nodes\n"
    found = find_action_items(text, None)
    model = ScriptedChatModel.from_list([])
    assert unplaced_blocks(text, found) == []
    assert detect_action_items(text, found, model=model).items == ()
    assert model.calls == []


def test_quote_across_a_wrapped_line_counts_as_exact() -> None:
    found = find_action_items(DOC, DATE)
    quote = "Rotation for the ingest logs moves to hourly, capped at 2 GB per file."
    assert "moves\nto hourly" in DOC
    model = ScriptedChatModel.from_list([_answer({"quote": quote, "block": 2})])
    (parsed,) = detect_action_items(DOC, found, model=model).items
    assert parsed.line == 9
