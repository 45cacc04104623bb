"""Propose action items with a model for blocks the rules could not place; keep exact quotes only.

The rules (``rules/actions/find.py``) decide by form and place, so an item written in an odd
shape can be missed. This chain shows the model the paragraphs and list entries that no found
item came from, and asks for the commitments among them. A proposed item is accepted only when
its quote is, word for word (whitespace aside), a passage of the document, and no item already
found covers it; its fields are then read from the quote by the same rules as any item. What
was accepted and what was rejected (with the reason) are both returned, so the caller can say
which items came from the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel

from assistant.chains.schemas import ActionDetection
from assistant.domain import Status
from assistant.models.prompts import pin_prompt
from assistant.models.structured import invoke_structured
from assistant.rules.actions.find import block_texts, item_from_text
from assistant.rules.actions.parse import ParsedActionItem

PROMPT = pin_prompt("detect_action_items", 1, ActionDetection)
MAX_BLOCKS = 40
"""At most this many unplaced blocks are sent, in document order."""
MAX_CHARS = 8000
"""And at most this many characters of them."""


@dataclass(frozen=True)
class DetectedItems:
    """Items the model proposed that passed the checks, and the ones that did not."""

    items: tuple[ParsedActionItem, ...] = ()
    rejected: tuple[str, ...] = ()
    """One line per rejected proposal: its quote and the reason."""


def _flat(text: str) -> str:
    return " ".join(text.split())


def _covers(found: str, quote: str) -> bool:
    """True when an item already found and the quote are the same passage (either way)."""
    a, b = _flat(found).lower(), _flat(quote).lower()
    return bool(a and b) and (a in b or b in a)


def unplaced_blocks(text: str, found: Sequence[ParsedActionItem]) -> list[tuple[int, str]]:
    """(line, text) of the paragraphs and list entries no found item was read from."""
    blocks: list[tuple[int, str]] = []
    size = 0
    for line, block in block_texts(text):
        if any(_covers(p.item.what, block) for p in found) or len(block.split()) < 3:
            continue
        if len(blocks) >= MAX_BLOCKS or size + len(block) > MAX_CHARS:
            break
        blocks.append((line, block))
        size += len(block)
    return blocks


def _check(quote: str, document: str, taken: Sequence[str]) -> str | None:
    """Why a proposed quote cannot be accepted, or None."""
    if len(quote.split()) < 2:
        return "too short to be an item"
    if quote not in document:
        return "not found word for word in the document"
    if any(_covers(what, quote) for what in taken):
        return "already found"
    return None


def detect_action_items(
    text: str,
    found: Sequence[ParsedActionItem],
    *,
    model: BaseChatModel,
    incident_date: dt.date | None = None,
) -> DetectedItems:
    """Action items the model finds in the blocks of ``text`` the rules did not place.

    Raises ``ModelOutputError`` when the answer stays malformed after one retry and
    ``ModelError`` when the model cannot be reached; the caller keeps the rules result.
    """
    blocks = unplaced_blocks(text, found)
    if not blocks:
        return DetectedItems()
    numbered = "\n".join(f"[{n}] {block}" for n, (_, block) in enumerate(blocks, start=1))
    listed = "\n".join(f"- {p.item.what}" for p in found) or "(none)"
    answer = invoke_structured(model, PROMPT, {"blocks": numbered, "found": listed}).value
    document = _flat(text)
    taken = [p.item.what for p in found]
    items: list[ParsedActionItem] = []
    rejected: list[str] = []
    for proposed in answer.items:
        quote = _flat(proposed.quote)
        problem = _check(quote, document, taken)
        if problem is not None:
            rejected.append(f"{quote[:80]}: {problem}")
            continue
        line = next((ln for ln, block in blocks if quote in block), 0)
        status: Status | None = None
        if proposed.done is not None:
            status = "done" if proposed.done else "open"
        items.append(item_from_text(quote, line, incident_date, status))
        taken.append(quote)
    return DetectedItems(tuple(items), tuple(rejected))
