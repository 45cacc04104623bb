"""Inferring what a timestamp leaves out: the date order of numeric dates, the date of a bare
clock and the year of a year-less date, from the lines read so far and the file's day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from assistant.domain import TimeAssumption
from assistant.ingest.time.fields import (
    _SCALE,
    _clock,
    _Fields,
    _two_digit_year,
    _year_of,
)
from assistant.ingest.time.formats import MONTHS, TimeFormat
from assistant.ingest.time.zones import zone_from_designator

_ROLLOVER = timedelta(hours=12)
_YEAR_WRAP = timedelta(days=180)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class DateInference:
    """The field-reading and inference half of ``TimestampFinder``: it reads the finder's state
    (the zone and day of times that lack them, the last time read, the date order seen) and
    keeps none of its own."""

    _tz: tzinfo
    _default_date: date | None
    _not_after: date | None
    _date: date | None
    _last: datetime | None
    _dayfirst: bool | None

    def _date_parts(
        self, groups: dict[str, str | None]
    ) -> tuple[int | None, int | None, int | None]:
        """Year, month and day as written (None where absent); numeric orders resolved here."""
        if groups.get("a"):
            return self._numeric_date(
                groups["a"] or "",
                groups["b2"] or "",
                groups["c"] or "",
                dotted=groups.get("s2") == ".",
            )
        year: int | None = None
        if groups.get("Y"):
            year = int(groups["Y"] or 0)
        elif groups.get("y"):
            year = _two_digit_year(groups["y"] or "")
        month: int | None = None
        if groups.get("m"):
            month = int(groups["m"] or 0)
        elif groups.get("b"):
            month = MONTHS.get((groups["b"] or "")[:3].lower())
        day = int(groups["d"] or 0) if groups.get("d") else None
        return year, month, day

    def _numeric_date(self, a: str, b: str, c: str, *, dotted: bool) -> tuple[int, int, int]:
        """Order of ``a/b/c``: by which part can only be a day or a year, then by the source."""
        x, y, z = int(a), int(b), int(c)
        if not dotted and len(a) == len(b) == len(c) == 2 and 1 <= y <= 12:
            return _two_digit_year(a), y, z  # yy/MM/dd
        year = _year_of(c)
        if dotted:
            return year, y, x
        if x > 12 >= y:
            self._dayfirst = True
        elif y > 12 >= x:
            self._dayfirst = False
        dayfirst = True if self._dayfirst is None else self._dayfirst
        return (year, y, x) if dayfirst else (year, x, y)

    def _infer(
        self, fields: _Fields, groups: dict[str, str | None]
    ) -> tuple[datetime, tuple[TimeAssumption, ...]] | None:
        """Fill what the line left out from the context, recording each inference."""
        if groups.get("e"):
            seconds = int(groups["e"] or 0)
            extra = groups.get("ems") or ""
            micros = int(extra[:6]) * _SCALE[len(extra)] if extra else 0
            return _EPOCH + timedelta(seconds=seconds, microseconds=micros), ()
        tz = fields.tz or self._tz
        assumed: list[TimeAssumption] = []
        if fields.month is None or fields.day is None:
            when = self._date_from_context(fields.clock, tz)
            if when is None:
                return None
            assumed.append("date")
        elif fields.year is None:
            when = self._year_from_context(fields.month, fields.day, fields.clock, tz)
            if when is None:
                return None
            assumed.append("year")
        else:
            when = datetime.combine(date(fields.year, fields.month, fields.day), fields.clock, tz)
        if fields.tz is None:
            assumed.append("tz")
        return when, tuple(assumed)

    def _date_from_context(self, clock: time, tz: tzinfo) -> datetime | None:
        if self._date is None:
            return None
        when = datetime.combine(self._date, clock, tz)
        if self._last is not None and self._last - when > _ROLLOVER:
            when = datetime.combine(self._date + timedelta(days=1), clock, tz)
            self._date = when.date()
        return when

    def _year_from_context(self, month: int, day: int, clock: time, tz: tzinfo) -> datetime | None:
        if self._last is not None:
            years: tuple[int, ...] = (self._last.year, self._last.year + 1)
        elif self._default_date is not None:
            year = self._default_date.year
            years = (year - 1, year, year + 1)
        else:
            return None
        candidates = []
        for year in years:
            try:
                candidates.append(datetime.combine(date(year, month, day), clock, tz))
            except ValueError:  # Feb 29 in a year that has none
                continue
        if not candidates:
            return None
        if self._last is not None:
            last = self._last
            return next((c for c in candidates if c >= last - _YEAR_WRAP), candidates[-1])
        if self._not_after is not None:
            # The file was written on ``not_after``: its lines lie on or before that day.
            bound = self._not_after + timedelta(days=1)
            past = [c for c in candidates if c.date() <= bound]
            if past:
                return past[-1]
        anchor = datetime.combine(self._default_date or date.min, time(12), tz)
        return min(candidates, key=lambda c: abs(c - anchor))

    def _fields(self, fmt: TimeFormat, groups: dict[str, str | None]) -> _Fields | None:
        """The parts a match carries, or None when they do not form a real date and time."""
        if fmt.epoch:
            return _Fields(None, None, None, time(0), UTC, False)
        clock = _clock(groups)
        if clock is None:
            return None
        tz, drop_tail = self._zone(groups)
        year, month, day = self._date_parts(groups)
        if fmt.has_date and (month is None or day is None):
            return None
        if month is not None and day is not None:
            try:
                date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 stays valid
            except ValueError:
                return None
        return _Fields(year, month, day, clock, tz, drop_tail)

    def _zone(self, groups: dict[str, str | None]) -> tuple[tzinfo | None, bool]:
        attached, spaced = groups.get("z"), groups.get("z2")
        if spaced:
            zone = zone_from_designator(spaced)
            return zone, zone is None
        if attached:
            # An offset glued to a clock without seconds is more often a range (14:32-14:40).
            if attached != "Z" and not groups.get("S"):
                return None, True
            zone = zone_from_designator(attached)
            return zone, zone is None
        return None, False
