"""Precision and recall of the blamelessness check on real and own-words text.

``make accuracy`` runs it. It prints, sentence by sentence ("does the lint flag anything?"):

- ``shared sentences``: ``../shared/data/blame/sentences.jsonl`` (real sentences from outage news,
  forums and postmortems), borderline items left out;
- ``shared postmortems``: the labelled ``blameful`` and ``not_blameful_tricky`` sentences of the
  24 real postmortems in ``../shared/data/postmortems``, judged as the reference scorer does (a
  finding on the whole document whose text overlaps the labelled sentence);
- ``own tuning`` and ``own blind``: the project's corpus in ``tests/data/blame``. The blind files
  (``heldout.yaml``, ``kinds_blind.yaml``) are never used to tune the rules.

The shared material is read where it lies and never copied into the project; when it is absent
those lines say so. ``--extra FILE.jsonl`` (``text`` and ``blameful`` per line) scores any other
set, e.g. one kept outside the repository. ``--misses NAME`` lists the misses and false alarms of
one set (``shared``, ``postmortems``, ``tuning``, ``blind`` or an extra file's stem): use it on the
tuning material only, so the blind figures stay honest.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared" / "data"
CORPUS = ROOT / "tests" / "data" / "blame"
TUNING = ("tuning.yaml", "kinds_tuning.yaml")
BLIND = ("heldout.yaml", "kinds_blind.yaml")

sys.path.insert(0, str(ROOT))

from assistant.rules.blame.find import find_blame  # noqa: E402

Labelled = list[tuple[str, bool]]


def _norm(text: str) -> str:
    """The reference scorer's normal form: no emphasis marks, spaces collapsed, lower case."""
    return re.sub(r"\s+", " ", re.sub(r"[*_`\[\]]", "", text or "")).strip().lower()


def _overlaps(finding: str, sentence: str) -> bool:
    """The reference scorer's test: one text holds the other or they share a long run."""
    a, b = _norm(finding), _norm(sentence)
    if not a or not b:
        return False
    if a in b or (len(b) >= 15 and b in a):
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= max(15, 0.8 * min(len(a), len(b)))


def shared_sentences(shared: Path) -> Labelled:
    """The real sentences that are not borderline."""
    path = shared / "blame" / "sentences.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [(r["text"], bool(r["blameful"])) for r in rows if not r.get("borderline")]


def own_corpus(names: Iterable[str]) -> Labelled:
    """Items of the project's YAML corpus files: blameful when they carry labelled spans."""
    import yaml

    items: Labelled = []
    for name in names:
        for item in yaml.safe_load((CORPUS / name).read_text(encoding="utf-8")):
            items.append((item["t"], bool(item.get("f"))))
    return items


def extra_set(path: Path) -> Labelled:
    """A JSON-lines file with ``text`` and ``blameful`` per line."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [(r["text"], bool(r["blameful"])) for r in rows if not r.get("borderline")]


def score_sentences(items: Labelled) -> tuple[dict[str, float], list[str], list[str]]:
    """Counts, precision and recall of "flags something"; the misses and false alarms."""
    tp = fp = fn = tn = 0
    misses: list[str] = []
    alarms: list[str] = []
    for text, blameful in items:
        flagged = bool(find_blame(text))
        if flagged and blameful:
            tp += 1
        elif flagged:
            fp += 1
            alarms.append(text)
        elif blameful:
            fn += 1
            misses.append(text)
        else:
            tn += 1
    figures = {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
    }
    return figures, misses, alarms


def score_postmortems(shared: Path) -> tuple[dict[str, float], list[str], list[str]]:
    """Labelled blameful sentences flagged, and tricky sentences flagged, in whole documents."""
    folder = shared / "postmortems"
    hit = total = tricky_flagged = tricky = 0
    misses: list[str] = []
    alarms: list[str] = []
    for label_path in sorted((folder / "labels").glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        doc = folder / "docs" / f"{label_path.stem}.md"
        texts = [f.text for f in find_blame(doc.read_text(encoding="utf-8"))]
        for sentence in label.get("blameful") or []:
            total += 1
            if any(_overlaps(t, sentence) for t in texts):
                hit += 1
            else:
                misses.append(f"{label_path.stem}: {sentence}")
        for sentence in label.get("not_blameful_tricky") or []:
            tricky += 1
            if any(_overlaps(t, sentence) for t in texts):
                tricky_flagged += 1
                alarms.append(f"{label_path.stem}: {sentence}")
    figures = {
        "blameful_flagged": hit, "blameful": total,
        "tricky_flagged": tricky_flagged, "tricky": tricky,
        "precision": hit / (hit + tricky_flagged) if hit + tricky_flagged else 0.0,
        "recall": hit / total if total else 0.0,
    }
    return figures, misses, alarms


def _line(name: str, figures: dict[str, float]) -> str:
    if "tp" in figures:
        total = figures["tp"] + figures["fp"] + figures["fn"] + figures["tn"]
        return (f"{name:<20} n {total:>4.0f}"
                f"  tp {figures['tp']:>3.0f} fp {figures['fp']:>3.0f} fn {figures['fn']:>3.0f}"
                f"  precision {figures['precision']:.3f}  recall {figures['recall']:.3f}")
    return (f"{name:<20} blameful flagged {figures['blameful_flagged']:.0f}/"
            f"{figures['blameful']:.0f}  tricky flagged {figures['tricky_flagged']:.0f}/"
            f"{figures['tricky']:.0f}  precision {figures['precision']:.3f}"
            f"  recall {figures['recall']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--extra", type=Path, action="append", default=[])
    parser.add_argument("--misses", metavar="NAME", help="list one set's misses and false alarms")
    args = parser.parse_args(argv)
    results: dict[str, tuple[dict[str, float], list[str], list[str]]] = {}
    if (args.shared / "blame" / "sentences.jsonl").is_file():
        results["shared"] = score_sentences(shared_sentences(args.shared))
    else:
        print(f"shared sentences: {args.shared / 'blame'} absent, skipped")
    if (args.shared / "postmortems" / "labels").is_dir():
        results["postmortems"] = score_postmortems(args.shared)
    else:
        print(f"shared postmortems: {args.shared / 'postmortems'} absent, skipped")
    results["tuning"] = score_sentences(own_corpus(TUNING))
    results["blind"] = score_sentences(own_corpus(BLIND))
    for path in args.extra:
        key = path.stem if path.stem not in results else f"extra {path.stem}"
        results[key] = score_sentences(extra_set(path))
    names = {"shared": "shared sentences", "postmortems": "shared postmortems",
             "tuning": "own tuning", "blind": "own blind"}
    for key, (figures, _, _) in results.items():
        print(_line(names.get(key, key), figures))
    if args.misses:
        _, misses, alarms = results[args.misses]
        print(f"\n{args.misses}: {len(misses)} missed")
        print("\n".join(f"  - {m}" for m in misses))
        print(f"{args.misses}: {len(alarms)} false alarms")
        print("\n".join(f"  + {a}" for a in alarms))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
