"""Milestones of the response (T+0 alert, detection, communication, mitigation, resolution),
the start of impact, and the minutes between them.

The choices, so that a reader can check them against the evidence:

* **alert** (T+0): the first alert-kind row.
* **detection**: the first row where a person shows they know (an acknowledgement, "seeing
  500s", "looking into it", an incident declared). Paging alone is the alert, not detection;
  only when no person's detection exists does the first alert stand in (and a notice says so).
* **start**: a row that states impact ("impact started", "customers affected", "errors
  observed", "site went down") at or before the first alert, detection or mitigation, the
  earliest of them; else the earlier of the trigger (the last change, deploy, migration, flag
  or config change at or before the first alert, within ``trigger_lookback``) and the first
  error line within ``symptom_lookback`` before the first alert. A row saying things were
  normal or healthy is never a start. None when nothing qualifies.
* **communication**: the first external or stakeholder communication at or after the start.
* **mitigation**: the first mitigation action at or after the start (a question such as
  "should we roll back?" is not one; the classifier sees to that).
* **resolution**: the first resolution row after mitigation began (or, when it states the end
  of impact in so many words, "impact ended", "recovered", "back to normal", "service
  restored", after the start) that is not followed by a
  relapse (an alert or a person seeing the problem again) before the last resolution row.
  So "resolved" at 15:00, "still seeing 500s" at 15:10 and "resolved" at 15:40 give 15:40;
  "all clear" at 15:00 and "incident closed" at 15:40 give 15:00.

Every candidate that disagrees with a choice is listed in the milestone's ``conflicts``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from assistant.domain import (
    EventKind,
    Milestone,
    MilestoneName,
    Milestones,
    Notice,
    ResponseMetrics,
    TimelineEvent,
)
from assistant.rules.timeline.sources import log_severity

_MAX_CONFLICTS = 5
_IMPACT_START = re.compile(
    r"\bimpact (?:starts?|started|began|begins|begun)\b|\bstart of (?:the )?(?:impact|outage)\b"
    r"|\b(?:customers?|users|clients|merchants|students|visitors)\b(?: \w+){0,3}? (?:affected"
    r"|impacted|(?:began|started) (?:to )?(?:report|see|complain)\w*|report(?:ed|ing)? (?:errors"
    r"|issues|problems|failures|being unable)|(?:were |are )?unable to|could not|couldn't"
    r"|cannot|can't)\b"
    r"|\b(?:errors?|failures?|5xx|500s|502s|503s|504s|timeouts)\b(?: \w+){0,2}? (?:observed"
    r"|witnessed|seen|reported|started|began|appear\w*|spik\w*)\b"
    r"|\b(?:outage|downtime|degradation|disruption) (?:starts?|started|began|begins)\b"
    r"|\b(?:went|goes|is|was|were|are) (?:completely |fully )?(?:down|offline|unavailable"
    r"|unreachable)\b|\bstopped (?:working|responding|serving)\b|\bstall(?:ed|s)\b",
    re.IGNORECASE,
)
"""Wording that says impact is under way: what the start of impact is taken from first."""
_IMPACT_END = re.compile(
    r"\bimpact (?:ends?|ended|stopped|over|is over|was over|resolved|mitigated)\b"
    r"|\bend of (?:the )?(?:impact|outage)\b|\b(?:fully )?recovered\b|\bback to normal\b"
    r"|\b(?:service|services|access|functionality|site|website|traffic)\b(?: \w+){0,2}? "
    r"(?:was |were |is |are )?(?:fully )?(?:restored|recovered|back up|back online|working again"
    r"|working as (?:intended|expected)|operational again)\b"
    r"|\b(?:outage|downtime|degradation|disruption) (?:ends?|ended|over)\b"
    r"|\b(?:is|are|was|were|came|comes) (?:back )?up (?:again|and running)\b",
    re.IGNORECASE,
)
"""Wording that says impact is over: what the resolution is taken from first."""
_NORMAL = re.compile(
    r"\b(?:normal|healthy|nominal|green|stable|as expected|no (?:errors?|impact|issues?"
    r"|problems?|customers?|users))\b|\b(?:not|no|never|wasn't|weren't|isn't|aren't|without)\b"
    r"(?: \w+){0,3}? (?:affected|impacted|down|unavailable)\b",
    re.IGNORECASE,
)
"""A row that says things were fine: never a start of impact."""
_SYMPTOM_LOOKBACK = dt.timedelta(hours=1)
_TRIGGER_LOOKBACK = dt.timedelta(hours=24)


def pick_milestones(
    events: Sequence[TimelineEvent],
    *,
    symptom_lookback: dt.timedelta = _SYMPTOM_LOOKBACK,
    trigger_lookback: dt.timedelta = _TRIGGER_LOOKBACK,
) -> Milestones:
    """The response's milestones from timeline rows; rows without a time are not candidates."""
    timed = sorted((e for e in events if e.time is not None), key=_time)
    by_kind: dict[EventKind, list[TimelineEvent]] = {}
    for event in timed:
        by_kind.setdefault(event.kind, []).append(event)
    alerts = by_kind.get("alert", [])
    detections = by_kind.get("detection", [])

    alert = None
    if alerts:
        alert = _milestone("alert", alerts[0], _earlier_than(detections, alerts[0], "detection"))
    detection = _pick_detection(detections, alerts)
    anchors = [
        g[0] for g in (alerts, detections, by_kind.get("mitigation", [])) if g
    ]
    anchor = min(_time(e) for e in anchors) if anchors else None
    stated = [e for e in timed if _states_impact(e)]
    start = _stated_start(stated, anchor, trigger_lookback)
    if start is None and anchor is not None:
        triggers = [t for t in by_kind.get("trigger", []) if not _NORMAL.search(t.what)]
        start = _pick_start(timed, triggers, anchor, symptom_lookback, trigger_lookback)
    floor = start or anchor
    communication = _first_after("communication", by_kind.get("communication", []), floor)
    mitigation = _first_after("mitigation", by_kind.get("mitigation", []), floor)
    relapses = sorted(alerts + detections, key=_time)
    resolution = _pick_resolution(by_kind.get("resolution", []), mitigation, floor, relapses)
    return Milestones(
        start=start,
        alert=alert,
        detection=detection,
        communication=communication,
        mitigation=mitigation,
        resolution=resolution,
    )


def _states_impact(event: TimelineEvent) -> bool:
    """True for a row whose words say impact is under way (and not that all was well)."""
    return (
        event.kind not in ("resolution", "mitigation")
        and _IMPACT_START.search(event.what) is not None
        and _NORMAL.search(event.what) is None
    )


def _stated_start(
    stated: list[TimelineEvent], anchor: dt.datetime | None, lookback: dt.timedelta
) -> dt.datetime | None:
    """The earliest row stating impact at or before the first alert, detection or mitigation
    (any such row when there is none of those), within ``lookback`` of it."""
    if anchor is None:
        return _time(stated[0]) if stated else None
    before = [e for e in stated if anchor - lookback <= _time(e) <= anchor]
    return _time(before[0]) if before else None


def _time(event: TimelineEvent) -> dt.datetime:
    """The row's time (only called on timed rows)."""
    if event.time is None:
        raise ValueError("a milestone candidate needs a time")
    return event.time


def _first_of(*groups: list[TimelineEvent]) -> TimelineEvent | None:
    """The first row of the first non-empty group."""
    return next((group[0] for group in groups if group), None)


def _milestone(
    name: MilestoneName, event: TimelineEvent, conflicts: Sequence[str] = ()
) -> Milestone:
    """A milestone taken from one row, with at most a few conflicts and a count of the rest."""
    listed = list(conflicts[:_MAX_CONFLICTS])
    if len(conflicts) > _MAX_CONFLICTS:
        listed.append(f"and {len(conflicts) - _MAX_CONFLICTS} more")
    return Milestone(
        name=name,
        time=event.time,
        what=event.what,
        evidence=event.evidence,
        conflicts=tuple(listed),
    )


def describe_candidate(event: TimelineEvent, reason: str) -> str:
    """One conflict line: when, what (shortened), and why it disagrees."""
    what = event.what if len(event.what) <= 80 else event.what[:77] + "..."
    when = _time(event).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    ref = event.evidence[0]
    return f"{when} ({ref.source}:{ref.line}) {what!r}: {reason}"


def _minutes(later: dt.datetime, earlier: dt.datetime) -> float:
    return (later - earlier).total_seconds() / 60


def _earlier_than(
    candidates: list[TimelineEvent], chosen: TimelineEvent, kind: str
) -> list[str]:
    """Candidates of another kind that came before the chosen row, described."""
    return [
        describe_candidate(c, f"{kind} {_minutes(_time(chosen), _time(c)):.0f} min before it")
        for c in candidates
        if _time(c) < _time(chosen)
    ]


def _pick_detection(
    detections: list[TimelineEvent], alerts: list[TimelineEvent]
) -> Milestone | None:
    """The first person's detection; the first alert stands in when there is none."""
    if detections:
        return _milestone("detection", detections[0])
    if alerts:
        return _milestone("detection", alerts[0])
    return None


def _pick_start(
    timed: list[TimelineEvent],
    triggers: list[TimelineEvent],
    anchor: dt.datetime,
    symptom_lookback: dt.timedelta,
    trigger_lookback: dt.timedelta,
) -> dt.datetime | None:
    """The earlier of the last trigger and the first error line before the anchor."""
    candidates: list[dt.datetime] = []
    before = [t for t in triggers if anchor - trigger_lookback <= _time(t) <= anchor]
    if before:
        candidates.append(_time(before[-1]))
    symptom = next(
        (
            e
            for e in timed
            if e.kind == "other"
            and anchor - symptom_lookback <= _time(e) <= anchor
            and log_severity(e.what) == "error"
        ),
        None,
    )
    if symptom is not None:
        candidates.append(_time(symptom))
    return min(candidates) if candidates else None


def _first_after(
    name: MilestoneName, candidates: list[TimelineEvent], floor: dt.datetime | None
) -> Milestone | None:
    """The first candidate at or after ``floor``; earlier ones are reported as conflicts."""
    if not candidates:
        return None
    if floor is None:
        return _milestone(name, candidates[0])
    early = [c for c in candidates if _time(c) < floor]
    chosen = next((c for c in candidates if _time(c) >= floor), None)
    if chosen is None:
        chosen = candidates[-1]
        early = [c for c in early if c is not chosen]
    notes = [describe_candidate(c, "before the incident started") for c in early]
    return _milestone(name, chosen, notes)


def _pick_resolution(
    resolutions: list[TimelineEvent],
    mitigation: Milestone | None,
    floor: dt.datetime | None,
    relapses: list[TimelineEvent],
) -> Milestone | None:
    """The first resolution after mitigation that no relapse contradicts; see module doc."""
    if not resolutions:
        return None
    since = mitigation.time if mitigation is not None else floor
    if since is None:
        eligible, early = list(resolutions), []
    else:
        # A row that states the end of impact counts from the start, even before a row read
        # as mitigation: the mitigation may be mislabelled, the stated end is not.
        def counts(r: TimelineEvent) -> bool:
            stated = floor is not None and _time(r) >= floor and _IMPACT_END.search(r.what)
            return _time(r) >= since or bool(stated)

        eligible = [r for r in resolutions if counts(r)]
        early = [r for r in resolutions if not counts(r)]
    notes = [describe_candidate(r, "before mitigation started") for r in early]
    if not eligible:
        chosen = resolutions[-1]
        notes = [n for r, n in zip(early, notes, strict=True) if r is not chosen]
        return _milestone("resolution", chosen, notes)
    last = _time(eligible[-1])
    barrier = max((_time(r) for r in relapses if _time(r) < last), default=None)
    chosen = next(r for r in eligible if barrier is None or _time(r) > barrier)
    for other in eligible:
        if other is chosen:
            continue
        gap = _minutes(_time(other), _time(chosen))
        side = "later" if gap > 0 else "earlier"
        reason = f"another resolution {abs(gap):.0f} min {side}"
        if gap < 0:
            relapse = next((e for e in relapses if _time(other) <= _time(e) < _time(chosen)), None)
            if relapse is not None:
                when = _time(relapse).astimezone(dt.UTC)
                reason += f", followed by {relapse.kind} at {when:%H:%M} UTC"
        notes.append(describe_candidate(other, reason))
    after = [e for e in relapses if _time(e) > _time(eligible[-1])]
    notes.extend(describe_candidate(e, f"{e.kind} after the resolution") for e in after)
    return _milestone("resolution", chosen, notes)


_INTERVALS: tuple[tuple[str, str, str], ...] = (
    ("minutes_to_detect", "start", "detection"),
    ("minutes_to_mitigate", "start", "mitigation"),
    ("minutes_to_resolve", "start", "resolution"),
    ("total_minutes", "first", "resolution"),
)


def _point(milestones: Milestones, name: str) -> dt.datetime | None:
    """The time of a named point: ``start``, ``first`` (start, else alert or detection) or a
    milestone."""
    if name == "start":
        return milestones.start
    if name == "first":
        known = [
            t
            for t in (
                milestones.start,
                milestones.alert.time if milestones.alert else None,
                milestones.detection.time if milestones.detection else None,
            )
            if t is not None
        ]
        return min(known) if known else None
    milestone: Milestone | None = getattr(milestones, name)
    return milestone.time if milestone is not None else None


def _interval(milestones: Milestones, begin: str, end: str) -> float | None:
    """Minutes from ``begin`` to ``end``; None when either is unknown."""
    start = _point(milestones, begin)
    stop = _point(milestones, end)
    if start is None or stop is None:
        return None
    return round(_minutes(stop, start), 1)


def compute_metrics(milestones: Milestones) -> ResponseMetrics:
    """Minutes to detect, to mitigate and to resolve (from the start of impact), and the total
    duration (from the start, or the first alert or detection, to the resolution).

    None where a milestone is missing or where the interval would be negative: a negative
    figure means the evidence contradicts itself, which ``metric_warnings`` reports.
    """
    values: dict[str, float | None] = {}
    for field_name, begin, end in _INTERVALS:
        minutes = _interval(milestones, begin, end)
        values[field_name] = minutes if minutes is None or minutes >= 0 else None
    return ResponseMetrics(
        minutes_to_detect=values["minutes_to_detect"],
        minutes_to_mitigate=values["minutes_to_mitigate"],
        minutes_to_resolve=values["minutes_to_resolve"],
        total_minutes=values["total_minutes"],
    )


def metric_warnings(milestones: Milestones) -> list[Notice]:
    """A notice for each interval that comes out negative (its end precedes its start)."""
    notices: list[Notice] = []
    for field_name, begin, end in _INTERVALS:
        minutes = _interval(milestones, begin, end)
        if minutes is not None and minutes < 0:
            label = field_name.replace("_", " ")
            notices.append(
                Notice(
                    message=f"{label}: {end} comes {-minutes:.1f} min before {begin}; "
                    "the figure is left out, check the times in the evidence",
                    source="metrics",
                )
            )
    return notices
