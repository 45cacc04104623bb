"""Is this value a credential? The checks the context rules share.

A value next to a credential-like name is a secret unless it is plainly something else: a
flag, a placeholder, a reference to where the secret lives (``${DB_PASSWORD}``,
``process.env.KEY``, a file path), a number, or the first word of a sentence. Names that only
hint at a credential (``...key``, ``auth``) need a value that also looks random.
"""

from __future__ import annotations

import math
import re
from collections import Counter

PLACEHOLDER = re.compile(r"\[(SECRET|EMAIL|IP|HOST)_(\d+)\]")
"""Matches any placeholder the redactor writes, e.g. ``[HOST_3]``."""

_NOT_A_SECRET = re.compile(
    r"""^(?:true|false|null|none|nil|yes|no|on|off|empty|enabled?|disabled?|required|optional
    |redacted|masked|hidden|removed|secret|password|token|n/a|\**|x+|\.+|-+
    |<[^>]*>|\[[^\]]*\]|\(.*\)|\$.*|%.*|\{\{.*|.*\}\}|@[\w.-]+)$""",
    re.IGNORECASE | re.VERBOSE,
)
_REFERENCE = re.compile(
    r"^(?:process\.env|os\.environ|os\.getenv|getenv|env\[|ENV\[|System\.getenv|import\.meta\.env"
    r"|secrets?\.|vault:|ref\+|op://|arn:aws|projects/|file:|/|\./|\.\./|~/|[A-Za-z]:\\)"
)
_CALL = re.compile(r"^[A-Za-z_][\w.]*\(.*\)?;?$")
_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*){2,};?$")
_NUMBER = re.compile(r"^\d{1,5}(?:\.\d+)?[a-zA-Z%]{0,2}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_HEX = re.compile(r"^[0-9a-fA-F]+$")


def is_plain_value(value: str) -> bool:
    """Whether ``value`` is a flag, placeholder, reference, short number or empty."""
    stripped = value.strip().rstrip(";,")
    return (
        not stripped
        or _NOT_A_SECRET.match(stripped) is not None
        or PLACEHOLDER.search(stripped) is not None
        or _REFERENCE.match(stripped) is not None
        or _CALL.match(stripped) is not None
        or _DOTTED.match(stripped) is not None
        or _NUMBER.match(stripped) is not None
    )


def entropy(value: str) -> float:
    """Shannon entropy of ``value`` in bits per character."""
    counts = Counter(value)
    size = len(value)
    return -sum(n / size * math.log2(n / size) for n in counts.values())


def looks_random(value: str, *, minimum: int = 16) -> bool:
    """A machine-made string: long, letters and digits mixed, high entropy, not a UUID."""
    if len(value) < minimum or any(c.isspace() for c in value) or _UUID.match(value):
        return False
    has_digit = any(c.isdigit() for c in value)
    has_letter = any(c.isalpha() for c in value)
    return has_digit and has_letter and entropy(value) >= 3.0


def looks_generated(value: str) -> bool:
    """Random-looking and not a hex digest or id: mixed case and digits, or base64 padding."""
    if not looks_random(value, minimum=20) or _HEX.match(value):
        return False
    has_upper = any(c.isupper() for c in value)
    has_lower = any(c.islower() for c in value)
    return has_upper and has_lower and entropy(value) >= 3.5


def is_uuid(value: str) -> bool:
    """Whether ``value`` is a UUID in its usual 8-4-4-4-12 form."""
    return _UUID.match(value) is not None
