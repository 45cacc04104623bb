"""What the web app's Draft and Review tabs return, and what each tab remembers in between.

The values come in the order of the tabs' output components, so a handler only calls a service
and hands the result here. Downloads are written into the folder the caller passes in (one per
request), never into a shared location.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import render, service
from assistant.domain import EvidenceRef, Finding, Postmortem, Review
from assistant.render.chart import timeline_svg
from assistant.web import views as web_views
from assistant.web.inputs import Sources
from assistant.web.views import Pieces, highlight_findings

PICK_A_ROW = "Pick a timeline row to see the lines it cites."
PASTED_DRAFT = "pasted draft"
"""The source name of a draft pasted into the Review tab, as its notices cite it."""


class Workspace:
    """One folder per request under a private root: downloads and copies of example files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._count = 0

    def new_folder(self) -> Path:
        """A new, empty folder of its own (safe across concurrent requests)."""
        with self._lock:
            self._count += 1
            folder = self.root / f"r{self._count}"
        folder.mkdir(parents=True)
        return folder


@dataclass
class DraftState:
    """What the Draft tab remembers between events of one browser session."""

    sources: Sources = field(default_factory=Sources)
    evidence: list[tuple[EvidenceRef, ...]] = field(default_factory=list)


@dataclass
class ReviewState:
    """The last review's findings, the text before any suggestion was applied, its name."""

    findings: list[Finding] = field(default_factory=list)
    original: str = ""
    rewritten: str = ""
    source: str = PASTED_DRAFT
    """The name of the file or example last loaded, else :data:`PASTED_DRAFT`."""


def write_download(folder: Path, name: str, text: str) -> str:
    """``text`` written as ``folder/name`` (UTF-8); the path, for a download button."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def file_stem(pm: Postmortem) -> str:
    """A safe file name stem for the document's downloads, from its incident id."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", pm.incident_id or "postmortem").strip("-")
    return stem or "postmortem"


def draft_outputs(
    pm: Postmortem, sources: Sources, mode: str, folder: Path
) -> tuple[list[Any], DraftState]:
    """What the Draft tab shows for a finished draft, in the order of its output components."""
    markdown = render.postmortem_markdown(pm)
    stem = file_stem(pm)
    outputs: list[Any] = [
        markdown,
        markdown,
        web_views.timeline_rows(pm),
        timeline_svg(pm),
        web_views.metrics_markdown(pm),
        web_views.notes_markdown(pm, mode=mode),
        highlight_findings(markdown, service.lint(markdown)),
        write_download(folder, f"{stem}.md", markdown),
        write_download(folder, f"{stem}.json", render.postmortem_json(pm)),
        PICK_A_ROW,
    ]
    state = DraftState(sources=sources, evidence=[event.evidence for event in pm.timeline])
    return outputs, state


def review_outputs(result: Review, text: str) -> tuple[str, Pieces, str]:
    """What the Review tab shows first: the report, the highlighted draft, the JSON."""
    return (
        render.review_markdown(result),
        highlight_findings(text, result.blame),
        result.model_dump_json(indent=2),
    )


def rewrite_files(original: str, rewritten: str, folder: Path) -> tuple[str, str]:
    """The rewritten text and its diff against the original, written for download."""
    diff = service.unified_diff(original, rewritten, "postmortem.md") or "No changes.\n"
    return write_download(folder, "postmortem-rewritten.md", rewritten), write_download(
        folder, "postmortem.diff", diff
    )
