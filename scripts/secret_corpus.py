"""Leaked and destroyed counts of the redactor over the labelled secret corpus.

    .venv/bin/python scripts/secret_corpus.py            # the corpus in tests/data/secrets/
    .venv/bin/python scripts/secret_corpus.py FILE.jsonl # any other labelled set
    ... [--verbose]                                      # list every miss

A leak is a labelled secret (or a piece of it) that reaches the output; a destruction is a
look-alike whose text changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "tests"))

from secret_corpus import load_jsonl, load_lookalikes, load_secrets, score  # noqa: E402

from assistant.models.redact import redact  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    samples = load_jsonl(args.file) if args.file else [*load_secrets(), *load_lookalikes()]
    result = score(samples, lambda text: redact(text).text)
    kinds = len({s.kind for s in samples if s.secrets})
    print(f"{kinds} secret kinds; {result.summary()}")
    if args.verbose:
        for sample in result.leaked:
            print(f"LEAKED    {sample.id}: {redact(sample.text).text!r}")
        for sample, output in result.destroyed:
            print(f"DESTROYED {sample.id}: {output!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
