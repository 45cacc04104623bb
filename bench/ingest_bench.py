"""Ingest benchmark: throughput and peak memory of ``read_sources`` on a generated log.

Writes a 1,000,000-line log to a temporary file, in blocks of the layouts real logs use (ISO
with offset, log4j comma milliseconds, syslog without a year, Apache/nginx access log, epoch
seconds, ``yyMMdd HHmmss``, ``yy/MM/dd``, logcat, glog) with stack-trace lines between, then:

- times ``read_sources`` over the whole file in this process (lines per second);
- measures the peak resident memory of a child process doing the same read;
- times the whole command ``python -m assistant ingest FILE > /dev/null`` in a child process
  (start-up, reading and JSON-lines output; wall time);
- measures a naive baseline in the same run: python-dateutil's fuzzy parser on a sample of
  lines, scaled to lines per second.

Targets (2-core machine): >= 200,000 lines/s in process, < 300 MB peak, >= 20x the baseline,
and >= 100,000 lines/s for the whole ``ingest`` command.
Run with ``make bench`` or ``python bench/ingest_bench.py [--lines N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dateutil import parser as dateutil_parser

from assistant.ingest.reader import read_sources

_MESSAGES = (
    "GET /api/checkout 500 upstream timed out after 3000 ms",
    "connection pool exhausted: active=50 idle=0 waiting=112",
    "payment svc latency p99=2310ms threshold=800ms",
    "retrying request id=9f8e7d6c attempt=3",
    "health check ok",
)
Render = Callable[[datetime, str], str]
_LAYOUTS: tuple[Render, ...] = (
    lambda t, m: f"{t.isoformat(timespec='milliseconds')} INFO api: {m}",
    lambda t, m: f"{t:%Y-%m-%d %H:%M:%S},{t.microsecond // 1000:03d} WARN [main] c.e.Svc: {m}",
    lambda t, m: f"{t:%b %d %H:%M:%S} web-3 nginx[812]: {m}",
    lambda t, m: f'10.0.4.17 - - [{t:%d/%b/%Y:%H:%M:%S +0000}] "GET /x HTTP/1.1" 500 12 {m}',
    lambda t, m: f"{int(t.timestamp())} worker: {m}",
    lambda t, m: f"{t:%y%m%d %H%M%S} 148 INFO dfs.DataNode: {m}",
    lambda t, m: f"{t:%y/%m/%d %H:%M:%S} INFO spark.Executor: {m}",
    lambda t, m: f"{t:%m-%d %H:%M:%S}.{t.microsecond // 1000:03d}  1702  2395 D Window: {m}",
    lambda t, m: f"I{t:%m%d %H:%M:%S}.{t.microsecond:06d}    42 ctl.go:118] {m}",
)
_TRACE = "\tat com.example.checkout.Api.handle(Api.java:212)"


def write_log(path: Path, lines: int, seed: int = 7) -> None:
    """A mixed-layout log of ``lines`` lines: blocks of one layout, 3% stack-trace lines."""
    rng = random.Random(seed)
    when = datetime(2024, 2, 15, 14, 0, tzinfo=UTC)
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        while written < lines:
            layout = rng.choice(_LAYOUTS)
            block = []
            for _ in range(min(rng.randint(50, 5000), lines - written)):
                when += timedelta(microseconds=rng.randint(0, 4000))
                if rng.random() < 0.03:
                    block.append(_TRACE)
                else:
                    block.append(layout(when, rng.choice(_MESSAGES)))
            handle.write("\n".join(block) + "\n")
            written += len(block)


def measure_read(path: Path) -> tuple[int, int, float]:
    """(records, timed records, seconds) for one ``read_sources`` pass in this process."""
    start = time.perf_counter()
    records = timed = 0
    for evidence in read_sources([path], tz=UTC, date=datetime(2024, 2, 15, tzinfo=UTC).date()):
        records += 1
        timed += evidence.time is not None
    return records, timed, time.perf_counter() - start


def measure_peak_mb(path: Path) -> float:
    """Peak resident memory (MB) of a child process that reads the file with ``read_sources``."""
    code = (
        "import sys; from datetime import UTC, date; from pathlib import Path;"
        "from assistant.ingest.reader import read_sources;"
        "n = sum(1 for _ in read_sources([Path(sys.argv[1])], tz=UTC, date=date(2024, 2, 15)));"
        "print(n)"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure_cli(path: Path) -> float:
    """Wall seconds of ``python -m assistant ingest FILE`` with its output sent to /dev/null."""
    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-m", "assistant", "ingest", str(path)]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=root, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure_baseline(path: Path, sample: int) -> float:
    """Lines per second of dateutil's fuzzy parser on a sample of the log's lines."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for _, line in zip(range(sample * 50), handle, strict=False)]
    picked = random.Random(3).sample(lines, min(sample, len(lines)))
    start = time.perf_counter()
    with warnings.catch_warnings():  # dateutil warns on words it takes for zones (INFO, WARN)
        warnings.simplefilter("ignore")
        for line in picked:
            _fuzzy_parse(line)
    return len(picked) / (time.perf_counter() - start)


def _fuzzy_parse(line: str) -> None:
    """One baseline parse."""
    # A failed parse still costs time; the baseline counts it.
    with contextlib.suppress(ValueError, OverflowError):
        dateutil_parser.parse(line, fuzzy=True)


def main(argv: list[str] | None = None) -> int:
    """Generate the log, run the measurements, print the figures."""
    parser = argparse.ArgumentParser(description="ingest throughput and memory benchmark")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--baseline-sample", type=int, default=5_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.log"
        write_log(path, args.lines)
        size_mb = path.stat().st_size / 1e6
        records, timed, seconds = measure_read(path)
        rate = records / seconds
        peak = measure_peak_mb(path)  # before the CLI run: the peak is over all children
        cli_seconds = measure_cli(path)
        baseline = measure_baseline(path, args.baseline_sample)
    print(f"generated log        {args.lines:,} lines, {size_mb:.1f} MB, 9 layouts")
    print(f"read_sources         {records:,} records ({timed:,} timed) in {seconds:.2f} s")
    print(f"throughput           {rate:,.0f} lines/s   (target >= 200,000)")
    print(f"peak memory (child)  {peak:.0f} MB   (target < 300 MB)")
    print(
        f"ingest CLI           {args.lines / cli_seconds:,.0f} lines/s  "
        f"({cli_seconds:.2f} s wall, whole process, JSON lines to /dev/null; target >= 100,000)"
    )
    print(
        f"naive baseline       {baseline:,.0f} lines/s  (dateutil fuzzy, "
        f"{args.baseline_sample:,}-line sample)"
    )
    print(f"speed-up             {rate / baseline:.1f}x   (target >= 20x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
