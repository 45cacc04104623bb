"""Lint benchmark: blamelessness-check throughput next to proselint on the same file.

Writes a 10,000-sentence Markdown postmortem to a temporary file (sentences drawn from the
labelled corpus in ``tests/data/blame``: about one in ten blameful, the rest technical prose,
neutral actions, proposals; with headings, a timeline table and code blocks), then measures in
the same run:

- ``find_blame`` in this process (sentences per second, best of three);
- the whole process: ``python -m assistant lint FILE`` when the CLI has the command, and a
  ``python -c`` child that imports ``assistant.rules.blame.find`` and lints the file;
- proselint (``proselint check FILE``) as a whole process on the same file, when installed.

Target: whole-process throughput at least 20x proselint's. Run with ``make bench`` or
``python bench/lint_bench.py [--sentences N]``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import yaml

from assistant.rules.blame.find import find_blame

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "blame"
BLAMEFUL_SHARE = 0.1
_LINT_CHILD = (
    "import sys\n"
    "from assistant.rules.blame.find import find_blame\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "print(len(find_blame(text)))\n"
)


def _sentences() -> tuple[list[str], list[str]]:
    """Single-line neutral and blameful sentences from the labelled corpus."""
    neutral: list[str] = []
    blameful: list[str] = []
    for name in ("tuning.yaml", "heldout.yaml"):
        for item in yaml.safe_load((CORPUS / name).read_text(encoding="utf-8")):
            text = item["t"].strip()
            if "\n" in text or text.startswith(("|", "#", "<!--")):
                continue
            (blameful if item.get("f") else neutral).append(text)
    return neutral, blameful


def generate_postmortem(sentences: int, seed: int = 7) -> str:
    """A long Markdown postmortem of about ``sentences`` sentences."""
    neutral, blameful = _sentences()
    rnd = random.Random(seed)
    parts: list[str] = ["# INC-4242: checkout outage\n"]
    paragraph: list[str] = []
    for index in range(sentences):
        pool = blameful if rnd.random() < BLAMEFUL_SHARE else neutral
        paragraph.append(rnd.choice(pool))
        if len(paragraph) == 5:
            parts.append(" ".join(paragraph) + "\n")
            paragraph = []
        if index % 200 == 199:
            parts.append(f"## Section {index // 200}\n")
            parts.append(
                "| Time (UTC) | Who | What |\n|---|---|---|\n| 14:02 | on-call | paged |\n"
            )
            parts.append("```\n2024-05-02T14:02:11Z ERROR worker-7: lock not released\n```\n")
    if paragraph:
        parts.append(" ".join(paragraph) + "\n")
    return "\n".join(parts)


def _time_process(command: list[str]) -> float | None:
    """Wall-clock seconds of a child process (None if it could not run)."""
    start = time.perf_counter()
    try:
        subprocess.run(command, capture_output=True, check=False, timeout=900, cwd=ROOT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return time.perf_counter() - start


def _cli_has_lint() -> bool:
    """True when ``python -m assistant lint`` exists and runs."""
    probe = subprocess.run(
        [sys.executable, "-m", "assistant", "lint", "--help"],
        capture_output=True, check=False, timeout=120, cwd=ROOT,
    )
    return probe.returncode == 0


def _best_in_process(text: str) -> tuple[float, int]:
    """Best of three in-process runs of ``find_blame``, and the number of findings."""
    timings = []
    count = 0
    for _ in range(3):
        start = time.perf_counter()
        count = len(find_blame(text))
        timings.append(time.perf_counter() - start)
    return min(timings), count


def _rate(sentences: int, seconds: float | None) -> str:
    """Throughput in sentences per second, with the time it took."""
    if seconds is None:
        return "n/a"
    return f"{sentences / seconds:>12,.0f} sentences/s ({seconds:.2f} s)"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    args = parser.parse_args(argv)
    text = generate_postmortem(args.sentences)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "postmortem.md"
        path.write_text(text, encoding="utf-8")
        in_process, findings = _best_in_process(text)
        child = _time_process([sys.executable, "-c", _LINT_CHILD, str(path)])
        cli = _time_process([sys.executable, "-m", "assistant", "lint", str(path)]) if (
            _cli_has_lint()
        ) else None
        proselint_bin = shutil.which("proselint") or str(Path(sys.executable).parent / "proselint")
        proselint = _time_process([proselint_bin, "check", str(path)]) if Path(
            proselint_bin
        ).exists() else None
    n = args.sentences
    print(f"file: {n:,} sentences, {len(text):,} characters, {findings} findings")
    print(f"find_blame in process:        {_rate(n, in_process)}")
    print(f"python -c import+lint (child): {_rate(n, child)}")
    print(f"python -m assistant lint:      {_rate(n, cli)}")
    version = _proselint_version()
    print(f"proselint {version} check:       {_rate(n, proselint)}")
    if proselint is not None:
        whole = cli if cli is not None else child
        if whole is not None:
            print(f"whole-process speed-up over proselint: {proselint / whole:.1f}x (target 20x)")
        print(f"in-process speed-up over proselint:    {proselint / in_process:.1f}x")
    return 0


def _proselint_version() -> str:
    try:
        return metadata.version("proselint")
    except metadata.PackageNotFoundError:
        return "(not installed)"


if __name__ == "__main__":
    sys.exit(main())
