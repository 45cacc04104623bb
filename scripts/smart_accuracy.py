"""SMART agreement with hand labels on real-shaped action items.

Each labelled item is a Markdown fragment placed under its group's heading; the whole-document
finder reads it (as ``postmortem review`` does) and the rules score it. Prints per-letter exact
and within-one agreement, the items the finder did not read, and with ``--diff`` every letter
that disagrees.

Usage: python scripts/smart_accuracy.py [FILE ...] [--diff]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from assistant.rules.actions.find import find_action_items
from assistant.rules.actions.smart import LETTERS, score_action_item

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "data" / "actions" / "real_tuning.yaml"


def agreement(path: Path, show: bool) -> None:
    """Print the agreement figures of one labelled file."""
    groups = yaml.safe_load(path.read_text(encoding="utf-8"))
    exact = [0] * len(LETTERS)
    within = [0] * len(LETTERS)
    count = unread = 0
    for group in groups:
        for labels in group["items"]:
            text = f"{group.get('heading') or ''}\n\n{labels['text']}\n"
            found = find_action_items(text, group["incident_date"])
            if len(found) != 1:
                unread += 1
                print(f"  not read as one item ({len(found)}): {labels['text'][:90]}")
                continue
            parsed = found[0]
            score = score_action_item(parsed.item, raw_text=parsed.raw,
                                      incident_date=group["incident_date"])
            count += 1
            got = [getattr(score, letter) for letter in LETTERS]
            for index, want in enumerate(labels["smart"]):
                exact[index] += got[index] == want
                within[index] += got[index] is not None and abs(got[index] - want) <= 1
            if show and got != labels["smart"]:
                print(f"  {got} want {labels['smart']}: {labels['text'][:90]}")
    figures = "  ".join(f"{letter[0].upper()} {e / count:.2f}/{w / count:.2f}"
                        for letter, e, w in zip(LETTERS, exact, within, strict=True))
    print(f"{path.name}: n={count} unread={unread}  exact/within-1  {figures}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--diff", action="store_true", help="print every disagreement")
    args = parser.parse_args(argv)
    for path in args.files:
        agreement(path, args.diff)
    return 0


if __name__ == "__main__":
    sys.exit(main())
