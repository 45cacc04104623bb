"""Write ``search-api.log``: 100,000 lines of a search service on 2024-12-09, from a fixed seed.

Normal request traffic all day, and an incident in it: from 13:20:00 UTC a memory leak in the
query cache makes pods restart (OOMKilled), requests fail with 503 until the cache is disabled
by a flag at 13:47:30 and the error rate is back to normal at 13:52:10. Deterministic: the same
lines on every run and machine, so the gold in ``expected.yaml`` holds.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

LINES = 100_000
START = dt.datetime(2024, 12, 9, 11, 10, tzinfo=dt.UTC)
LEAK = dt.datetime(2024, 12, 9, 13, 20, tzinfo=dt.UTC)
FLAG_OFF = dt.datetime(2024, 12, 9, 13, 47, 30, tzinfo=dt.UTC)
RECOVERED = dt.datetime(2024, 12, 9, 13, 52, 10, tzinfo=dt.UTC)
PODS = [f"search-api-7d9f{n:02d}" for n in range(12)]


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _request(rnd: random.Random, moment: dt.datetime, failing: bool) -> str:
    pod = rnd.choice(PODS)
    query = rnd.randint(1000, 99999)
    if failing and rnd.random() < 0.35:
        return (f"{_stamp(moment)} ERROR [{pod}] GET /v2/search?q={query} 503 "
                f"upstream connect error or disconnect/reset before headers")
    return f"{_stamp(moment)} INFO [{pod}] GET /v2/search?q={query} 200 {rnd.randint(8, 120)}ms"


def _events(moment: dt.datetime, previous: dt.datetime) -> list[str]:
    """Lines that happen once, written when the clock passes them."""
    marks = [
        (LEAK, "WARN [search-api-7d9f03] query cache size 3.1GiB exceeds soft limit 2GiB"),
        (LEAK + dt.timedelta(minutes=4), "ERROR [kubelet] search-api-7d9f03 OOMKilled, restarting"
         " (restart count 1)"),
        (FLAG_OFF, "INFO [flags] search.query_cache.enabled set to false by flag service"),
        (RECOVERED, "INFO [search-api-7d9f00] error rate 0.1% over 60s, below 1% threshold"),
    ]
    return [f"{_stamp(at)} {text}" for at, text in marks if previous < at <= moment]


def lines() -> list[str]:
    """The whole log, in order."""
    rnd = random.Random(20241209)
    moment = START
    out: list[str] = []
    while len(out) < LINES:
        previous = moment
        moment += dt.timedelta(milliseconds=rnd.randint(60, 140))
        out.extend(_events(moment, previous))
        failing = LEAK + dt.timedelta(minutes=4) <= moment < FLAG_OFF
        out.append(_request(rnd, moment, failing))
    return out[:LINES]


def write_inputs(folder: Path) -> None:
    """Write the generated log into ``folder``."""
    (folder / "search-api.log").write_text("\n".join(lines()) + "\n", encoding="utf-8")
