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
        r"[a-z][a-z0-9+.-]*://[^\s:/@'\"]*:(?P<s>[^\s@/'\"]+)(?=@)", re.IGNORECASE), _value_ok),
    LineRule("go-dsn", ("@tcp(", "@unix("), re.compile(
        r"[\w.-]+:(?P<s>[^\s@/:'\"]+)@(?:tcp|unix)\("), _value_ok),
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


_SECRET_KIND = re.compile(r"^[ \t]*kind:[ \t]*['\"]?Secret['\"]?[ \t]*$", re.MULTILINE)
_DATA_BLOCK = re.compile(r"^(?P<indent>[ \t]*)(?:data|stringData):[ \t]*$", re.MULTILINE)
_ENTRY = re.compile(r"^(?P<indent>[ \t]+)[\w.-]+:[ \t]*(?P<s>[^\n]*?)[ \t]*$", re.MULTILINE)


def find_kubernetes_secret_values(lines: Lines) -> Iterator[Span]:
    """Every value under ``data:`` / ``stringData:`` of a manifest whose kind is Secret."""
    text = lines.text
    for start, _end in lines.containing(("kind:",)):
        kind = _SECRET_KIND.match(text, start)
        if kind is None:
            continue
        first, last = _manifest_bounds(text, start)
        for block in _DATA_BLOCK.finditer(text, first, last):
            yield from _block_values(text, block.end(), last, len(block.group("indent")))


def _manifest_bounds(text: str, at: int) -> Span:
    """The manifest around ``at``: the lines up to a blank line or ``---``, each way."""
    first = at
    while first > 0:
        previous = text.rfind("\n", 0, first - 1) + 1
        line = text[previous : first - 1]
        if not line.strip() or line.startswith("---"):
            break
        first = previous
    last = at
    while last < len(text):
        newline = text.find("\n", last)
        end = len(text) if newline == -1 else newline
        line = text[last:end]
        if last > at and (not line.strip() or line.startswith("---")):
            break
        last = end + 1
    return first, min(last, len(text))


def _block_values(text: str, position: int, last: int, indent: int) -> Iterator[Span]:
    position = text.find("\n", position) + 1 if text.find("\n", position) != -1 else last
    while position < last:
        entry = _ENTRY.match(text, position, last)
        if entry is None or len(entry.group("indent")) <= indent:
            return
        value = entry.group("s").strip("'\"")
        if value and value not in ("|", ">", "|-", ">-") and not is_plain_value(value):
            quote = 1 if entry.group("s")[:1] in "'\"" else 0
            yield entry.start("s") + quote, entry.end("s") - quote
        position = entry.end() + 1


_CUES = ("password", "passwd", "passphrase", "secret", "token", "key", "credential")
_DIGEST_LABEL = re.compile(r"(?i:sha\d*|md5|blake\w*|digest|fingerprint)[:=-]?\Z")
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
                label = _DIGEST_LABEL.search(text, max(0, token.start() - 12), token.start())
                if looks_generated(value) and not is_uuid(value) and label is None:
                    yield token.span()
