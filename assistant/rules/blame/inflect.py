"""English verb forms for the rewrites, from ``lemminflect``'s dictionary, not string suffixes.

``lemma("saw")`` is "see", ``participle("catch")`` is "caught", ``gerund("run")`` is "running".
The dictionary loads on first use (about a third of a second), so linting a document with no
blame never pays for it. A word lemminflect does not know keeps the form it was given, which a
rewrite then refuses rather than guess (see ``suggest.py``).
"""

from __future__ import annotations

from functools import lru_cache

_CURATED = {"ack": "acknowledged"}
"""Forms lemminflect lacks (chat shorthand) that a rewrite may still use."""


@lru_cache(maxsize=4096)
def lemma(word: str) -> str:
    """The base form of a verb form (``checked`` -> ``check``, ``ran`` -> ``run``)."""
    import lemminflect

    lowered = word.lower().replace("\u2019", "'")
    if "-" in lowered:
        head, _, tail = lowered.rpartition("-")
        return f"{head}-{lemma(tail)}"
    found = lemminflect.getLemma(lowered, upos="VERB", lemmatize_oov=False)
    return found[0] if found else lowered


def _inflect(verb: str, tag: str) -> str | None:
    import lemminflect

    base = verb.lower()
    if "-" in base:
        head, _, tail = base.rpartition("-")
        form = _inflect(tail, tag)
        return f"{head}-{form}" if form else None
    found = lemminflect.getInflection(base, tag=tag, inflect_oov=False)
    return found[0] if found else None


@lru_cache(maxsize=4096)
def participle(verb: str) -> str | None:
    """The past participle of a verb in its base form, or None for a word not in the lexicon."""
    base = lemma(verb)
    return _CURATED.get(base) or _inflect(base, "VBN")


@lru_cache(maxsize=4096)
def gerund(verb: str) -> str | None:
    """The -ing form of a verb ("verify" -> "verifying"); a phrasal verb keeps its particle."""
    first, _, rest = verb.lower().partition(" ")
    form = _inflect(lemma(first), "VBG")
    if form is None:
        return None
    return f"{form} {rest}" if rest else form


def is_verb(word: str) -> bool:
    """True when lemminflect knows ``word`` as a form of a verb."""
    import lemminflect

    return bool(lemminflect.getLemma(word.lower(), upos="VERB", lemmatize_oov=False))
