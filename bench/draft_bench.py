"""Model calls, prompt tokens and end-to-end time of a draft, with a scripted model.

Two inputs: the checkout-deploy incident of the tests (notes, chat, alerts and a 732-line log)
and a variant whose log is regenerated to ``--lines`` lines (5,000 by default) over the same
incident window, so the model part sees a realistic mix of chatter, repeated errors and events.
The scripted model answers like a careful model (the test suite's answers), so the time measured
is everything but model latency: reading, timeline, rules draft, packing, prompts, checks.

    .venv/bin/python bench/draft_bench.py [--lines N] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "tests"))  # the scripted answers of the test suite

from scripted_drafts import TaskScriptedModel, well_behaved  # noqa: E402

from assistant.models.tokens import count_tokens  # noqa: E402
from assistant.rules.draft.document import DraftStats  # noqa: E402
from assistant.service import IngestOptions, draft_with_stats  # noqa: E402

INCIDENT = ROOT / "tests" / "data" / "incidents" / "checkout-deploy"
OPTIONS = IngestOptions(date=dt.date(2024, 2, 15))
_ZONE = dt.timezone(dt.timedelta(hours=1))
_START = dt.datetime(2024, 2, 15, 14, 0, tzinfo=dt.UTC)
_EVENTS = {
    (5, 2): "INFO [deployer] deploy checkout-api v2.31.0 started (build 8812)",
    (31, 5): "INFO [deployer] rollback checkout-api to v2.30.4 started",
    (33, 40): "INFO [deployer] rollback checkout-api to v2.30.4 finished",
}


def _log_line(rng: random.Random, at: dt.datetime) -> str:
    """A checkout-api line: chatter, or during the incident window mostly pool errors."""
    stamp = at.astimezone(_ZONE).isoformat(timespec="milliseconds")
    minute = (at - _START).total_seconds() / 60
    if 6 <= minute <= 31 and rng.random() < 0.45:
        return (
            f"{stamp} ERROR [checkout-api] db pool exhausted: timeout after 3000ms waiting for "
            f"connection (active={rng.randint(50, 64)}, idle=0)"
        )
    if rng.random() < 0.05:
        return (
            f"{stamp} WARN [checkout-api] slow query on orders took {rng.randint(800, 3000)}ms "
            f"(trace {rng.getrandbits(64):016x})"
        )
    return (
        f"{stamp} INFO [checkout-api] GET /v1/cart/{rng.randint(1000, 9999)} 200 "
        f"{rng.randint(8, 60)}ms"
    )


def write_variant(target: Path, lines: int, seed: int = 7) -> list[Path]:
    """The incident's notes, chat and alerts, and a log of ``lines`` lines over 70 minutes."""
    rng = random.Random(seed)
    for name in ("notes.md", "chat.txt", "alerts.csv"):
        shutil.copy(INCIDENT / name, target / name)
    step = dt.timedelta(minutes=70) / lines
    rows = []
    events = {_START + dt.timedelta(minutes=m, seconds=s): text for (m, s), text in _EVENTS.items()}
    pending = sorted(events)
    for index in range(lines - len(events)):
        at = _START + step * index
        while pending and pending[0] <= at:
            when = pending.pop(0)
            stamp = when.astimezone(_ZONE).isoformat(timespec="milliseconds")
            rows.append(f"{stamp} {events[when]}")
        rows.append(_log_line(rng, at))
    rows += [f"{e.astimezone(_ZONE).isoformat(timespec='milliseconds')} {events[e]}"
             for e in pending]
    (target / "checkout-api.log").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return sorted(target.iterdir())


def raw_tokens(files: list[Path]) -> int:
    """Tokens of the input files as pasted (o200k_base)."""
    return sum(count_tokens(path.read_text(encoding="utf-8")) for path in files)


def measure(files: list[Path], runs: int) -> tuple[DraftStats, float, float]:
    """Stats of one draft, and the median seconds with the scripted model and offline."""
    draft_with_stats(files, OPTIONS, model=TaskScriptedModel(by_task=well_behaved()))  # warm-up
    with_model: list[float] = []
    offline: list[float] = []
    stats: DraftStats | None = None
    for _ in range(runs):
        model = TaskScriptedModel(by_task=well_behaved())
        began = time.perf_counter()
        _, stats = draft_with_stats(files, OPTIONS, model=model)
        with_model.append(time.perf_counter() - began)
        began = time.perf_counter()
        draft_with_stats(files, OPTIONS)
        offline.append(time.perf_counter() - began)
    assert stats is not None
    return stats, statistics.median(with_model), statistics.median(offline)


def report(name: str, files: list[Path], runs: int) -> None:
    stats, seconds, offline = measure(files, runs)
    raw = raw_tokens(files)
    print(f"{name}")
    print(f"  input lines read          {stats.lines_read:>9,}")
    print(f"  raw input tokens          {raw:>9,}   (files as pasted, o200k_base)")
    print(f"  input as evidence lines   {stats.input_tokens or 0:>9,} tokens")
    print(f"  evidence sent             {stats.evidence_lines:>9,} lines, "
          f"{stats.evidence_tokens:,} tokens")
    print(f"  model calls per draft     {stats.model_calls:>9}   {stats.calls_by_task}")
    print(f"  prompt tokens per draft   {stats.prompt_tokens:>9,}   "
          f"({stats.prompt_tokens / raw:.1%} of the raw input)")
    print(f"  completion tokens         {stats.completion_tokens:>9,}")
    print(f"  end to end, scripted      {seconds:>9.3f} s  (median of {runs})")
    print(f"  end to end, offline       {offline:>9.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    report("checkout-deploy (tests/data/incidents)", sorted(INCIDENT.iterdir()), args.runs)
    with tempfile.TemporaryDirectory() as folder:
        files = write_variant(Path(folder), args.lines)
        report(f"checkout-deploy with a {args.lines:,}-line log", files, args.runs)


if __name__ == "__main__":
    main()
