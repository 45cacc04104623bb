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
