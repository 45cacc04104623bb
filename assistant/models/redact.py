"""Remove secrets (and optionally personal and infrastructure names) before text leaves the machine.

``redact(text)`` replaces every secret it recognises with a placeholder such as ``[SECRET_1]``.
The detectors live in ``secret_scan`` and its rule modules: vendor-shaped keys and tokens (more
than a hundred families), PEM blocks, JWTs, passwords in URLs and DSNs, authorization headers
and cookies, command-line credentials (``curl -u``, ``mysql -p``, ``sshpass -p``, ``docker
login -p``, ``--password VALUE``), settings whose name says password, secret, token or key in
any spelling (``NAME=value``, ``NAME: value``, ``NAME value``), the values of a Kubernetes
Secret, ``.netrc`` / ``.pgpass`` / Redis / XML settings and generated-looking strings next to a
secret-ish word. ``detect-secrets`` was measured as the alternative: used as a library it scans
one line at a time in Python (about 5,000 lines/s with its plugins, against well over a
hundred thousand here) and misses the command-line and environment-name families above, so
its plugin families are matched here instead. With ``pseudonymize=True`` it also replaces
e-mail addresses, IP addresses and host names with ``[EMAIL_n]``, ``[IP_n]`` and ``[HOST_n]``.
The same original always gets the same placeholder within one ``Redactor``, so a model can
still tell that two lines mention the same host.

Restoring is deliberately one-sided. ``Redaction.restore`` puts pseudonyms back (a draft should
name the real host), but leaves ``[SECRET_n]`` in place unless the caller asks for
``secrets=True``. Anything that is sent out, written to a report or shown in a shared document
keeps the secret placeholders; only a purely local view may restore them.

The rules are written to leave alone what incident text is full of: commit hashes, UUIDs,
trace and span ids, timestamps, version numbers, durations, HTTP status codes, references to
where a secret lives (``${DB_PASSWORD}``, ``process.env.KEY``) and ordinary words such as
"password reset page". ``tests/data/secrets/`` holds the labelled corpus both ways.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from assistant.models.secret_scan import find_secrets
from assistant.models.secret_values import PLACEHOLDER

SECRET = "SECRET"
EMAIL = "EMAIL"
IP = "IP"
HOST = "HOST"
PSEUDONYM_KINDS = (EMAIL, IP, HOST)

__all__ = ["PLACEHOLDER", "Redaction", "Redactor", "redact", "restore_placeholders"]

_EMAIL_PATTERN = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4_PATTERN = re.compile(rf"(?<![\w.])(?:{_OCTET}\.){{3}}{_OCTET}(?!\w)(?!\.\d)")
_H4 = r"[0-9A-Fa-f]{1,4}"
_IPV6_PATTERN = re.compile(
    rf"(?<![\w:])(?:(?:{_H4}:){{7}}{_H4}"
    rf"|(?:{_H4}:){{1,6}}:(?:{_H4}(?::{_H4}){{0,5}})?"
    rf"|::(?:{_H4}(?::{_H4}){{0,6}}))(?![\w:])"
)
# Host names need a last label from this list: public suffixes common in incident text and the
# usual private ones. Requiring it keeps file names (config.yaml), code (os.path.join) and
# version strings from being taken for hosts.
_TLDS = (
    "com|net|org|edu|gov|mil|io|co|ai|dev|app|cloud|info|biz|xyz|tech|online|site|systems|services"
    "|us|uk|de|fr|nl|eu|ca|au|jp|ch|se|es|it|br|ie|at|be|dk|fi|pl|nz|sg"
    "|internal|local|localdomain|lan|corp|intra|intranet|svc|cluster|private|home\\.arpa|example"
)
_HOST_PATTERN = re.compile(
    r"(?<![\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    rf"(?:{_TLDS})(?![\w-])(?!\.[A-Za-z0-9])",
    re.IGNORECASE,
)
_PSEUDONYM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (EMAIL, _EMAIL_PATTERN),
    (IP, _IPV4_PATTERN),
    (IP, _IPV6_PATTERN),
    (HOST, _HOST_PATTERN),
)


@dataclass(frozen=True)
class Redaction:
    """Redacted text and the placeholder -> original mapping needed to reverse pseudonyms."""

    text: str
    mapping: dict[str, str] = field(default_factory=dict)

    @property
    def secret_count(self) -> int:
        """How many distinct secrets were masked."""
        return sum(1 for key in self.mapping if key.startswith(f"[{SECRET}_"))

    def restore(self, text: str, *, secrets: bool = False) -> str:
        """Put the originals of pseudonyms back into ``text`` (e.g. a model's answer).

        Secret placeholders stay unless ``secrets=True``, which is only for local rendering of
        the user's own text; never restore secrets into anything sent out or shared.
        """
        return restore_placeholders(text, self.mapping, secrets=secrets)


def restore_placeholders(text: str, mapping: Mapping[str, str], *, secrets: bool = False) -> str:
    """Replace known placeholders in ``text`` by their originals; unknown ones stay as they are."""

    def original(match: re.Match[str]) -> str:
        placeholder = match.group(0)
        if match.group(1) == SECRET and not secrets:
            return placeholder
        return mapping.get(placeholder, placeholder)

    return PLACEHOLDER.sub(original, text)


class Redactor:
    """Redacts several texts with one numbering, so ``[HOST_1]`` means the same host in all."""

    def __init__(self, *, pseudonymize: bool = False) -> None:
        self.pseudonymize = pseudonymize
        self._by_original: dict[tuple[str, str], str] = {}
        self._mapping: dict[str, str] = {}
        self._counters: dict[str, int] = {}

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder -> original for everything redacted so far (a copy)."""
        return dict(self._mapping)

    def redact(self, text: str) -> str:
        """``text`` with secrets (and, when pseudonymizing, e-mails, IPs and hosts) replaced.

        All patterns run on the original text; where matches overlap, the earlier pattern wins
        (specific secrets before generic ones, secrets before pseudonyms). Placeholders are then
        numbered in reading order.
        """
        self._reserve_existing(text)
        spans = _Spans(len(text))
        for start, end in find_secrets(text):
            spans.claim(start, end, SECRET)
        if self.pseudonymize:
            for kind, pattern in _PSEUDONYM_PATTERNS:
                for match in pattern.finditer(text):
                    spans.claim(match.start(), match.end(), kind)
        pieces: list[str] = []
        position = 0
        for start, end, kind in spans.in_order():
            pieces.append(text[position:start])
            pieces.append(self.placeholder(kind, text[start:end]))
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def result(self, text: str) -> Redaction:
        """A ``Redaction`` of ``text`` that carries this redactor's whole mapping."""
        return Redaction(text=text, mapping=self.mapping)

    def placeholder(self, kind: str, original: str) -> str:
        """The stable placeholder for ``original`` of ``kind``, creating it on first use."""
        key = (kind, original)
        existing = self._by_original.get(key)
        if existing is not None:
            return existing
        self._counters[kind] = self._counters.get(kind, 0) + 1
        placeholder = f"[{kind}_{self._counters[kind]}]"
        self._by_original[key] = placeholder
        self._mapping[placeholder] = original
        return placeholder

    def _reserve_existing(self, text: str) -> None:
        """Skip numbers of placeholders already present in the input, so none is ambiguous."""
        for match in PLACEHOLDER.finditer(text):
            if match.group(0) not in self._mapping:
                kind, number = match.group(1), int(match.group(2))
                self._counters[kind] = max(self._counters.get(kind, 0), number)


class _Spans:
    """Non-overlapping spans of one text to replace; the first claim on a character wins."""

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length)
        self._spans: list[tuple[int, int, str]] = []

    def claim(self, start: int, end: int, kind: str) -> None:
        """Add the span unless it is empty or overlaps one already claimed."""
        if start >= end or any(self._taken[start:end]):
            return
        self._taken[start:end] = b"\x01" * (end - start)
        self._spans.append((start, end, kind))

    def in_order(self) -> list[tuple[int, int, str]]:
        """The claimed spans in reading order."""
        return sorted(self._spans)


def redact(text: str, *, pseudonymize: bool = False) -> Redaction:
    """Redact one text: secrets always, e-mails, IPs and host names when ``pseudonymize``."""
    redactor = Redactor(pseudonymize=pseudonymize)
    return redactor.result(redactor.redact(text))
