"""Remove secrets (and optionally personal and infrastructure names) before text leaves the machine.

``redact(text)`` replaces every secret it recognises with a placeholder such as ``[SECRET_1]``:
cloud and SaaS keys, tokens, JWTs, bearer credentials, passwords in URLs and connection strings,
PEM private keys and generic ``password=`` / ``token:`` / ``api_key=`` assignments. With
``pseudonymize=True`` it also replaces e-mail addresses, IP addresses and host names with
``[EMAIL_n]``, ``[IP_n]`` and ``[HOST_n]``. The same original always gets the same placeholder
within one ``Redactor``, so a model can still tell that two lines mention the same host.

Restoring is deliberately one-sided. ``Redaction.restore`` puts pseudonyms back (a draft should
name the real host), but leaves ``[SECRET_n]`` in place unless the caller asks for
``secrets=True``. Anything that is sent out, written to a report or shown in a shared document
keeps the secret placeholders; only a purely local view may restore them.

The patterns are written to leave alone what incident text is full of: commit hashes, UUIDs,
trace and span ids, timestamps, version numbers, durations, HTTP status codes and ordinary words
such as "password reset page".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

SECRET = "SECRET"
EMAIL = "EMAIL"
IP = "IP"
HOST = "HOST"
PSEUDONYM_KINDS = (EMAIL, IP, HOST)

PLACEHOLDER = re.compile(r"\[(SECRET|EMAIL|IP|HOST)_(\d+)\]")
"""Matches any placeholder this module writes, e.g. ``[HOST_3]``."""

# Each secret pattern captures the secret itself as group "s"; text around it stays, so the
# model still sees "password=[SECRET_1]" or "postgres://app:[SECRET_2]@db" and keeps context.
_SECRET_PATTERNS: tuple[re.Pattern[str], ...] = (
    # PEM private keys, also unterminated ones pasted half-way (masked to the end of the text).
    re.compile(
        r"(?P<s>-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?"
        r"(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z))",
        re.DOTALL,
    ),
    re.compile(r"(?P<s>https://hooks\.slack\.com/(?:services|workflows|triggers)/[\w/-]+)"),
    # user:password@ in any URL or DSN (postgres://, mysql://, redis://, amqp://, https://).
    re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s:/@]*:(?P<s>[^\s@/]+)(?=@)", re.IGNORECASE),
    re.compile(
        r"\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig)=(?P<s>[A-Za-z0-9+/=%_-]{16,})"
    ),
    re.compile(
        r"\b(?P<s>(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16})\b"
    ),
    re.compile(
        r"(?i:aws_?secret_?(?:access_?)?key|secret_?access_?key)[\"']?\s*[:=]\s*[\"']?"
        r"(?P<s>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"
    ),
    re.compile(r"\b(?P<s>AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])"),
    re.compile(r"\b(?P<s>(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255})\b"),
    re.compile(r"\b(?P<s>github_pat_[A-Za-z0-9_]{22,255})\b"),
    re.compile(r"\b(?P<s>glpat-[A-Za-z0-9_-]{20,})"),
    re.compile(r"\b(?P<s>xox[abprse]-[A-Za-z0-9-]{10,})"),
    re.compile(r"\b(?P<s>xapp-\d-[A-Za-z0-9-]{10,})"),
    re.compile(r"\b(?P<s>(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,})"),
    re.compile(r"\b(?P<s>whsec_[A-Za-z0-9]{16,})"),
    re.compile(r"\b(?P<s>sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,})"),
    re.compile(r"\b(?P<s>eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*)"),
    re.compile(
        r"(?i:\bauthorization)[\"']?\s*[:=]\s*[\"']?"
        r"(?:(?i:bearer|basic|token|bot|apikey|digest)\s+)?(?P<s>[^\s\"',;]{8,})"
    ),
    # "Bearer <token>" anywhere; the token must look like one (digit, symbol or inner capital),
    # so prose such as "Basic authentication" is left alone.
    re.compile(
        r"(?i:\b(?:bearer|basic))\s+"
        r"(?P<s>(?=[A-Za-z0-9._~+/=-]*(?:[0-9._~+/=-]|(?<=.)[A-Z]))[A-Za-z0-9._~+/=-]{8,})"
    ),
    # A bare AWS-style secret: 40 base64 characters mixing upper, lower and digits. Commit
    # hashes are lowercase hex and never match.
    re.compile(
        r"(?<![A-Za-z0-9/+=])(?P<s>(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])"
        r"(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
    ),
)

# key = value / key: value assignments whose key names a credential. Matching starts only at
# tokens that contain a credential word (found by _KEYWORD), which keeps long logs fast.
_CREDENTIAL_WORDS = (
    r"(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key"
    r"|private[_-]?key|client[_-]?secret|credentials?)"
)
_KEYWORD = re.compile(_CREDENTIAL_WORDS, re.IGNORECASE)
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_ASSIGNMENT = re.compile(
    rf"(?P<key>[A-Za-z0-9_.-]*?{_CREDENTIAL_WORDS})(?![A-Za-z0-9])"
    r"[\"']?\s*(?P<sep>=>|[:=])\s*(?P<q>[\"'])?"
    r"(?P<s>(?(q)[^\"'\n]+|(?:[^\s\"',;&]|&(?!\w+=))+))",
    re.IGNORECASE,
)
_NOT_A_SECRET = re.compile(
    r"""^(?:true|false|null|none|nil|yes|no|empty|redacted|masked|hidden|n/a|\**|x+|\.+|<[^>]*>
    |\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|%\([^)]*\)s|\{\{.*\}\})$""",
    re.IGNORECASE | re.VERBOSE,
)
_PROSE_AFTER = re.compile(r"[ \t]+[A-Za-z]")

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
        for pattern in _SECRET_PATTERNS:
            for match in pattern.finditer(text):
                spans.claim(match.start("s"), match.end("s"), SECRET)
        for match in _assignments(text):
            if _is_credential_assignment(match):
                spans.claim(match.start("s"), match.end("s"), SECRET)
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


def _assignments(text: str) -> list[re.Match[str]]:
    """``key = value`` matches whose key token contains a credential word."""
    found: list[re.Match[str]] = []
    seen_starts: set[int] = set()
    for keyword in _KEYWORD.finditer(text):
        start = keyword.start()
        while start > 0 and text[start - 1] in _KEY_CHARS:
            start -= 1
        if start in seen_starts:
            continue
        seen_starts.add(start)
        match = _ASSIGNMENT.match(text, start)
        if match is not None:
            found.append(match)
    return found


def _is_credential_assignment(match: re.Match[str]) -> bool:
    """Whether a ``key: value`` match holds a credential, not a flag, a reference or prose."""
    value = match.group("s")
    if _NOT_A_SECRET.match(value.strip()) or PLACEHOLDER.search(value):
        return False
    # "Password: reset via the admin page" is prose, not a credential.
    unquoted_colon = match.group("sep") == ":" and match.group("q") is None
    return not (
        unquoted_colon and value.isalpha() and _PROSE_AFTER.match(match.string, match.end("s"))
    )


def redact(text: str, *, pseudonymize: bool = False) -> Redaction:
    """Redact one text: secrets always, e-mails, IPs and host names when ``pseudonymize``."""
    redactor = Redactor(pseudonymize=pseudonymize)
    return redactor.result(redactor.redact(text))
