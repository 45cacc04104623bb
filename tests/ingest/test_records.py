"""Evidence built without validation is the same as the validated one, in every respect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from assistant.domain import Evidence, TimeAssumption
from assistant.ingest.records import trusted_evidence

_BERLIN = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("time", "assumed", "speaker"),
    [
        (datetime(2024, 2, 15, 14, 32, 1, 123000, tzinfo=UTC), ("tz",), None),
        (datetime(2024, 2, 15, 14, 32, tzinfo=_BERLIN), ("year", "tz"), "web-3"),
        (None, (), "alice"),
    ],
    ids=["utc-fraction", "offset-with-speaker", "untimed"],
)
def test_trusted_evidence_equals_validated_evidence(
    time: datetime | None, assumed: tuple[TimeAssumption, ...], speaker: str | None
) -> None:
    fast = trusted_evidence("app.log", 7, time, assumed, speaker, "GET /api 500")
    checked = Evidence(
        source="app.log", line=7, time=time, time_assumed=assumed, speaker=speaker,
        text="GET /api 500",
    )  # fmt: skip
    assert fast == checked
    assert hash(fast) == hash(checked)
    assert repr(fast) == repr(checked)
    assert fast.model_fields_set == checked.model_fields_set
    assert fast.model_dump_json() == checked.model_dump_json()
    assert fast.ref() == checked.ref()


def test_trusted_evidence_fills_every_field_of_evidence() -> None:
    # A field added to Evidence must be added to trusted_evidence too, or records lack it.
    record = trusted_evidence("notes.md", 1, None, (), None, "paged")
    assert set(record.__dict__) == set(Evidence.model_fields)


def test_trusted_evidence_stays_frozen_and_copyable() -> None:
    record = trusted_evidence("app.log", 3, None, (), None, "health check ok")
    with pytest.raises(ValidationError):
        record.text = "changed"  # type: ignore[misc]  # the point: frozen models refuse it
    copy = record.model_copy(update={"line": 4})
    assert (copy.line, record.line) == (4, 3)
    assert copy.model_fields_set == record.model_fields_set
