"""One severity table: the document header and action-item priorities read levels alike."""

from __future__ import annotations

import pytest

from assistant.rules.actions.fields import read_priority
from assistant.rules.document.fields import parse_severity
from assistant.rules.severity import SEV_TO_P, priority_of


@pytest.mark.parametrize(
    ("written", "severity", "priority"),
    [("SEV0", "P0", "P0"), ("SEV1", "P0", "P0"), ("Sev2", "P1", "P1"), ("sev3", "P2", "P2"),
     ("P1", "P1", "P1"), ("P4", "P4", "LOW")],
    ids=["sev0", "sev1-is-the-worst-level", "sev2", "sev3", "p1", "p4-has-no-priority"],
)
def test_header_severity_and_item_priority_share_the_table(
    written: str, severity: str, priority: str
) -> None:
    assert parse_severity(written) == severity
    assert read_priority(written) == priority


def test_each_sev_step_below_sev1_is_one_p_step() -> None:
    levels = [SEV_TO_P[n] for n in range(1, 6)]
    assert levels == ["P0", "P1", "P2", "P3", "P4"]
    assert priority_of("P4") == "LOW" and priority_of("P2") == "P2"
