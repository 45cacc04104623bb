"""Accuracy of ingested timestamps on a set of real log layouts collected outside the project.

The set is JSON lines of ``{"layout", "line", "expected_iso", "has_year", "blind"}``: real lines
from public sources with the time read by eye. It is kept outside the repository (it holds
public log lines, which the project does not copy) in ``../blind/logtime`` relative to the
repository's parent folder, or in the folder or files given as arguments; ``seen.jsonl`` and
``blind.jsonl`` there are scored apart, the blind part being the layouts kept out of tuning.

Each layout's lines are written to a temporary file of their own and ingested with
``read_sources`` exactly as the CLI would (no ``--date``, UTC), so the per-file layout
inference sees them as one file. A line counts as correct when its time agrees with the
expected one to the second: the instant when the expected time has an offset, the wall clock
when it has none, and month to second (not the year) when the line carries no year.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from assistant.ingest.reader import read_sources

_PARTS = ("seen", "blind")


def default_root() -> Path:
    """``blind/logtime`` next to the folder that holds the repository."""
    return Path(__file__).resolve().parent.parent.parent / "blind" / "logtime"


def agrees(parsed: datetime | None, expected: datetime, has_year: bool) -> bool:
    """True when ``parsed`` equals ``expected`` to the second on what the line carries."""
    if parsed is None:
        return False
    got = parsed.replace(microsecond=0)
    want = expected.replace(microsecond=0)
    if want.tzinfo is not None:
        return got == want
    wall = got.replace(tzinfo=None)
    if not has_year:
        return wall.replace(year=2000) == want.replace(year=2000)
    return wall == want


def score_layout(rows: list[dict[str, object]], folder: Path) -> tuple[int, list[str]]:
    """(lines correct, up to two failures) for one layout's lines read as one file."""
    name = str(rows[0]["layout"])
    path = folder / f"{name}.log"
    path.write_text("\n".join(str(r["line"]) for r in rows) + "\n", encoding="utf-8")
    times = {e.line: e.time for e in read_sources([path], tz=UTC, date=None)}
    correct = 0
    failures: list[str] = []
    for number, row in enumerate(rows, start=1):
        expected = datetime.fromisoformat(str(row["expected_iso"]))
        if agrees(times.get(number), expected, bool(row["has_year"])):
            correct += 1
        elif len(failures) < 2:
            failures.append(f"line {number}: got {times.get(number)}, expected {expected}")
    return correct, failures


def load(paths: list[Path]) -> dict[str, dict[str, list[dict[str, object]]]]:
    """Rows by part (seen/blind) and layout, from JSON-lines files or folders of them."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    parts: dict[str, dict[str, list[dict[str, object]]]] = defaultdict(lambda: defaultdict(list))
    for file in files:
        for text in file.read_text(encoding="utf-8").splitlines():
            if text.strip():
                row = json.loads(text)
                parts["blind" if row.get("blind") else "seen"][row["layout"]].append(row)
    return parts


def main(argv: list[str] | None = None) -> int:
    """Print per-layout and per-part accuracy; ``--part`` limits it to seen or blind."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--part", choices=_PARTS, action="append")
    args = parser.parse_args(argv)
    paths = args.paths or [default_root()]
    if not all(p.exists() for p in paths):
        print(f"no layout set at {', '.join(map(str, paths))}", file=sys.stderr)
        return 2
    parts = load(paths)
    with tempfile.TemporaryDirectory() as tmp:
        for part in args.part or _PARTS:
            layouts = parts.get(part, {})
            if not layouts:
                continue
            total = right = perfect = 0
            print(f"{part}: {len(layouts)} layouts")
            for name in sorted(layouts):
                rows = layouts[name]
                correct, failures = score_layout(rows, Path(tmp))
                total += len(rows)
                right += correct
                perfect += correct == len(rows)
                print(f"  {name:<22} {correct:>3}/{len(rows):<3}")
                for failure in failures:
                    print(f"      {failure}")
            print(
                f"{part} accuracy {right}/{total} = {right / total:.2%} per line; "
                f"{perfect}/{len(layouts)} layouts fully right"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
