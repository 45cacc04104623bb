"""Accuracy of ingested timestamps on the real loghub log samples, per system.

Reads every ``<System>/<System>_2k.log`` under the loghub folder (by default
``../shared/data/loghub`` relative to the repository root, or the path given as the first
argument), ingests it with ``read_sources`` exactly as the CLI would (no ``--date``, UTC), and
compares the time of each line with the ground truth in ``<System>_2k.log_structured.csv``.

How the comparison works: the structured CSV splits the timestamp over columns whose names vary
by system (``Date``, ``Time``, ``Month``, ``Day``). The script joins the columns present in the
order Month, Date, Day, Time and reads them with an explicit ``strptime`` layout, independent of
the parser under test. Only what the CSV holds is compared: when the layout has a year, the whole
wall-clock date and time must match (to the microsecond); when the log and CSV carry no year
(syslog, logcat), month, day, hour, minute, second and fraction must match and the year, which
the ingester infers, is not compared. No sample writes a zone, so the wall clock is compared.

The samples are read where they are and never copied into the project. Exit code 1 when any
system is under the target accuracy (99%).
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import UTC, datetime
from pathlib import Path

from assistant.ingest.reader import read_sources

TARGET = 0.99
_REFERENCE_LAYOUTS = (
    "%Y-%m-%d %H:%M:%S,%f",
    "%y%m%d %H%M%S",
    "%y/%m/%d %H:%M:%S",
    "%a %b %d %H:%M:%S %Y",
    "%m-%d %H:%M:%S.%f",
    "%b %d %H:%M:%S",
)
_TIME_COLUMNS = ("Month", "Date", "Day", "Time")


def default_root() -> Path:
    """``../shared/data/loghub`` relative to the repository root."""
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "loghub"


def reference_time(row: dict[str, str]) -> tuple[datetime, bool] | None:
    """The ground-truth time of a CSV row and whether it includes the year."""
    text = " ".join(row[c].strip() for c in _TIME_COLUMNS if row.get(c, "").strip())
    for layout in _REFERENCE_LAYOUTS:
        try:
            parsed = datetime.strptime(text, layout)  # noqa: DTZ007  (the logs carry no zone)
        except ValueError:
            continue
        return parsed, "%Y" in layout or "%y" in layout
    return None


def matches(parsed: datetime | None, expected: datetime, with_year: bool) -> bool:
    """True when the ingested time agrees with the reference on every part the CSV holds."""
    if parsed is None:
        return False
    wall = parsed.replace(tzinfo=None)
    if with_year:
        return wall == expected
    return wall.replace(year=1900) == expected.replace(year=1900)


def system_accuracy(folder: Path) -> tuple[int, int, int, list[str]]:
    """(lines correct, lines compared, lines without a reference, sample failures)."""
    log = next(folder.glob("*_2k.log"))
    truth = Path(f"{log}_structured.csv")
    times = {e.line: e.time for e in read_sources([log], tz=UTC, date=None)}
    correct = compared = unreadable = 0
    failures: list[str] = []
    with truth.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            reference = reference_time(row)
            if reference is None:
                unreadable += 1
                continue
            compared += 1
            line = int(row["LineId"])
            if matches(times.get(line), *reference):
                correct += 1
            elif len(failures) < 3:
                failures.append(f"line {line}: got {times.get(line)}, expected {reference[0]}")
    return correct, compared, unreadable, failures


def main(argv: list[str] | None = None) -> int:
    """Print per-system accuracy; exit 1 when a system is under the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=default_root())
    args = parser.parse_args(argv)
    folders = sorted(p for p in args.root.iterdir() if p.is_dir() and any(p.glob("*_2k.log")))
    if not folders:
        print(f"no loghub samples under {args.root}", file=sys.stderr)
        return 2
    below = 0
    print(f"{'system':<12} {'correct':>8} {'lines':>6} {'accuracy':>9}")
    for folder in folders:
        correct, compared, unreadable, failures = system_accuracy(folder)
        accuracy = correct / compared if compared else 0.0
        below += accuracy < TARGET
        note = f"  ({unreadable} rows without a reference)" if unreadable else ""
        print(f"{folder.name:<12} {correct:>8} {compared:>6} {accuracy:>9.2%}{note}")
        for failure in failures:
            print(f"    {failure}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
