"""Credentials recognised by what surrounds them: names, command lines, headers, manifests.

The rule families of the well-kept scanners (gitleaks, detect-secrets), for text that has no
vendor prefix: ``NAME=value`` / ``NAME: value`` / ``NAME value`` whose name says password,
secret, token or key in any spelling; command-line credentials (``curl -u user:pass``,
``mysql -pPASS``, ``sshpass -p``, ``docker login -p``, ``--password VALUE``); passwords in URLs
and DSNs; authorization headers and cookies; the values of a Kubernetes Secret; ``.netrc``,
``.pgpass``, Redis and XML settings; and high-entropy strings a few words after a secret-ish
word. Each rule runs only on the lines that contain one of its lowercase anchor words, found
with plain substring search, so the regular expressions see a small part of a long log.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.models.secret_values import is_plain_value, is_uuid, looks_generated, looks_random

Span = tuple[int, int]
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class Lines:
    """The text, its lowercase copy and, per anchor word, the lines that contain it."""

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        # Some characters change length when lowered ("İ"); keep offsets by lowering ASCII only.
        self.lowered = lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)
        self._by_word: dict[str, list[tuple[int, int, int]]] = {}

    def containing(self, words: tuple[str, ...]) -> list[Span]:
        """(start, end) of each line holding any of ``words``, in reading order."""
        spans: set[Span] = set()
        for word in words:
            spans.update((start, end) for _, start, end in self.hits(word))
        return sorted(spans)

    def hits(self, word: str) -> list[tuple[int, int, int]]:
        """(position, line start, line end) of every occurrence of ``word`` (lowercase)."""
        cached = self._by_word.get(word)
        if cached is not None:
            return cached
        low = self.lowered
        found: list[tuple[int, int, int]] = []
        position = low.find(word)
        start, end = -1, -1
        while position != -1:
            if position > end:
                start = low.rfind("\n", 0, position) + 1
                end = low.find("\n", position)
                end = len(low) if end == -1 else end
            found.append((position, start, end))
            position = low.find(word, position + len(word))
        self._by_word[word] = found
        return found


@dataclass(frozen=True)
class LineRule:
    """A pattern (group ``s`` = the secret) tried on the lines holding one of ``anchors``."""

    name: str
    anchors: tuple[str, ...]
    pattern: re.Pattern[str]
    accept: Callable[[re.Match[str]], bool] | None = None

    def find(self, lines: Lines) -> Iterator[Span]:
        for start, end in lines.containing(self.anchors):
            for match in self.pattern.finditer(lines.text, start, end):
                if self.accept is None or self.accept(match):
                    yield match.span("s")


def _value_ok(match: re.Match[str]) -> bool:
    return not is_plain_value(match.group("s"))


_VALUE = r"(?P<q>['\"])?(?P<s>(?(q)[^'\"\n]+|[^\s'\"]+))"
_SHORT_FLAGS = {
    "sshpass": "-p", "login": "-p", "twine": "-p", "redis-cli": "-a", "ldapsearch": "-w",
    "ldapmodify": "-w", "ldapadd": "-w", "ldapdelete": "-w", "ldapwhoami": "-w", "mongo": "-p",
    "mongosh": "-p", "mongodump": "-p", "mongorestore": "-p", "mongoexport": "-p",
}
_COMMAND = re.compile(
    r"(?<![\w-])(?P<cmd>sshpass|login|twine|redis-cli|ldap(?:search|modify|add|delete|whoami)"
    r"|mongo(?:sh|dump|restore|export)?)\b(?P<rest>[^\n|;&]*)"
)
_FLAG = re.compile(rf"(?<!\S)(?P<flag>-[paw])[ \t]*{_VALUE}")


def find_short_flags(lines: Lines) -> Iterator[Span]:
    """Passwords given to ``sshpass -p``, ``docker login -p``, ``redis-cli -a``, ``ldap* -w``."""
    for start, end in lines.containing(("sshpass", "login", "twine", "redis-cli", "ldap", "mongo")):
        for command in _COMMAND.finditer(lines.text, start, end):
            wanted = _SHORT_FLAGS[command.group("cmd")]
            rest = command.start("rest")
            for flag in _FLAG.finditer(lines.text, rest, command.end("rest")):
                if flag.group("flag") == wanted and _value_ok(flag):
                    yield flag.span("s")
                    break


def _header_ok(match: re.Match[str]) -> bool:
    return _value_ok(match) and not match.group("s").startswith("[")


_AUTH_SCHEMES = r"bearer|basic|token|bot|apikey|api-key|digest|ssws|hmac|negotiate|key|sso-key"
LINE_RULES: tuple[LineRule, ...] = (
    LineRule("url-password", ("://",), re.compile(
        r"(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://[^\s:/@'\"]*:(?P<s>[^\s@/'\"]+)(?=@)",
        re.IGNORECASE), _value_ok),
    LineRule("go-dsn", ("@tcp(", "@unix("), re.compile(
        r"(?<![\w.-])[\w.-]+:(?P<s>[^\s@/:'\"]+)@(?:tcp|unix)\("), _value_ok),
    LineRule("authorization-header", ("authorization",), re.compile(
        r"(?i:\bauthorization)[\"']?\s*[:=]\s*[\"']?"
        rf"(?:(?i:{_AUTH_SCHEMES})\s+)?(?P<s>[^\s\"',;]{{8,}})"), _header_ok),
    LineRule("bearer", ("bearer", "basic"), re.compile(
        r"(?i:\b(?:bearer|basic))\s+"
        r"(?P<s>(?=[A-Za-z0-9._~+/=-]*(?:[0-9._~+/=-]|(?<=.)[A-Z]))[A-Za-z0-9._~+/=-]{8,})")),
    LineRule("azure-key", ("accountkey=", "sharedaccesskey", "sig="), re.compile(
        r"\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig)=(?P<s>[A-Za-z0-9+/=%_-]{16,})")),
    LineRule("user-colon-password", ("-u", "--user"), re.compile(
        r"(?<![\w-])(?:-u|--user)(?:[ \t]+|=)(?P<q>['\"])?[^\s:'\"]*:"
        r"(?P<s>(?(q)[^'\"\n]+|[^\s'\"]+))"), _value_ok),
    LineRule("mysql-p", ("mysql", "mariadb"), re.compile(
        r"\b(?:mysql\w*|mariadb\w*)\b[^\n|;&]*?\s-p(?P<q>['\"])?(?P<s>(?(q)[^'\"\n]+|[^\s'\"-][^\s'\"]*))"),
        _value_ok),
    LineRule("securestring", ("convertto-securestring",), re.compile(
        r"(?i:ConvertTo-SecureString)\s+(?:-String\s+)?(?P<q>['\"])(?P<s>[^'\"\n]+)(?P=q)")),
    LineRule("netrc", ("machine", "login"), re.compile(
        r"\b(?:machine\s+\S+\s+)?login\s+\S+\s+password\s+(?P<s>\S+)"), _value_ok),
    LineRule("redis-conf", ("requirepass", "masterauth"), re.compile(
        r"(?<![\w-])(?:requirepass|masterauth)[ \t]+(?P<q>['\"])?(?P<s>(?(q)[^'\"\n]+|\S+))"),
        _value_ok),
    LineRule("discord-bot-token", ("discord", "bot"), re.compile(
        r"(?<![\w-])(?P<s>[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})"
        r"(?![\w-])")),
    LineRule("pgpass", ("pgpass",), re.compile(
        r"(?<![\w.-])[\w.*-]+:(?:\d+|\*):[\w*-]+:[\w*.-]+:(?P<s>\S+)")),
    LineRule("xml-element", ("</",),
             re.compile(r"<(?P<tag>[\w:.-]*(?i:password|passwd|pwd|secret|token|apikey|api_key"
                        r"|accesskey|secretkey))>(?P<s>[^<\s][^<\n]*)</(?P=tag)>"), _value_ok),
)
"""The line rules, in the order their claims are made."""

_COOKIE = re.compile(r"(?i:\b(?:set-)?cookie)\s*:\s*(?P<rest>[^\n]*)")
_COOKIE_PAIR = re.compile(r"(?:^|;)\s*[\w.$-]+=(?P<s>[^;\s]+)")


def find_cookies(lines: Lines) -> Iterator[Span]:
    """Values of ``Cookie:`` / ``Set-Cookie:`` pairs that look random (session ids)."""
    for start, end in lines.containing(("cookie",)):
        for header in _COOKIE.finditer(lines.text, start, end):
            offset = header.start("rest")
            for pair in _COOKIE_PAIR.finditer(header.group("rest")):
                if looks_random(pair.group("s")):
                    yield offset + pair.start("s"), offset + pair.end("s")


# A manifest line may come indented (pasted YAML) or as a rendered evidence line, where a
# label ("[notes.md:12] - ", "[notes.md:12] - | other | - | ") stands before the key and the
# indentation is gone; both forms are read. The label is skipped in plain code (bounded
# look-ups) so that the patterns below start at the key and stay linear.
_KIND_AT = re.compile(r"(?<![\w.-])kind:[ \t]*['\"]?Secret['\"]?(?![\w-])")
_MANIFEST_AT = re.compile(r"(?:kind|apiVersion):")
_DATA_AT = re.compile(r"(?P<key>data|stringData):[ \t]*$")
_ENTRY_AT = re.compile(r"(?<![\w.-])(?P<key>[A-Za-z_][\w.-]*):[ \t]*(?P<s>[^\s]+)[ \t]*$")
_BASE64 = re.compile(r"['\"]?[A-Za-z0-9+/]{4,}={0,2}['\"]?")
_TOP_KEYS = frozenset({"apiVersion", "kind", "metadata", "type", "immutable"})
_MANIFEST_LINES = 200
_LABEL_REACH = 200
_LABEL_COLUMNS = 8


@dataclass(frozen=True)
class _Row:
    """One manifest line: where its key starts, its indentation, whether it had a label."""

    key_at: int
    end: int
    indent: int
    labelled: bool


def _row(text: str, start: int, end: int) -> _Row:
    position = start
    while position < end and text[position] in " \t":
        position += 1
    indent = position - start
    labelled = False
    if text.startswith("[", position):
        close = text.find("]", position, min(end, position + _LABEL_REACH))
        if close != -1:
            labelled = True
            position = _past_label_columns(text, close + 1, end)
    position = _skip_blanks(text, position, end)
    if text.startswith("- ", position) or text.startswith("-\t", position):
        position = _skip_blanks(text, position + 2, end)
    return _Row(position, end, indent, labelled)


def _past_label_columns(text: str, position: int, end: int) -> int:
    """After a "[source:line]" label, skip the columns a rendering puts before the key (a
    time, "-", "| other |"): words that do not end in ":", a few at most."""
    for _ in range(_LABEL_COLUMNS):
        position = _skip_blanks(text, position, end)
        word_end = position
        while word_end < end and text[word_end] not in " \t":
            word_end += 1
        if word_end == position or text[word_end - 1] == ":":
            break
        position = word_end
    return position


def _skip_blanks(text: str, position: int, end: int) -> int:
    while position < end and text[position] in " \t":
        position += 1
    return position


def find_kubernetes_secret_values(lines: Lines) -> Iterator[Span]:
    """Every value under ``data:`` / ``stringData:`` of a manifest whose kind is Secret."""
    text = lines.text
    for position, start, end in lines.hits("kind:"):
        kind = _KIND_AT.match(text, position, end)
        if kind is None:
            continue
        if text[kind.end() : end].strip():
            yield from _flattened_values(text, kind.end(), end)
            continue
        rows = _manifest_rows(text, start)
        for index, row in enumerate(rows):
            block = _DATA_AT.match(text, row.key_at, row.end)
            if block is not None:
                yield from _block_values(text, rows[index + 1 :], row, block.group("key"))


_FLAT_DATA = re.compile(r"(?<![\w.-])(?P<key>data|stringData):[ \t]+")
_FLAT_PAIR = re.compile(r"(?<![\w.-])(?P<key>[A-Za-z_][\w.-]*):[ \t]+(?P<s>[^\s]+)[ \t]*")


def _flattened_values(text: str, kind_at: int, end: int) -> Iterator[Span]:
    """Values of a Secret whose lines were joined into one ("kind: Secret data: K: v K: v")."""
    block = _FLAT_DATA.search(text, kind_at, end)
    if block is None:
        return
    base64_only = block.group("key") == "data"
    position = block.end()
    while position < end:
        pair = _FLAT_PAIR.match(text, position, end)
        if pair is None or pair.group("key") in _TOP_KEYS:
            return
        value = pair.group("s")
        if base64_only and not _BASE64.fullmatch(value):
            return
        if not is_plain_value(value.strip("'\"")):
            yield pair.span("s")
        position = pair.end()


def _manifest_rows(text: str, kind_start: int) -> list[_Row]:
    """The lines of the manifest around its ``kind:`` line (to a blank line, ``---`` or the
    next manifest's ``kind:`` / ``apiVersion:``), at most a few hundred."""
    before: list[_Row] = []
    position = kind_start
    while position > 0 and len(before) < _MANIFEST_LINES:
        previous = text.rfind("\n", 0, position - 1) + 1
        line = text[previous : position - 1]
        if not line.strip() or line.startswith("---") or "kind:" in line:
            break
        before.append(_row(text, previous, position - 1))
        position = previous
    after: list[_Row] = []
    position = kind_start
    while position <= len(text) and len(after) < _MANIFEST_LINES:
        newline = text.find("\n", position)
        end = len(text) if newline == -1 else newline
        row = _row(text, position, end)
        blank = row.key_at >= end and not row.labelled
        if after and (blank or text.startswith("---", position)
                      or _MANIFEST_AT.match(text, row.key_at, end)):
            break
        after.append(row)
        if newline == -1:
            break
        position = newline + 1
    return [*reversed(before), *after]


def _block_values(text: str, rows: list[_Row], block: _Row, key: str) -> Iterator[Span]:
    base64_only = key == "data"
    for row in rows:
        entry = _ENTRY_AT.match(text, row.key_at, row.end)
        if entry is None:
            return
        if not row.labelled and not block.labelled:
            if row.indent <= block.indent:
                return
        elif entry.group("key") in _TOP_KEYS or (
            base64_only and not _BASE64.fullmatch(entry.group("s"))
        ):
            return
        value = entry.group("s")
        if value in ("|", ">", "|-", ">-") or is_plain_value(value.strip("'\"")):
            continue
        quote = 1 if value[:1] in "'\"" and len(value) > 1 else 0
        yield entry.start("s") + quote, entry.end("s") - quote


_CUES = ("password", "passwd", "passphrase", "secret", "token", "key", "credential")
_DIGEST_LABELS = ("sha1", "sha224", "sha256", "sha384", "sha512", "md5", "blake2b", "blake2s",
                  "blake3", "digest", "fingerprint")
_LONG_TOKEN = re.compile(r"(?<![\w+/=.~-])[A-Za-z0-9+/=_.~-]{20,}(?![\w+/=.~-])")
_REACH = 40


def find_near_secret_words(lines: Lines) -> Iterator[Span]:
    """Generated-looking strings (mixed case and digits) a few words after a secret-ish word."""
    text = lines.text
    for cue in _CUES:
        for position, _start, end in lines.hits(cue):
            after = position + len(cue)
            if end - after < 20:
                continue
            for token in _LONG_TOKEN.finditer(text, after, min(end, after + _REACH + 120)):
                if token.start() - after > _REACH:
                    break
                value = token.group().strip("=.")
                label = text[max(0, token.start() - 12) : token.start()].lower().rstrip(":=-")
                digest = label.endswith(_DIGEST_LABELS)
                if looks_generated(value) and not is_uuid(value) and not digest:
                    yield token.span()
