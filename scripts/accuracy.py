"""Accuracy on real material: the shared postmortems, blame sentences and loghub samples.

``make accuracy`` prints the figures; ``make accuracy-gate`` (part of ``make test``) compares them
with the committed ones in ``scripts/accuracy.json`` and fails when any falls; ``make
accuracy-update`` writes the current figures there (do it when they rise, and say so in the
commit). The material is read where it lies, ``../shared/data`` from the repository root, and is
never copied into the project. When that folder is absent the gate says so and passes.

Figures (all in 0..1; ``tricky_flagged`` is a rate where lower is better):

- ``postmortems.*``: the reference scorer ``postmortems/score.py`` run on the installed CLI:
  action-item recall and precision, sections right, incident date right, timeline entries
  matched within 2 minutes, blameful sentences flagged, tricky (not blameful) sentences flagged.
- ``blame.*``: ``find_blame`` on every real sentence: precision and recall of "flags something"
  against the label, on the sentences not marked borderline.
- ``loghub.*``: share of lines whose parsed time matches the ground truth, mean and worst system.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared" / "data"
FIGURES_FILE = Path(__file__).resolve().parent / "accuracy.json"
LOWER_IS_BETTER = frozenset({"postmortems.tricky_flagged"})
TOLERANCE = 0.0005
"""Figures are rounded to three places; anything below this is rounding, not a fall."""

_SUMMARY = re.compile(
    r"items recall (?P<items_recall>[\d.]+)\s+precision (?P<items_precision>[\d.]+)\s+"
    r"sections (?P<sections>[\d.]+)\s+date (?P<date_hit>\d+)/(?P<date_n>\d+)\s+"
    r"timeline (?P<timeline>[\d.]+)\s+blame (?P<blame_hit>\d+)/(?P<blame_n>\d+)\s+"
    r"tricky flagged (?P<tricky_hit>\d+)/(?P<tricky_n>\d+)\s+failed (?P<failed>\d+)"
)


def postmortem_figures(shared: Path, cli: Path) -> dict[str, float]:
    """Run the reference scorer and read its summary line."""
    scorer = shared / "postmortems" / "score.py"
    done = subprocess.run(
        [sys.executable, str(scorer), "--postmortem", str(cli)],
        capture_output=True, text=True, timeout=1800, check=False,
    )
    match = _SUMMARY.search(done.stdout)
    if match is None:
        raise SystemExit(f"accuracy: {scorer}: no summary line\n{done.stdout}\n{done.stderr}")
    print(done.stdout.rstrip())
    g = match.groupdict()

    def ratio(hit: str, n: str) -> float:
        return int(g[hit]) / int(g[n]) if int(g[n]) else 0.0

    if int(g["failed"]):
        raise SystemExit(f"accuracy: the CLI failed on {g['failed']} shared postmortems")
    return {
        "postmortems.items_recall": float(g["items_recall"]),
        "postmortems.items_precision": float(g["items_precision"]),
        "postmortems.sections": float(g["sections"]),
        "postmortems.date": ratio("date_hit", "date_n"),
        "postmortems.timeline": float(g["timeline"]),
        "postmortems.blame_recall": ratio("blame_hit", "blame_n"),
        "postmortems.tricky_flagged": ratio("tricky_hit", "tricky_n"),
    }


def blame_figures(shared: Path) -> dict[str, float]:
    """Sentence-level precision and recall of the lint on the real sentences."""
    from assistant.rules.blame.find import find_blame

    tp = fp = fn = 0
    misses: list[str] = []
    for line in (shared / "blame" / "sentences.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("borderline"):
            continue
        flagged = bool(find_blame(record["text"]))
        tp += flagged and record["blameful"]
        fp += flagged and not record["blameful"]
        if record["blameful"] and not flagged:
            fn += 1
            misses.append(record["id"])
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"blame sentences: tp {tp} fp {fp} fn {fn}  precision {precision:.3f}  "
          f"recall {recall:.3f}")
    return {"blame.precision": precision, "blame.recall": recall}


def loghub_figures(shared: Path) -> dict[str, float]:
    """Per-system timestamp accuracy (the loghub script's comparison)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from loghub_accuracy import system_accuracy

    scores = []
    root = shared / "loghub"
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*_2k.log"))):
        correct, compared, _unreadable, _failures = system_accuracy(folder)
        scores.append(correct / compared if compared else 0.0)
        print(f"loghub {folder.name:<12} {scores[-1]:.2%}")
    return {"loghub.mean": sum(scores) / len(scores), "loghub.worst": min(scores)}


def measure(shared: Path, cli: Path) -> dict[str, float]:
    """Every figure, rounded to three places."""
    figures: dict[str, float] = {}
    figures |= postmortem_figures(shared, cli)
    figures |= blame_figures(shared)
    figures |= loghub_figures(shared)
    return {name: round(value, 3) for name, value in figures.items()}


def falls(current: dict[str, float], committed: dict[str, Any]) -> list[str]:
    """One line per committed figure that the current run is worse on (or lacks)."""
    lines = []
    for name, before in sorted(committed.items()):
        now = current.get(name)
        if now is None:
            lines.append(f"{name}: missing (committed {before})")
            continue
        worse = now > before + TOLERANCE if name in LOWER_IS_BETTER else now < before - TOLERANCE
        if worse:
            lines.append(f"{name}: {now:.3f}, committed {before:.3f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="the shared data folder (default ../shared/data)")
    parser.add_argument("--postmortem", type=Path, default=ROOT / ".venv" / "bin" / "postmortem",
                        help="the CLI to score (default .venv/bin/postmortem)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="fail when a figure falls below scripts/accuracy.json")
    mode.add_argument("--update", action="store_true",
                      help="write the current figures to scripts/accuracy.json")
    args = parser.parse_args(argv)
    if not (args.shared / "postmortems" / "score.py").is_file():
        print(f"accuracy: {args.shared} not found: the real-material gate is skipped")
        return 0
    current = measure(args.shared, args.postmortem)
    width = max(map(len, current))
    committed = json.loads(FIGURES_FILE.read_text()) if FIGURES_FILE.is_file() else {}
    print()
    for name, value in current.items():
        before = committed.get(name)
        note = "" if before is None else f"   (committed {before:.3f})"
        print(f"{name:<{width}}  {value:.3f}{note}")
    if args.update:
        FIGURES_FILE.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
        print(f"accuracy: wrote {FIGURES_FILE.relative_to(ROOT)}")
    if args.check:
        fallen = falls(current, committed)
        if fallen:
            print("accuracy: figures fell below the committed ones:", *fallen, sep="\n  ")
            return 1
        print("accuracy: no figure fell below the committed ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
