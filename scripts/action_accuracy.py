"""Action-item accuracy on labelled real postmortems: per-document recall and precision, fields.

Runs ``postmortem review DOC --format json`` on every document of a labelled folder (``docs/``
and ``labels/`` as in the shared postmortems) and compares the action items with the labels,
with the reference scorer's definition of a match (``postmortems/score.py:overlaps``). Prints one
row per document, the means per document, and field accuracy on matched items: owner (where the
label gives one) and done (label ``done`` true: status done; false: any other status).

Usage: python scripts/action_accuracy.py [--data DIR] [--postmortem CLI] [--misses]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "postmortems"


def load_scorer(path: Path) -> ModuleType:
    """The reference scorer module, for its matching definition."""
    spec = importlib.util.spec_from_file_location("reference_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"action_accuracy: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def review(cli: Path, doc: Path) -> list[dict[str, Any]]:
    """The action items the CLI reports for ``doc``."""
    done = subprocess.run([str(cli), "review", str(doc), "--format", "json"],
                          capture_output=True, text=True, timeout=120, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"action_accuracy: {doc.name}: {done.stderr.strip()}")
    items: list[dict[str, Any]] = json.loads(done.stdout).get("action_items") or []
    return items


def score_doc(sc: ModuleType, lab: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts for one document, and the misses and false items by text."""
    texts = [sc.item_text(a) for a in items]
    extra = [b if isinstance(b, str) else b.get("text", "")
             for b in lab.get("borderline_action_items") or []]
    row: dict[str, Any] = dict(n=len(lab["action_items"]), hit=0, found=len(items), ok=0,
                               owner_n=0, owner_ok=0, done_n=0, done_ok=0, miss=[], false=[])
    for gold in lab["action_items"]:
        variants = [gold["text"], *gold.get("also", [])]
        match = next((a for a, t in zip(items, texts, strict=True)
                      if any(sc.overlaps(t, v) for v in variants)), None)
        if match is None:
            row["miss"].append(gold["text"])
            continue
        row["hit"] += 1
        if gold.get("owner"):
            row["owner_n"] += 1
            row["owner_ok"] += sc.overlaps(str(match.get("owner") or ""), gold["owner"])
        if gold.get("done") is not None:
            row["done_n"] += 1
            row["done_ok"] += (match.get("status") == "done") == bool(gold["done"])
    for text in texts:
        variants = [v for g in lab["action_items"] for v in [g["text"], *g.get("also", [])]]
        good = any(sc.overlaps(text, v) for v in [*variants, *extra])
        row["ok"] += good
        if not good:
            row["false"].append(text)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED, help="folder with docs/ and labels/")
    parser.add_argument("--scorer", type=Path, default=SHARED / "score.py")
    parser.add_argument("--postmortem", type=Path, default=ROOT / ".venv" / "bin" / "postmortem")
    parser.add_argument("--misses", action="store_true", help="print missed and false items")
    args = parser.parse_args(argv)
    sc = load_scorer(args.scorer)
    rows = []
    for path in sorted((args.data / "labels").glob("*.json")):
        lab = json.loads(path.read_text(encoding="utf-8"))
        row = score_doc(sc, lab, review(args.postmortem, args.data / "docs" / lab["doc"]))
        rows.append(row)
        recall = row["hit"] / row["n"] if row["n"] else 1.0
        precision = row["ok"] / row["found"] if row["found"] else 1.0
        row["recall"], row["precision"] = recall, precision
        print(f"{lab['doc'][:56]:56s} recall {row['hit']:>3}/{row['n']:<3} ({recall:.2f})  "
              f"precision {row['ok']:>3}/{row['found']:<3} ({precision:.2f})  "
              f"owner {row['owner_ok']}/{row['owner_n']}  done {row['done_ok']}/{row['done_n']}")
        if args.misses:
            for text in row["miss"]:
                print(f"    missed: {text}")
            for text in row["false"]:
                print(f"    false:  {text[:110]}")
    total = {k: sum(r[k] for r in rows) for k in ("n", "hit", "found", "ok", "owner_n",
                                                  "owner_ok", "done_n", "done_ok")}
    mean_r = sum(r["recall"] for r in rows) / len(rows)
    mean_p = sum(r["precision"] for r in rows) / len(rows)
    print(f"\nper-document mean recall {mean_r:.3f}  precision {mean_p:.3f}   "
          f"pooled recall {total['hit']}/{total['n']}  "
          f"precision {total['ok']}/{total['found']}   "
          f"owner {total['owner_ok']}/{total['owner_n']}  "
          f"done {total['done_ok']}/{total['done_n']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
