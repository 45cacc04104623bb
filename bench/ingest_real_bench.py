"""Ingest benchmark on real log layouts: the shared loghub samples repeated to ~320,000 lines.

The synthetic benchmark (``ingest_bench.py``) mixes generated layouts; this one reads the real
samples in ``../shared/data/loghub`` (relative to the repository's parent folder, or the
folder given as the first argument), where they are, without copying them into the project.
Each system's sample is repeated into a temporary file of ~40,000 lines (eight files, one
layout each), and the eight are also joined into one file whose layout changes every 2,000
lines. For each, in the same run:

- the whole command ``python -m assistant ingest FILE... > /dev/null`` in a child process
  (start-up, layout inference, reading and JSON-lines output): lines per second of wall time
  and of the child's CPU time (user + system), which a busy machine disturbs less;
- python-dateutil's fuzzy parser on a sample of the same lines, scaled to lines per second;
- the speed-up of the whole command over that baseline;
- the start-up alone (the command on a one-line file), which includes compiling the modules
  when Python writes no bytecode cache (``PYTHONDONTWRITEBYTECODE``).

Targets (2-core machine): >= 150,000 lines/s for the whole command and >= 25x the baseline.
The load average is printed with the figures: on a shared machine, wall time measures the
neighbours too. Run with ``make bench`` or ``python bench/ingest_real_bench.py [ROOT]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from dateutil import parser as dateutil_parser

_PER_SYSTEM = 40_000


def default_root() -> Path:
    """``../shared/data/loghub`` relative to the folder holding the repository."""
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "loghub"


def write_inputs(root: Path, folder: Path) -> tuple[list[Path], Path, list[str]]:
    """(one repeated file per system, all of them joined, every line), written in ``folder``."""
    samples = sorted(root.glob("*/*_2k.log"))
    per_system: list[Path] = []
    every: list[str] = []
    for sample in samples:
        lines = sample.read_text(encoding="utf-8", errors="replace").splitlines()
        repeated = (lines * (_PER_SYSTEM // len(lines) + 1))[:_PER_SYSTEM]
        path = folder / sample.name.replace("_2k", "_40k")
        path.write_text("\n".join(repeated) + "\n", encoding="utf-8")
        per_system.append(path)
        every.extend(repeated)
    joined = folder / "loghub_joined.log"
    rounds = [every[i : i + 2000] for i in range(0, len(every), 2000)]
    order = [block for start in range(20) for block in rounds[start::20]]
    joined.write_text("\n".join(line for block in order for line in block) + "\n", "utf-8")
    return per_system, joined, every


def measure_cli(paths: list[Path]) -> tuple[float, float]:
    """(wall seconds, child CPU seconds) of ``python -m assistant ingest PATHS > /dev/null``."""
    root = Path(__file__).resolve().parent.parent
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", *map(str, paths)],
        check=True,
        cwd=root,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure_baseline(lines: list[str], sample: int) -> tuple[float, float]:
    """(lines/s of wall time, lines/s of CPU time) of dateutil's fuzzy parser on a sample."""
    picked = random.Random(3).sample(lines, min(sample, len(lines)))
    start, start_cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():  # dateutil warns on words it takes for zones (INFO, WARN)
        warnings.simplefilter("ignore")
        for line in picked:
            with contextlib.suppress(ValueError, OverflowError):
                dateutil_parser.parse(line, fuzzy=True)
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    return len(picked) / wall, len(picked) / cpu


def main(argv: list[str] | None = None) -> int:
    """Write the inputs, run the measurements, print the figures."""
    parser = argparse.ArgumentParser(description="ingest benchmark on real loghub layouts")
    parser.add_argument("root", nargs="?", type=Path, default=default_root())
    parser.add_argument("--baseline-sample", type=int, default=3_000)
    args = parser.parse_args(argv)
    if not any(args.root.glob("*/*_2k.log")):
        print(f"no loghub samples under {args.root}; skipped", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        per_system, joined, every = write_inputs(args.root, Path(tmp))
        count = len(every)
        runs = {
            "8 files, one layout each": measure_cli(per_system),
            "1 file, layout changes": measure_cli([joined]),
        }
        tiny = Path(tmp) / "one_line.log"
        tiny.write_text(every[0] + "\n", encoding="utf-8")
        startup = measure_cli([tiny])
        baseline = measure_baseline(every, args.baseline_sample)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"real layouts         {count:,} lines from {len(per_system)} loghub systems")
    print(f"load average         {load} (1, 5, 15 min)")
    for name, (wall, cpu) in runs.items():
        print(
            f"ingest CLI {name:<26} {count / wall:>9,.0f} lines/s wall ({wall:.2f} s), "
            f"{count / cpu:>9,.0f} lines/s CPU ({cpu:.2f} s)   (target >= 150,000)"
        )
    rest = ", ".join(
        f"{count / max(cpu - startup[1], 1e-9):,.0f} lines/s CPU ({name})"
        for name, (_, cpu) in runs.items()
    )
    print(f"start-up             {startup[0]:.2f} s wall, {startup[1]:.2f} s CPU (one-line file)")
    print(f"without start-up     {rest}")
    print(
        f"dateutil fuzzy       {baseline[0]:,.0f} lines/s wall, {baseline[1]:,.0f} lines/s CPU "
        f"({args.baseline_sample:,}-line sample)"
    )
    for name, (wall, cpu) in runs.items():
        print(
            f"speed-up {name:<28} {count / wall / baseline[0]:.1f}x wall, "
            f"{count / cpu / baseline[1]:.1f}x CPU   (target >= 25x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
