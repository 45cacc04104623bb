"""Time zone designators found next to times in notes and logs, and what they mean.

People and logs write zones as ``Z``, numeric offsets (``+0100``, ``-05:00``, ``+01``), ``UTC+2`` /
``GMT-5`` / ``UTC+05:30`` and abbreviations (``PST``, ``CEST``). Abbreviations are not unique, so
each one below is mapped to the reading most common in incident notes, and the ambiguous ones are
listed here on purpose:

- ``IST``: India Standard Time (+05:30), not Irish Standard Time (+01:00) or Israel (+02:00).
- ``CST``/``CDT``: US Central (-06:00/-05:00), not China Standard Time (+08:00) or Cuba.
- ``BST``: British Summer Time (+01:00), not Bangladesh (+06:00).
- ``AST``/``ADT``: Atlantic (-04:00/-03:00), not Arabia Standard Time (+03:00).
- ``EST``/``EDT``: US Eastern; Australian Eastern is written ``AEST``/``AEDT``.

Abbreviations that name the season (``PST`` vs ``PDT``) are fixed offsets: a line saying ``PST``
in July is read as -08:00, as written. Generic names without the season (``PT``, ``ET``, ``CT``,
``MT``) follow the region's daylight-saving rules for the date they stand next to.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_FIXED_MINUTES: dict[str, int] = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "IST": 330,
    "CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "EET": 120, "EEST": 180, "MSK": 180,
    "WAT": 60, "CAT": 120, "EAT": 180, "SAST": 120,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
    "AST": -240, "ADT": -180, "NST": -210, "NDT": -150, "BRT": -180, "ART": -180,
    "JST": 540, "KST": 540, "HKT": 480, "SGT": 480, "PHT": 480, "WIB": 420,
    "AWST": 480, "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
}  # fmt: skip

_GENERIC: dict[str, tuple[str, int]] = {
    "PT": ("America/Los_Angeles", -480),
    "MT": ("America/Denver", -420),
    "CT": ("America/Chicago", -360),
    "ET": ("America/New_York", -300),
}
"""Seasonless names: the IANA region, and the standard offset used if tzdata is missing."""

_UTC_OFFSET = re.compile(r"^(?:UTC|GMT)\s?([+-])(\d{1,2})(?::?(\d{2}))?$")
_NUMERIC = re.compile(r"^([+-])(\d{2})(?::?(\d{2}))?$")


def _offset(minutes: int) -> timezone:
    return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))


def _region(name: str, standard_minutes: int) -> tzinfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:  # no tzdata on this machine: fall back to the standard offset
        return _offset(standard_minutes)


_ZONES: dict[str, tzinfo] = {name: _offset(m) for name, m in _FIXED_MINUTES.items()}
_ZONES.update({name: _region(region, m) for name, (region, m) in _GENERIC.items()})

ABBREVIATION_PATTERN = "|".join(sorted((k for k in _ZONES if k != "Z"), key=len, reverse=True))
"""Regex alternation of every known abbreviation, longest first (``Z`` is handled apart)."""


def zone_from_designator(text: str) -> tzinfo | None:
    """The tzinfo a zone designator names (``Z``, ``+0100``, ``UTC+2``, ``CEST``), or None.

    Offsets beyond +-18 hours are not zones and give None.
    """
    token = text.strip().strip("()").strip()
    known = _ZONES.get(token.upper())
    if known is not None:
        return known
    match = _NUMERIC.match(token) or _UTC_OFFSET.match(token.upper())
    if match is None:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if hours > 18 or minutes > 59:
        return None
    total = hours * 60 + minutes
    return _offset(-total if sign == "-" else total)


ZONE_HINT = "use an IANA name such as Europe/Berlin, UTC, or an offset such as +01:00"
"""How to write a zone option; the end of every unknown-zone message."""


def parse_zone_name(name: str) -> tzinfo:
    """The zone a user names in an option (``--tz``, the app's field, an eval case).

    An IANA name (``Europe/Berlin``), ``UTC``/``GMT``/``Z``, or a designator that
    :func:`zone_from_designator` reads (``+01:00``, ``UTC+2``); blank means UTC. Abbreviations
    such as ``CEST`` are refused here: as an option, a season-fixed offset is a trap.
    ``ValueError`` names the zone and says what to write instead.
    """
    cleaned = name.strip()
    if not cleaned or cleaned.upper() in ("UTC", "GMT", "Z", "UT"):
        return UTC
    if cleaned[0] in "+-" or cleaned.upper().startswith(("UTC", "GMT")):
        zone = zone_from_designator(cleaned)
        if zone is not None:
            return zone
    try:
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {cleaned!r}: {ZONE_HINT}") from exc
