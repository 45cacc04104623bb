"""``NAME=value``, ``NAME: value`` and ``NAME value`` settings whose name says it holds a secret.

A name qualifies when, lowercased and without ``_ - .``, it ends in a credential word:
``DB_PASSWORD``, ``Redis_Pass``, ``webhookSecret``, ``X-Api-Key``, ``--db-password``,
``-Djavax.net.ssl.keyStorePassword``, ``secret_key_base``, ``private_key_id``. Names that only
continue past the word (``token_count``, ``password_changed_at``, ``SECRET_NAME``) do not.
Strong words (password, secret, token ...) take any value that is not plainly something else;
weak ones (``...key``, ``auth``, ``sig``) also need a value that looks machine-made. A bare space
separates name and value only for environment-style names (``CF_API_TOKEN value``) and flags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.models.secret_context import Lines, Span
from assistant.models.secret_values import is_plain_value, is_uuid, looks_random

_ANCHORS = ("pass", "pwd", "secret", "token", "key", "auth", "credential")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_STRONG = (
    "password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "apikey",
    "secretkeybase", "privatekeyid", "privatekey", "accesskey", "secretkey", "authtoken",
    "clientsecret", "credentials", "credential", "authkey",
)
_WEAK = ("key", "auth")
_ALWAYS = ("privatekeyid", "secretkeybase")
"""Names that end in another word but hold a secret all the same (GCP key files, Rails)."""
_NOT_SECRET_NAMES = ("bypass", "compass", "publickey", "publishablekey", "cachekey", "primarykey",
                     "foreignkey", "partitionkey", "sortkey", "routingkey", "idempotencykey",
                     "objectkey", "dedupkey", "lockkey", "shardkey", "hashkey", "sshkey",
                     "keyid", "keyname", "monkey")
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
# A value is at most 512 characters: longer ones are payloads, not credentials, and the bound
# keeps a line of thousands of "password=" repeats linear.
_AFTER = re.compile(
    r"(?<=[A-Za-z0-9_.-])(?P<close>[\"'\]]?)"
    r"(?P<sep>[ \t]*(?::=|=>|=(?!=)|:(?![:/]))[ \t]*|[ \t]+)(?P<q>[\"'])?"
    r"(?P<s>(?(q)[^\"'\n]{1,512}|(?:[^\s\"',;&]|&(?!\w+=)){1,512}))"
)
_PROSE_AFTER = re.compile(r"(?<![ \t])[ \t]+[A-Za-z]")


def find_named_secrets(lines: Lines) -> Iterator[Span]:
    """Values of settings and flags whose name says password, secret, token or key."""
    text = lines.text
    seen: set[int] = set()
    for anchor in _ANCHORS:
        for position, start, end in lines.hits(anchor):
            name_start, name_end = _name_around(text, position, position + len(anchor), start, end)
            if name_start in seen:
                continue
            seen.add(name_start)
            span = _value_of(text, name_start, name_end, end)
            if span is not None:
                yield span


def _name_around(text: str, first: int, last: int, low: int, high: int) -> Span:
    while first > low and text[first - 1] in _NAME_CHARS:
        first -= 1
    while last < high and text[last] in _NAME_CHARS:
        last += 1
    return first, last


def _strength(name: str) -> str | None:
    squashed = name.lower().replace("_", "").replace("-", "").replace(".", "")
    if squashed.endswith(_ALWAYS):
        return "strong"
    if not squashed or squashed.endswith(_NOT_SECRET_NAMES):
        return None
    if squashed.endswith(_STRONG):
        return "strong"
    if squashed.endswith(_WEAK):
        return "weak"
    return None


def _value_of(text: str, name_start: int, name_end: int, line_end: int) -> Span | None:
    name = text[name_start:name_end].rstrip(".")
    strength = _strength(name)
    if strength is None or (name_start > 0 and text[name_start - 1] in "$%{"):
        return None
    match = _AFTER.match(text, name_start + len(name), line_end)
    if match is None:
        return None
    value = match.group("s")
    separator = match.group("sep").strip()
    quoted = bool(match.group("q"))
    if not separator:
        flag_or_env = name.startswith("-") or _ENV_NAME.match(name.lstrip("-")) is not None
        if not flag_or_env or value.isalpha():
            return None
    if is_plain_value(value):
        return None
    if strength == "weak" and (not looks_random(value) or is_uuid(value)):
        return None
    prose = (separator == ":" and not quoted and value.isalpha()
             and _PROSE_AFTER.match(text, match.end("s")) is not None)
    return None if prose else match.span("s")
