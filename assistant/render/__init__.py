"""Markdown, JSON, text and SVG output of the domain models. Depends on the domain only."""

from assistant.render.postmortem import needs_dates, postmortem_json, postmortem_markdown
from assistant.render.review import findings_text, review_markdown, review_text

__all__ = [
    "findings_text",
    "needs_dates",
    "postmortem_json",
    "postmortem_markdown",
    "review_markdown",
    "review_text",
]
