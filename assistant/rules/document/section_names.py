"""The reported sections: which one a heading's wording names, and wording that shows one."""

from __future__ import annotations

import re

from assistant.rules.document.headings import classify_heading

REPORTED_SECTIONS = (
    "summary", "timeline", "root_cause", "impact", "action_items", "detection_response",
    "lessons",
)  # fmt: skip
_HEADING_TO_SECTION = {
    "summary": "summary",
    "timeline": "timeline",
    "root_cause": "root_cause",
    "whys": "root_cause",
    "contributing_factors": "root_cause",
    "proximate_vs_root": "root_cause",
    "impact": "impact",
    "action_items": "action_items",
    "preventive_measures": "action_items",
    "detection_response": "detection_response",
    "went_well": "lessons",
    "could_be_better": "lessons",
}
_EXTRA_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lessons", re.compile(
        r"lessons?|learn(ed|ings|t)|takeaways?|went\s+(well|wrong|badly|poorly)|got\s+lucky"
        r"|conclusions?"
        r"|didn'?t\s+go|could\s+have\s+gone|reflection|retrospective|what\s+worked", re.I)),
    ("action_items", re.compile(
        r"what\s+we('re|\s+are)\s+doing|doing\s+about|future\s+(actions|work|plans)|moving\s+forward"
        r"|improvements?|corrective|preventa?tive|remediat|follow[\s-]?up(?!\s+timeline)|next\s+steps"
        r"|actions?\b|to[\s-]?dos?|fixes|changes\s+we", re.I)),
    ("root_cause", re.compile(r"\bcause|trigger|why\b|what\s+went\s+wrong|technical\s+details"
                              r"|contributing|analysis|background|bug\b|issue\b", re.I)),
    ("impact", re.compile(r"impact|affected|scope|data\s+integrity|who\s+was|customers?", re.I)),
    ("detection_response", re.compile(
        r"detect|response|resolution|recover|mitigat|handling|identified|restor|how\s+we\s+fixed"
        r"|statistics|metrics|mtt[adr]", re.I)),
    ("summary", re.compile(r"summary|overview|what\s+happened|description|introduction|tl;?dr",
                           re.I)),
    ("timeline", re.compile(r"timeline|chronolog|sequence\s+of\s+events|key\s+events", re.I)),
)  # fmt: skip
CONTENT_PATTERNS: dict[str, re.Pattern[str]] = {
    "root_cause": re.compile(
        r"\b(root\s+cause|caus(?:e[ds]?|ing)|because|due\s+to|resulted\s+from|triggered\s+by"
        r"|misconfigur\w*|accidentally|inadvertently|by\s+mistake|turned\s+out|was\s+introduced"
        r"|as\s+a\s+result\s+of|led\s+to|the\s+reason|was\s+the\s+result|bug\s+in|stemmed)\b",
        re.I),
    "impact": re.compile(
        r"\b(outage|downtime|unavailable|impact\w*|affect\w*|users?\s+(?:could|were|was)"
        r"|customers?|degraded|degradation|errors?\s+for|down\s+for|couldn'?t|unable\s+to"
        r"|delay\w*|compromised|leaked|exposed|lost|users|stale|slow\w*|failing|failures?"
        r"|stall\w*|halt\w*|interrupt\w*|disrupt\w*)\b", re.I),
    "detection_response": re.compile(
        r"\b(detected|noticed|alert\w*|paged|reported|discovered|monitoring|investigat\w+"
        r"|mitigat\w+|rolled\s+back|restored|resolved|fixed|recovered|failed\s+over|revoked"
        r"|identified|notified|responded)\b", re.I),
    "action_items": re.compile(
        r"\b(we\s+will|we'll|we\s+are\s+(?:going\s+to|working|planning|adding|moving|improving)"
        r"|we're\s+(?:working|going|planning|adding|moving|improving)|we\s+plan\s+to"
        r"|in\s+the\s+future|going\s+forward|to\s+prevent|follow[\s-]?up|action\s+items?"
        r"|we\s+(?:have|'ve)\s+(?:enabled|added|implemented|introduced|updated)|should\s+now"
        r"|(?:was|were|has\s+been|have\s+been)\s+(?:fixed|patched|implemented|enabled)"
        r"|we\s+(?:should|need\s+to|want\s+to|intend\s+to))\b",
        re.I),
    "lessons": re.compile(
        r"\b(lessons?\s+learn\w*|we\s+(?:have\s+)?learn(?:ed|t)|takeaways?|went\s+well"
        r"|went\s+wrong|got\s+lucky)\b", re.I),
}  # fmt: skip


def heading_section(text: str) -> str | None:
    """The reported section a heading's wording names, or None."""
    key = classify_heading(text)
    if key in _HEADING_TO_SECTION:
        return _HEADING_TO_SECTION[key]
    words = re.sub(r"[*_`#:]+", " ", text).strip()
    for name, pattern in _EXTRA_HEADINGS:
        if pattern.search(words):
            return name
    return None


