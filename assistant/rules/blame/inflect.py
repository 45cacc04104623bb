"""English verb forms for the rewrites, from ``lemminflect``'s dictionary, not string suffixes.

``lemma("saw")`` is "see", ``participle("catch")`` is "caught", ``gerund("run")`` is "running".
The forms are read from the verb entries of lemminflect's inflection table
(``resources/infl_lu.csv.gz``, with its overrides) on first use: about 6,700 verbs in some 30 ms,
without importing lemminflect itself (which loads numpy and every part of speech, ten times
slower), so linting stays fast. A word that is not a verb there has no form: the caller gets
None and a rewrite that needs it is refused (see ``suggest.py``).
"""

from __future__ import annotations

import csv
import gzip
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

_CURATED = {"ack": "acknowledged"}
"""Forms lemminflect lacks (chat shorthand) that a rewrite may still use."""


def _resources() -> Path:
    spec = find_spec("lemminflect")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("lemminflect is not installed (pip install lemminflect)")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


@cache
def _tables() -> tuple[dict[str, tuple[str, str, str]], dict[str, str]]:
    """(base -> (past, participle, gerund), any form -> base) for every verb in the table."""
    forms: dict[str, tuple[str, str, str]] = {}
    folder = _resources()
    with gzip.open(folder / "infl_lu.csv.gz", "rt", encoding="utf-8") as table:
        for line in table:
            if ",verb," not in line:
                continue
            parts = line.rstrip("\n").split(",")
            base = parts[0].lower()
            past, part, ing = (parts[i].split("/")[0] if len(parts) > i else "" for i in (2, 3, 4))
            forms[base] = (past, part or past, ing)
    with open(folder / "infl_overrides.csv", encoding="utf-8", newline="") as overrides:
        for row in csv.reader(overrides):
            if len(row) == 3 and row[0].lower() in forms and row[1] in ("VBD", "VBN", "VBG"):
                past, part, ing = forms[row[0].lower()]
                index = ("VBD", "VBN", "VBG").index(row[1])
                values = [past, part, ing]
                values[index] = row[2].split("/")[0]
                forms[row[0].lower()] = (values[0], values[1], values[2])
    lemmas: dict[str, str] = {}
    for base, (past, part, ing) in forms.items():
        for form in (past, part, ing, base + "s"):
            if form and form.lower() != base:
                lemmas.setdefault(form.lower(), base)
    return forms, lemmas


@lru_cache(maxsize=4096)
def lemma(word: str) -> str:
    """The base form of a verb form (``checked`` -> ``check``, ``ran`` -> ``run``)."""
    lowered = word.lower().replace("\u2019", "'")
    forms, lemmas = _tables()
    if lowered in lemmas or lowered in forms or "-" not in lowered:
        return lemmas.get(lowered, lowered)
    head, _, tail = lowered.rpartition("-")
    return f"{head}-{lemma(tail)}"


def _inflect(verb: str, index: int) -> str | None:
    base = verb.lower()
    entry = _tables()[0].get(base)
    if entry is None and "-" in base:
        head, _, tail = base.rpartition("-")
        form = _inflect(tail, index)
        return f"{head}-{form}" if form else None
    return (entry[index] or None) if entry else None


@lru_cache(maxsize=4096)
def participle(verb: str) -> str | None:
    """The past participle of a verb in any form, or None for a word not in the table."""
    base = lemma(verb)
    return _CURATED.get(base) or _inflect(base, 1)


@lru_cache(maxsize=4096)
def gerund(verb: str) -> str | None:
    """The -ing form of a verb ("verify" -> "verifying"); a phrasal verb keeps its particle."""
    first, _, rest = verb.lower().partition(" ")
    form = _inflect(lemma(first), 2)
    if form is None:
        return None
    return f"{form} {rest}" if rest else form


def is_verb(word: str) -> bool:
    """True when ``word`` is a form of a verb in the table."""
    forms, lemmas = _tables()
    lowered = word.lower()
    return lowered in forms or lowered in lemmas
