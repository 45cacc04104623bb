"""Throughput and peak memory of ``build_timeline`` over a generated million-line log.

Records are generated in memory, lazily, so the log is never held whole: the figure measures
the timeline, and peak memory shows that it stays bounded. Generation cost is measured on its
own in the same run and reported next to the total, so the timeline's own rate is visible.

    .venv/bin/python bench/timeline_bench.py [--lines N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.domain import Evidence  # noqa: E402
from assistant.rules.timeline.build import build_timeline  # noqa: E402

_START = dt.datetime(2024, 2, 15, 13, 0, tzinfo=dt.UTC)
_HOSTS = [f"web-{n}" for n in range(1, 9)]
_PATHS = ["/api/v2/orders", "/api/v2/cart", "/api/v2/payments", "/healthz", "/api/v2/users"]


def _chatter(rng: random.Random) -> str:
    """A plain INFO or DEBUG line with ids, latencies and addresses in it."""
    choice = rng.random()
    if choice < 0.35:
        return (
            f"INFO [http-nio-8080-exec-{rng.randint(1, 200)}] c.e.api.AccessLog - "
            f"{rng.choice(['GET', 'POST'])} {rng.choice(_PATHS)}/{rng.randint(1, 10**6)} "
            f"200 {rng.randint(3, 900)}ms request_id={uuid.UUID(int=rng.getrandbits(128))}"
        )
    if choice < 0.6:
        return (
            f"DEBUG c.e.cache.RedisCache - cache hit key=cart:{rng.randint(1, 10**6)} "
            f"ttl={rng.randint(1, 3600)}s"
        )
    if choice < 0.8:
        return (
            f"INFO c.e.orders.OrderService - order {rng.getrandbits(64):016x} placed for "
            f"customer {rng.randint(1, 10**7)} total={rng.randint(1, 9999)}.{rng.randint(0, 99)}"
        )
    return (
        f"INFO c.e.pool.HikariPool - pool stats (total={rng.randint(10, 50)}, "
        f"active={rng.randint(0, 50)}, idle={rng.randint(0, 50)}, waiting=0)"
    )


def _symptom(rng: random.Random) -> str:
    """An ERROR or WARN line of the incident."""
    choice = rng.random()
    if choice < 0.5:
        return (
            f"ERROR c.e.payments.PaymentClient - charge {uuid.UUID(int=rng.getrandbits(128))} "
            f"failed: upstream timeout after {rng.randint(5000, 30000)}ms to "
            f"10.0.{rng.randint(0, 9)}.{rng.randint(1, 254)}:8443"
        )
    if choice < 0.8:
        return (
            f"WARN c.e.pool.HikariPool - connection is not available, request timed out after "
            f"{rng.randint(1000, 30000)}ms"
        )
    return f'ERROR c.e.api.ErrorHandler - 500 on POST /api/v2/payments user="u{rng.randint(1, 99)}"'


_EVENTS = {
    120_000: "INFO deploy-bot - Deployment checkout-api v2.14.0 started (commit 3f9a2c1)",
    180_000: "ALERT alertmanager - [FIRING:1] HighErrorRate checkout-api 5xx > 5%",
    600_000: "INFO deploy-bot - Rolling back deployment checkout-api to v2.13.4",
    800_000: "INFO alertmanager - [RESOLVED] HighErrorRate checkout-api",
}


def generate(lines: int, seed: int = 7, pool: int = 100_000) -> Iterator[Evidence]:
    """``lines`` log records, one every 5 ms, with an incident in the middle.

    Texts come from a pool of ``pool`` random lines made up front (chatter, and the incident's
    errors), so that making a record costs little next to reading it; ids, numbers and
    addresses still differ from line to line within the pool.
    """
    rng = random.Random(seed)
    chatter = [_chatter(rng) for _ in range(pool)]
    symptoms = [_symptom(rng) for _ in range(pool // 4)]
    scale = lines / 1_000_000
    events = {int(at * scale): text for at, text in _EVENTS.items()}
    burst = (int(170_000 * scale), int(620_000 * scale))
    construct = Evidence.model_construct
    for index in range(lines):
        if index in events:
            text = events[index]
        elif burst[0] <= index < burst[1] and index % 7 == 0:
            text = symptoms[index % len(symptoms)]
        else:
            text = chatter[index % pool]
        yield construct(
            source="checkout-api.log",
            line=index + 1,
            time=_START + dt.timedelta(milliseconds=5 * index),
            time_assumed=(),
            speaker=_HOSTS[index % len(_HOSTS)],
            text=text,
        )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print lines/s and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args(argv)

    began = time.perf_counter()
    for _ in generate(args.lines):
        pass
    generation = time.perf_counter() - began

    began = time.perf_counter()
    timeline = build_timeline(generate(args.lines))
    total = time.perf_counter() - began

    tracemalloc.start()
    build_timeline(generate(args.lines))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    own = max(total - generation, 1e-9)
    print(f"lines: {args.lines:,}  timeline rows: {len(timeline.events)}")
    print(f"generation alone: {args.lines / generation:,.0f} lines/s ({generation:.2f} s)")
    print(f"generation + build_timeline: {args.lines / total:,.0f} lines/s ({total:.2f} s)")
    print(f"build_timeline alone: {args.lines / own:,.0f} lines/s ({own:.2f} s)")
    print(f"peak traced memory (separate run): {peak / 2**20:.1f} MiB")
    print(f"metrics: {timeline.metrics.model_dump(exclude_none=True)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
