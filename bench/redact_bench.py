"""Redaction speed on a long, realistic log: lines per second through ``Redactor.redact``.

The log is generated (seeded, so every run sees the same text): web, database, deploy and
worker lines full of what secrets must not be confused with (timestamps, request and trace
ids, UUIDs, commit hashes, host names, durations), with one line in 500 carrying a fake
credential. The text is redacted the way a draft sends it: whole, in one call, and again in
1,000-line chunks; both rates are printed, with how many secrets were masked.

    .venv/bin/python bench/redact_bench.py [--lines N] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.models.redact import Redactor  # noqa: E402

_HEX = "0123456789abcdef"
_B62 = string.ascii_letters + string.digits


def _pick(rng: random.Random, chars: str, n: int) -> str:
    return "".join(rng.choice(chars) for _ in range(n))


def _uuid(rng: random.Random) -> str:
    h = _pick(rng, _HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _ordinary(rng: random.Random, second: int) -> str:
    stamp = f"2024-03-05T{10 + second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}Z"
    host = f"web-{rng.randint(1, 12)}.prod.acme-corp.internal"
    kind = rng.randrange(6)
    if kind == 0:
        return (f"{stamp} INFO {host} GET /api/v1/orders/{rng.randint(1, 99999)} 200 "
                f"{rng.randint(3, 900)}ms request_id={_uuid(rng)}")
    if kind == 1:
        return (f"{stamp} ERROR checkout-api upstream timed out after 30s trace_id="
                f"{_pick(rng, _HEX, 32)} span_id={_pick(rng, _HEX, 16)}")
    if kind == 2:
        return (f"{stamp} INFO deployer rollout checkout-api v2.{rng.randint(0, 40)}."
                f"{rng.randint(0, 9)} commit {_pick(rng, _HEX, 40)} on {host}")
    if kind == 3:
        return (f"{stamp} WARN pgbouncer pool orders: {rng.randint(1, 200)} waiting, max_wait "
                f"{rng.randint(1, 9)}s, token_count: {rng.randint(100, 4000)}")
    if kind == 4:
        return (f"{stamp} INFO worker job {_pick(rng, _B62, 12)} done in "
                f"{rng.random() * 9:.3f}s sha256:{_pick(rng, _HEX, 64)}")
    return f"{stamp} DEBUG cache hit ratio {rng.random():.2f} for key orders:{rng.randint(1, 9999)}"


def _secret_line(rng: random.Random) -> str:
    password = _pick(rng, _B62, 12)
    forms = (
        f"+ mysql -h db-2 -u root -p{password} orders",
        f"export DB_PASSWORD={password}",
        f"curl -u deploy:{password} https://ci.acme-corp.internal/api",
        f"Authorization: Bearer {_pick(rng, _B62, 40)}",
    )
    return rng.choice(forms)


def build_log(lines: int, seed: int = 7) -> str:
    """``lines`` log lines, one in 500 with a fake credential."""
    rng = random.Random(seed)
    return "\n".join(
        _secret_line(rng) if i % 500 == 499 else _ordinary(rng, i % 20000) for i in range(lines)
    )


def _rate(text: str, lines: int, chunk: int | None) -> tuple[float, int]:
    redactor = Redactor()
    start = time.perf_counter()
    if chunk is None:
        redactor.redact(text)
    else:
        rows = text.split("\n")
        for i in range(0, len(rows), chunk):
            redactor.redact("\n".join(rows[i : i + chunk]))
    elapsed = time.perf_counter() - start
    masked = sum(1 for key in redactor.mapping if key.startswith("[SECRET_"))
    return lines / elapsed, masked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = build_log(args.lines)
    print(f"log: {args.lines:,} lines, {len(text) / 1e6:.1f} MB")
    for label, chunk in (("whole text", None), ("1,000-line chunks", 1000)):
        rates = []
        masked = 0
        for _ in range(args.runs):
            rate, masked = _rate(text, args.lines, chunk)
            rates.append(rate)
        print(f"{label}: {statistics.median(rates):,.0f} lines/s (median of {args.runs}); "
              f"{masked} distinct secrets masked")


if __name__ == "__main__":
    main()
