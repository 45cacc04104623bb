"""The example incidents the web app offers: read from folders on disk at start-up.

An example is either an eval case (``expected.yaml`` beside an ``inputs/`` folder, with its title,
date and time zone written down) or a plain folder of input files, whose date is taken from the
first ISO date near the top of its files. A ``postmortem.md`` in the folder makes it an example
draft for the Review tab too. Folders whose inputs are generated (``generate.py``) are skipped:
there is nothing on disk to load until the generator runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Example:
    """An example incident: input files for the Draft tab and/or a draft for the Review tab."""

    id: str
    title: str
    inputs: tuple[Path, ...]
    date: str
    tz: str
    review: Path | None


_ISO_DATE = re.compile(r"\b(20\d\d-[01]\d-[0-3]\d)\b")


def _date_hint(files: Sequence[Path]) -> str:
    """The first ISO date written near the top of the files (an example without gold data)."""
    for path in files:
        with path.open(encoding="utf-8", errors="replace") as handle:
            match = _ISO_DATE.search(handle.read(4096))
        if match:
            return match.group(1)
    return ""


def _example_of(folder: Path) -> Example | None:
    """The example in ``folder``, or None when it has nothing to show (or needs generating)."""
    expected = folder / "expected.yaml"
    if (folder / "generate.py").exists():
        return None
    inputs_dir = folder / "inputs" if expected.exists() else folder
    inputs = tuple(sorted(p for p in inputs_dir.glob("*") if p.is_file())) if (
        inputs_dir.is_dir()) else ()
    review = folder / "postmortem.md"
    if not inputs and not review.exists():
        return None
    meta: dict[str, Any] = {}
    if expected.exists():
        meta = yaml.safe_load(expected.read_text(encoding="utf-8")) or {}
    date = str(meta.get("date") or _date_hint(inputs))
    title = str(meta.get("title") or folder.name.replace("-", " ").capitalize())
    return Example(folder.name, title, inputs, date, str(meta.get("tz") or "UTC"),
                   review if review.exists() else None)


def find_examples(roots: Sequence[Path]) -> list[Example]:
    """Every example incident in the sub-folders of ``roots``, in root order then by name.

    A root that does not exist is skipped, so an install without the eval cases or the test data
    simply offers fewer examples.
    """
    found = []
    for root in roots:
        if root.is_dir():
            for folder in sorted(p for p in root.iterdir() if p.is_dir()):
                example = _example_of(folder)
                if example is not None:
                    found.append(example)
    return found
