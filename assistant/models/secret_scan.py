"""Where the secrets are in a text: every detector, in the order their claims are made.

:func:`find_secrets` returns (start, end) spans, most specific detector first: vendor-shaped
credentials (``secret_vendors``), then the context rules (``secret_context``: URLs, headers,
command lines, manifests, config files), named settings (``secret_names``), generated-looking
strings near a secret-ish word, and bare 40-character AWS-style secrets. The caller keeps the
first claim on each character, so a token inside ``GITHUB_TOKEN=ghp_...`` is masked once.

Speed: vendor rules start with a literal and are skipped when it is absent; context rules run
only on lines holding one of their anchor words; the bare-secret scan maps the text to bytes
once and searches a run of 40 token characters with the bytes search, never a regex that
tries every position. ``bench/redact_bench.py`` prints the figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from assistant.models.secret_context import (
    LINE_RULES,
    Lines,
    Span,
    find_cookies,
    find_kubernetes_secret_values,
    find_near_secret_words,
    find_short_flags,
)
from assistant.models.secret_names import find_named_secrets
from assistant.models.secret_vendors import find_vendor_secrets

_TOKEN_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_MASK = bytes(0x61 if i in _TOKEN_BYTES else 0x20 for i in range(256))
_EDGE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def find_bare_aws_secrets(lines: Lines) -> Iterator[Span]:
    """Exactly 40 base64 characters mixing upper, lower and digits: an AWS secret access key.

    Commit hashes are lowercase hex and never match; longer runs (base64 payloads) neither.
    """
    text = lines.text
    mask = text.encode("ascii", "replace").translate(_MASK)
    position = mask.find(b"a" * 40)
    while position != -1:
        end = position + 40
        token = text[position:end]
        before_ok = position == 0 or text[position - 1] not in _EDGE
        after_ok = end == len(text) or text[end] not in _EDGE
        if before_ok and after_ok and _mixed(token):
            yield position, end
        run_end = mask.find(b" ", end)
        if run_end == -1:
            return
        position = mask.find(b"a" * 40, run_end)


def _mixed(token: str) -> bool:
    return (any(c.isupper() for c in token) and any(c.islower() for c in token)
            and any(c.isdigit() for c in token))



DETECTORS: tuple[Callable[[Lines], Iterable[Span]], ...] = (
    lambda lines: find_vendor_secrets(lines.text),
    find_kubernetes_secret_values,
    *(rule.find for rule in LINE_RULES),
    find_short_flags,
    find_cookies,
    find_named_secrets,
    find_near_secret_words,
    find_bare_aws_secrets,
)
"""Every detector, most specific first."""


def find_secrets(text: str) -> Iterator[Span]:
    """(start, end) of every secret the detectors find, in detector order (may overlap)."""
    lines = Lines(text)
    for detector in DETECTORS:
        yield from detector(lines)
