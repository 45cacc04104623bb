"""The block reader, the incident date, sections by content and timeline entries in real shapes.

Every document here is written for the test, in the shapes real postmortems use.
"""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.rules.document.contents import read_contents, read_timeline_entries
from assistant.rules.document.markdown import parse_markdown, sentences_of
from assistant.rules.document.when import find_dates, leading_time, stated_zone

UTC = dt.UTC


def _at(*parts: int, tz: dt.tzinfo = UTC) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=tz)


def test_markdown_blocks_join_hard_wrapped_lines_and_keep_lines() -> None:
    text = "Intro\n=====\n\nThe cache was\ncold after the\nrestart.\n\n- first item\n  wrapped\n"
    blocks = parse_markdown(text).blocks
    assert [(b.kind, b.start) for b in blocks] == [("heading", 1), ("paragraph", 4), ("item", 8)]
    assert blocks[1].text == "The cache was cold after the restart."
    assert (blocks[1].start, blocks[1].end) == (4, 6)
    assert blocks[2].text == "first item wrapped"


def test_sentences_of_never_split_by_a_wrapped_line_and_point_into_the_text() -> None:
    text = "## Cause\n\nThe job ran twice\nbecause the lock expired. Nobody was paged.\n"
    sentences = sentences_of(text)
    assert [s for _, _, s in sentences] == [
        "Cause",
        "The job ran twice because the lock expired.",
        "Nobody was paged.",
    ]
    start, end, _ = sentences[1]
    assert text[start:end] == "The job ran twice\nbecause the lock expired."


def test_dates_in_the_ways_people_write_them() -> None:
    assert [d.date for d in find_dates("outages on March 3 & 4, 2022")] == [dt.date(2022, 3, 3)]
    assert find_dates("on 9th June 2021 we")[0].date == dt.date(2021, 6, 9)
    assert find_dates("In the week of Sept. 5th, 2019")[0].date == dt.date(2019, 9, 5)
    assert find_dates("13-07-2020 - outage")[0].date == dt.date(2020, 7, 13)
    assert find_dates("on Friday, May 7 at noon", year=2021)[0].date == dt.date(2021, 5, 7)


def test_leading_time_reads_dates_clocks_zones_and_stray_pm() -> None:
    found = leading_time("9:05 PM PST Friday May 7th: queue backs up", year=2021)
    assert found is not None
    assert (found.date, found.hour, found.minute) == (dt.date(2021, 5, 7), 21, 5)
    assert found.zone == dt.timezone(dt.timedelta(hours=-8))
    stray = leading_time("15:10 PM - retry storm")
    assert stray is not None and stray.hour == 15
    assert leading_time("The deploy went out") is None
    assert stated_zone("Timeline (all times in CEST)") == dt.timezone(dt.timedelta(hours=2))


def test_timeline_as_one_heading_per_event_with_a_zone_note() -> None:
    text = (
        "# 2021-03-04 - Search degraded\n\n## Timeline\n\nAll times in IST\n\n"
        "### 10:30 AM\n\nLatency alarms\nfire for search.\n\n### 11:15 AM\n\nIndex rebuilt.\n"
    )
    entries = read_timeline_entries(text)
    ist = dt.timezone(dt.timedelta(hours=5, minutes=30))
    assert [e.time for e in entries] == [
        _at(2021, 3, 4, 10, 30, tz=ist),
        _at(2021, 3, 4, 11, 15, tz=ist),
    ]
    assert entries[0].text == "Latency alarms fire for search."
    assert all(e.zone_stated for e in entries)


def test_timeline_date_lines_carry_to_bare_clocks_and_roll_past_midnight() -> None:
    text = (
        "## Timeline (UTC)\n\n**June 1, 2022**\n\n- 22:50 disk fills\n- 23:40 paged\n"
        "- 00:20 volume grown\n"
    )
    times = [e.time for e in read_timeline_entries(text)]
    assert times == [_at(2022, 6, 1, 22, 50), _at(2022, 6, 1, 23, 40), _at(2022, 6, 2, 0, 20)]


def test_timeline_table_whose_time_column_has_another_name() -> None:
    text = (
        "Notes from the call.\n\n| Day | Date (2020) | Clock (PT) | What |\n|---|---|---|---|\n"
        "| Mon | Jan 6 | 09:12 | builds start failing |\n"
        "| Mon | Jan 6 | 09:40 | runner pool drained |\n"
    )
    entries = read_timeline_entries(text, date=dt.date(2020, 1, 6))
    assert [e.time for e in entries] == [_at(2020, 1, 6, 17, 12), _at(2020, 1, 6, 17, 40)]
    assert entries[0].text == "Mon | builds start failing"


def test_timeline_lines_in_one_paragraph_with_emphasised_times() -> None:
    text = "## Timeline\n\n*2022-09-09 07:02*: probe fails<br />\n*2022-09-09 07:09*: failover\n"
    entries = read_timeline_entries(text)
    assert [(e.line, e.time) for e in entries] == [
        (3, _at(2022, 9, 9, 7, 2)),
        (4, _at(2022, 9, 9, 7, 9)),
    ]


def test_sections_by_content_without_the_template_headings() -> None:
    text = (
        "---\ntitle: Mirror sync outage on 12 April 2023\n---\n\n"
        "For two hours on April 12 the mirror served stale packages to users, because the sync "
        "job was stuck on a lock that never expired. We noticed it from user reports and "
        "restarted the job.\n\nIn the future we will alert on sync lag.\n"
    )
    contents = read_contents(text)
    assert contents.date == dt.date(2023, 4, 12)
    assert contents.sections == {
        "summary": True,
        "timeline": False,
        "root_cause": True,
        "impact": True,
        "action_items": True,
        "detection_response": True,
        "lessons": False,
    }


def test_sections_by_heading_under_other_names() -> None:
    text = (
        "# Queue stall\n\n## What we're doing about it\n\n- Add a lag alert\n\n"
        "## Where we got lucky\n\nIt happened on a quiet day for most of our customers.\n"
    )
    sections = read_contents(text).sections
    assert sections["action_items"] and sections["lessons"]


def test_incident_date_prefers_a_date_field_then_the_title() -> None:
    assert read_contents("# Outage\n\nDate: 2019-11-02\n\nText.\n").date == dt.date(2019, 11, 2)
    assert read_contents("# 5 May 2020 - DNS\n\nBody text.\n").date == dt.date(2020, 5, 5)
    text = (
        "# Incident of Mar 2 2021\n\n## Timeline (UTC) Mar 1st 2021 - Mar 2nd 2021\n\n- 23:10 x\n"
    )
    assert read_contents(text).date == dt.date(2021, 3, 1)


def test_why_chain_steps_written_over_wrapped_lines_stay_one_step() -> None:
    from assistant.rules.whys.chain import parse_why_chain

    text = (
        "1. Why did the export stall? Because the worker\n   waited on a lock held by\n"
        "   the nightly job.\n2. Why was the lock held? Because the job had\n   no timeout.\n"
    )
    steps = parse_why_chain(text)
    assert [s.answer for s in steps] == [
        "The worker waited on a lock held by the nightly job",
        "The job had no timeout",
    ]


def _thorough() -> str:
    events = "".join(
        f"### {9 + i // 4:02d}:{(i % 4) * 15:02d}\n\nThe on-call engineer checks replica {i} "
        "and sees the lag grow because the index rebuild holds the write lock.\n\n"
        for i in range(8)
    )
    return (
        "# Replica lag on 3 June 2024\n\n## Summary\n\n"
        + "Reads were stale for two hours because an index rebuild held a lock. " * 20
        + "\n\n## Timeline (times in UTC)\n\n"
        + events
        + "## Root cause\n\n1. Why were reads stale? Because the replicas lagged.\n"
        "2. Why did they lag? Because the rebuild held the write lock.\n"
        "3. Why did it hold the lock? Because the migration tool has no online mode.\n\n"
        "## Impact\n\nAbout 3,000 customers saw old orders for two hours.\n\n"
        "## Action items\n\n- [ ] Add an online mode to the migration tool (owner: db team, "
        "due 2024-07-01)\n- [ ] Alert on replica lag over 60 s (owner: sre, due 2024-06-20)\n"
        "- [ ] Document the lock behaviour in the runbook (owner: db team, due 2024-06-15)\n\n"
        "## Lessons learned\n\nWe learned that the rebuild needs a lock budget.\n"
    )


def test_a_thorough_postmortem_scores_above_a_thin_note_and_says_why() -> None:
    from assistant.rules.review.review import review_document

    thin = "# DB slow\n\nThe database was slow on 2024-06-03. We restarted it. Fixed.\n"
    good, bad = review_document(_thorough()), review_document(thin)
    assert good.score > bad.score + 25
    parts = {p.name: p for p in bad.score_parts}
    assert sum(p.points for p in bad.score_parts) == pytest.approx(bad.score, abs=0.5)
    assert any("short write-up" in reason for reason in parts["blamelessness"].lost)
    assert parts["timeline"].lost == ("no timed timeline entries",)
    assert good.document.sections["timeline"] and good.document.date == dt.date(2024, 6, 3)


def test_warnings_collapse_to_one_line_per_kind() -> None:
    from assistant.domain import Notice
    from assistant.render.markdown import collapse_notices

    notices = [Notice(message=f"line {n}: timeline text without a time; kept", source="a.md")
               for n in (4, 9, 12)]  # fmt: skip
    notices.append(Notice(message="section 'Q&A' matches no template section", source="a.md"))
    assert collapse_notices(notices) == [
        "a.md: timeline text without a time; kept (3×: lines 4, 9, 12)",
        "a.md: section 'Q&A' matches no template section",
    ]


def test_timeline_shapes_of_other_write_ups() -> None:
    text = (
        "# Storage errors\n\n## Timeline\n\nAll times are in UTC.\n\n"
        "**2022 November 8 14:02 UTC**\n\nA proxy change starts rolling out.\n\n"
        "- 2022/11/08 15:40 UTC - Rollback complete.\n- ~16:05 UTC: Status page resolved.\n\n"
        "| Timestamp | Description |\n|---|---|\n| 2022-11-09T09:10:00Z | Review held |\n\n"
        "## What happened\n\nAt 14:25 UTC, the on-call engineer paged the storage team.\n"
    )
    entries = read_timeline_entries(text)
    assert [(e.time, e.prose) for e in entries] == [
        (_at(2022, 11, 8, 14, 2), False),
        (_at(2022, 11, 8, 15, 40), False),
        (_at(2022, 11, 8, 16, 5), False),
        (_at(2022, 11, 9, 9, 10), False),
        (_at(2022, 11, 8, 14, 25), True),  # a new section starts again from the incident date
    ]
    assert entries[0].text == "A proxy change starts rolling out."


def test_key_events_bullets_with_the_time_after_the_words() -> None:
    text = (
        "# Incident on 2023-02-01 - pipeline down\n\n- **Key events**\n"
        "  - First detected 2023-02-01 09:15\n  - Repaired 2023-02-01 11:40\n"
        "- **Impact**:\n  - Nobody could deploy\n"
    )
    contents = read_contents(text)
    assert [e.time for e in contents.clocked()] == [
        _at(2023, 2, 1, 9, 15), _at(2023, 2, 1, 11, 40)
    ]
    assert contents.sections["timeline"] and contents.sections["impact"]


def test_severity_from_a_section_or_a_field() -> None:
    assert read_contents("# Outage\n\n## Severity\n\n**Major** - most users.\n").severity == "P1"
    assert read_contents("# Outage\n\nSeverity: SEV3\n\nText here.\n").severity == "P2"
