"""Build ``Evidence`` records fast from values the readers produced themselves.

A log read line by line yields one ``Evidence`` per line, and validating each one costs more
than finding and parsing its timestamp. The readers build every field themselves: the source
name and text are ``str``, the line number counts up from 1, the time is an aware datetime from
the timestamp parser (or None) and the assumptions a tuple of its literals. For those values
validation can only say yes, so ``trusted_evidence`` skips it and fills the instance the way
``BaseModel.model_construct`` does, without its per-field Python loop (which is as slow as
validating). Values read from structured input (JSON fields, CSV cells) still go through the
validating constructor.
"""

from __future__ import annotations

import json
from datetime import datetime

from assistant.domain import Evidence, TimeAssumption

_new = object.__new__
_set = object.__setattr__
_FIELDS = set(Evidence.model_fields)


def trusted_evidence(
    source: str,
    line: int,
    time: datetime | None,
    time_assumed: tuple[TimeAssumption, ...],
    speaker: str | None,
    text: str,
) -> Evidence:
    """An ``Evidence`` of already valid values, equal to the validated one, without validation.

    The caller guarantees the types: ``line >= 1``, ``time`` aware or None, ``time_assumed`` a
    tuple of ``TimeAssumption`` literals.
    """
    record = _new(Evidence)
    _set(
        record,
        "__dict__",
        {
            "source": source,
            "line": line,
            "time": time,
            "time_assumed": time_assumed,
            "speaker": speaker,
            "text": text,
        },
    )
    _set(record, "__pydantic_fields_set__", _FIELDS.copy())
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


json_string = json.encoder.encode_basestring
"""The string encoder ``json.dumps(..., ensure_ascii=False)`` uses (quotes included)."""
_string = json_string


class EvidenceJson:
    """JSON lines of Evidence, byte for byte what ``json.dumps(..., ensure_ascii=False)`` writes.

    Built by hand because it runs once per log line: strings go through the encoder
    ``json.dumps`` uses; an ISO time and the assumption literals need no escaping. What
    repeats from line to line is encoded once: the source, the time of lines in the same
    second (the parser hands out the same datetime) and the assumptions.
    """

    def __init__(self) -> None:
        self._source: str | None = None
        self._prefix = ""
        self._time: datetime | None = None
        self._when = "null"
        self._assumed: tuple[str, ...] = ()
        self._inferred = ""

    def line(
        self,
        source: str,
        number: int,
        time: datetime | None,
        assumed: tuple[str, ...],
        speaker: str | None,
        text: str,
    ) -> str:
        """The JSON line of one record given as values."""
        if source is not self._source:
            self._source, self._prefix = source, f'{{"source": {_string(source)}, "line": '
        if time is not self._time:
            self._time = time
            self._when = f'"{time.isoformat()}"' if time else "null"
        if assumed is not self._assumed:
            self._assumed = assumed
            self._inferred = '"' + '", "'.join(assumed) + '"' if assumed else ""
        who = "null" if speaker is None else _string(speaker)
        return (
            f'{self._prefix}{number}, "time": {self._when}, '
            f'"time_assumed": [{self._inferred}], "speaker": {who}, "text": {_string(text)}}}'
        )

    def __call__(self, evidence: Evidence) -> str:
        """The JSON line of one Evidence."""
        fields = evidence.__dict__
        return self.line(
            fields["source"],
            fields["line"],
            fields["time"],
            fields["time_assumed"],
            fields["speaker"],
            fields["text"],
        )
