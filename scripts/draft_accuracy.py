"""Accuracy of the offline draft on real incidents: timed events, grounding, lint, duration.

For each labelled document the installed CLI drafts twice (``postmortem draft DOC --model
offline --format json`` and ``--format markdown``, with ``--date`` when the label gives one):

- ``recall``: labelled UTC entries (not date-only, not of unknown zone) matched by a draft
  timeline row within 2 minutes, as the reference scorer counts them;
- ``grounded``: timeline rows whose every evidence reference names the input and a non-blank
  line of it;
- ``lint``: blame findings (``find_blame``) in the rendered Markdown; the target is 0;
- ``duration``: mean absolute error in minutes of the draft's total duration against the
  labelled one, over the documents that state one (a draft with none counts as missing).

Two sets, reported apart: the shared development set (``../shared/data/postmortems``: docs/
and labels/) and, when present, a blind set of raw notes (``../blind/notesdraft``: one folder
per incident with ``notes.txt`` and ``label.json`` holding ``date``, ``duration_minutes`` and
``timeline`` entries with UTC ``time``). The material is read where it lies, never copied.

Usage: python scripts/draft_accuracy.py [--shared DIR] [--blind DIR] [--only dev|blind] [-v]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared" / "data"
DEFAULT_BLIND = ROOT.parent / "blind" / "notesdraft"
WINDOW = timedelta(minutes=2)


@dataclass(frozen=True)
class Case:
    """One labelled input: the file to draft, its date, its timed entries and duration."""

    name: str
    path: Path
    date: str | None
    times: tuple[datetime, ...]
    duration: float | None


@dataclass(frozen=True)
class Result:
    """What one draft scored."""

    name: str
    hit: int
    wanted: int
    rows: int
    grounded: int
    milestones: int
    lint: int
    duration: float | None
    wanted_duration: float | None
    failed: bool


def _utc_times(entries: Iterable[dict[str, Any]]) -> tuple[datetime, ...]:
    times = []
    for entry in entries:
        skipped = entry.get("date_only") or entry.get("tz_unknown")
        if skipped or entry.get("kind", "entry") != "entry":
            continue
        stamp = str(entry.get("time") or "")
        if len(stamp) >= 16:
            times.append(datetime.fromisoformat(stamp))
    return tuple(times)


def shared_cases(shared: Path) -> list[Case]:
    """The labelled real postmortems of the shared set."""
    root = shared / "postmortems"
    cases = []
    for path in sorted((root / "labels").glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        cases.append(
            Case(path.stem, root / "docs" / label["doc"], label.get("incident_date"),
                 _utc_times(label.get("timeline") or []), label.get("duration_minutes"))
        )
    return cases


def blind_cases(blind: Path) -> list[Case]:
    """The blind raw-notes incidents, one folder each."""
    cases = []
    for folder in sorted(p for p in blind.iterdir() if (p / "label.json").is_file()):
        label = json.loads((folder / "label.json").read_text(encoding="utf-8"))
        cases.append(
            Case(folder.name, folder / "notes.txt", label.get("date"),
                 _utc_times(label.get("timeline") or []), label.get("duration_minutes"))
        )
    return cases


def _draft(cli: Path, case: Case, fmt: str) -> str | None:
    args = [str(cli), "draft", str(case.path), "--model", "offline", "--format", fmt]
    if case.date:
        args += ["--date", case.date]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    return done.stdout if done.returncode == 0 else None


def _grounded(rows: list[dict[str, Any]], lines: list[str]) -> int:
    """Rows whose every reference points at a non-blank line of the input."""
    ok = 0
    for row in rows:
        refs = row.get("evidence") or []
        if refs and all(
            1 <= int(ref.get("line", 0)) <= len(lines) and lines[int(ref["line"]) - 1].strip()
            for ref in refs
        ):
            ok += 1
    return ok


def score_case(cli: Path, case: Case) -> Result:
    """Draft one input and score the draft."""
    from assistant.rules.blame.find import find_blame

    raw = _draft(cli, case, "json")
    markdown = _draft(cli, case, "markdown")
    if raw is None or markdown is None:
        return Result(case.name, 0, len(case.times), 0, 0, 0, 0, None, case.duration, True)
    document = json.loads(raw)
    rows = document.get("timeline") or []
    times = []
    for row in rows:
        try:
            times.append(datetime.fromisoformat(str(row.get("time")).replace("Z", "+00:00")))
        except ValueError:
            continue
    hit = sum(any(t.tzinfo and abs(t - want) <= WINDOW for t in times) for want in case.times)
    lines = case.path.read_text(encoding="utf-8").splitlines()
    marks = document.get("milestones") or {}
    named = ("alert", "detection", "communication", "mitigation", "resolution")
    total = (document.get("metrics") or {}).get("total_minutes")
    return Result(
        name=case.name,
        hit=hit,
        wanted=len(case.times),
        rows=len(rows),
        grounded=_grounded(rows, lines),
        milestones=sum(marks.get(name) is not None for name in named),
        lint=len(find_blame(markdown)),
        duration=total,
        wanted_duration=case.duration,
        failed=False,
    )


def report(title: str, results: list[Result], verbose: bool) -> dict[str, float]:
    """Print one set's table and totals; return the totals."""
    print(f"\n{title}")
    if verbose:
        print(f"{'case':48s} {'timed':>9s} {'rows':>5s} {'ground':>6s} {'ms':>3s} {'lint':>4s} "
              f"{'dur':>7s} {'want':>6s}")
        for r in results:
            dur = "-" if r.duration is None else f"{r.duration:.0f}"
            want = "-" if r.wanted_duration is None else f"{r.wanted_duration:.0f}"
            print(f"{r.name[:48]:48s} {r.hit:>4d}/{r.wanted:<4d} {r.rows:>5d} {r.grounded:>6d} "
                  f"{r.milestones:>3d} {r.lint:>4d} {dur:>7s} {want:>6s}"
                  f"{'  FAILED' if r.failed else ''}")
    hit = sum(r.hit for r in results)
    wanted = sum(r.wanted for r in results)
    rows = sum(r.rows for r in results)
    grounded = sum(r.grounded for r in results)
    lint = sum(r.lint for r in results)
    stated = [r for r in results if r.wanted_duration is not None]
    errors = [abs(r.duration - r.wanted_duration) for r in stated
              if r.duration is not None and r.wanted_duration is not None]
    missing = len(stated) - len(errors)
    figures = {
        "recall": hit / wanted if wanted else 0.0,
        "grounded": grounded / rows if rows else 0.0,
        "lint": float(lint),
        "duration_mae": sum(errors) / len(errors) if errors else 0.0,
    }
    print(f"timed events within 2 min {hit}/{wanted} = {figures['recall']:.2f}  "
          f"grounded rows {grounded}/{rows} = {figures['grounded']:.2f}  "
          f"lint findings {lint}  duration error {figures['duration_mae']:.1f} min mean over "
          f"{len(errors)} (missing {missing})  failed {sum(r.failed for r in results)}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="the shared data folder (default ../shared/data)")
    parser.add_argument("--blind", type=Path, default=DEFAULT_BLIND,
                        help="the blind raw-notes folder (default ../blind/notesdraft)")
    parser.add_argument("--postmortem", type=Path, default=ROOT / ".venv" / "bin" / "postmortem",
                        help="the CLI to score (default .venv/bin/postmortem)")
    parser.add_argument("--only", choices=("dev", "blind"), help="score one set only")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per case")
    args = parser.parse_args(argv)
    sets: list[tuple[str, list[Case]]] = []
    if args.only != "blind":
        if (args.shared / "postmortems" / "labels").is_dir():
            sets.append(("development: shared real postmortems", shared_cases(args.shared)))
        else:
            print(f"draft accuracy: {args.shared} not found: the development set is skipped")
    if args.only != "dev":
        if args.blind.is_dir():
            sets.append(("blind: raw notes of other real incidents", blind_cases(args.blind)))
        else:
            print(f"draft accuracy: {args.blind} not found: the blind set is skipped")
    with ThreadPoolExecutor(2) as pool:
        for title, cases in sets:
            results = list(pool.map(lambda case: score_case(args.postmortem, case), cases))
            report(title, results, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
