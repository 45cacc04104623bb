"""The one table of severity scales: every way a document writes a level, as the template's P0-P4.

P0 is the most severe. ``SEV0`` and ``SEV1`` are both P0 because most organisations number their
worst level 1 and some add a 0 above it; from there each SEV step is one P step. Action-item
priorities reuse the same table (a ``SEV1`` follow-up is a P0 item); priorities stop at P3, so
P4 becomes ``LOW``.

=====================  ======
written                P-level
=====================  ======
``P0``..``P4``         same
``SEV0``, ``SEV1``     P0
``SEV2``               P1
``SEV3``               P2
``SEV4``               P3
``SEV5``               P4
=====================  ======
"""

from __future__ import annotations

from assistant.domain import Priority, Severity

SEV_TO_P: dict[int, Severity] = {0: "P0", 1: "P0", 2: "P1", 3: "P2", 4: "P3", 5: "P4"}
"""A numbered SEV level (``SEV2``, ``Sev 2``, ``S2``) as a P-level."""


def priority_of(severity: Severity) -> Priority:
    """The action-item priority of a severity level (items have no P4: it is ``LOW``)."""
    return "LOW" if severity == "P4" else severity


SEVERITY_PRIORITIES: dict[str, Priority] = {
    **{f"p{n}": priority_of(f"P{n}") for n in range(5)},  # type: ignore[arg-type]  # P0-P4
    **{f"sev{n}": priority_of(level) for n, level in SEV_TO_P.items()},
}
"""Level codes written on action items (``p1``, ``sev2``), lower-cased, as priorities."""
