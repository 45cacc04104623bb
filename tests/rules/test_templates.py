"""Log templates: masking variable parts and collapsing repeated lines."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.domain import Evidence
from assistant.rules.timeline.templates import (
    ClusterCounter,
    TemplateCache,
    collapse_noise,
    line_shape,
    mask_template,
)

T0 = dt.datetime(2024, 2, 15, 14, 0, tzinfo=dt.UTC)


def log(line: int, text: str, *, seconds: int = 0, source: str = "app.log") -> Evidence:
    return Evidence(
        source=source, line=line, time=T0 + dt.timedelta(seconds=seconds), speaker="web-1",
        text=text,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "charge 3f2c1a9e-4b7d-4e2a-9c1f-0a1b2c3d4e5f failed after 30000ms",
            "charge <*> failed after <*>",
        ),
        ("connect to 10.0.3.17:8443 refused", "connect to <*> refused"),
        ("dial tcp [2001:db8::ff00:42:8329]:443 timeout", "dial tcp [<*>]:<*> timeout"),
        ("GET /api/v2/orders/12345 200", "GET /api/v<*>/orders/<*> <*>"),
        (
            'login failed for user="bob smith" from 203.0.113.7',
            "login failed for user=<*> from <*>",
        ),
        ("commit deadbeefcafebabe pushed by ci", "commit <*> pushed by ci"),
        ("mail to alice@example.com bounced", "mail to <*> bounced"),
        (
            "pod checkout-7f9c8d5b6-x2x9k restarted on ip-10-0-1-5",
            "pod checkout-<*> restarted on ip-<*>",
        ),
        ("ERROR c.e.Payment - Charge failed", "ERROR c.e.Payment - Charge failed"),
    ],
    ids=["uuid-and-duration", "ipv4-port", "ipv6", "numbered-path", "quoted-value", "hex-sha",
         "email", "pod-and-host-names", "no-variables"],
)
def test_mask_template_masks_variable_parts_and_keeps_words(text: str, expected: str) -> None:
    assert mask_template(text) == expected


def test_mask_template_gives_lines_of_one_message_one_template() -> None:
    a = "request 9f2c0b7e-1111-4e2a-9c1f-0a1b2c3d4e5f from 10.0.0.4 took 912ms"
    b = "request 0a1b2c3d-2222-4aaa-8bbb-ffffeeee0000 from 10.0.12.250 took 3ms"
    assert mask_template(a) == mask_template(b)


def test_mask_template_is_digit_agnostic_so_shape_cache_is_exact() -> None:
    lines = [
        "user 1234 paid 99.50 EUR at 14:32:01.123",
        "sha a1b2c3d4e5f6 deployed to web-7",
        "port 8080 open on 192.168.1.20",
    ]
    for text in lines:
        assert mask_template(line_shape(text)) == mask_template(text)


def test_template_cache_is_bounded() -> None:
    cache = TemplateCache(limit=10)
    for n in range(100):
        cache.template(f"job {n:x}{'z' * (n % 7)} finished")
    assert len(cache._entries) <= 10


def test_collapse_noise_turns_repeats_into_one_cluster_with_first_and_last() -> None:
    lines = [log(i + 1, f"ERROR upstream timeout after {1000 + i}ms", seconds=i) for i in range(50)]
    clusters = collapse_noise(lines)
    assert len(clusters) == 1
    cluster = clusters[0]
    assert cluster.collapsed
    assert cluster.count == 50
    assert (cluster.first.line, cluster.last.line) == (1, 50)
    assert cluster.lines == (lines[0], lines[-1])
    assert cluster.describe() == (
        "50 x ERROR upstream timeout after <*> between 14:00:00 and 14:00:49 UTC"
    )


def test_collapse_noise_keeps_short_runs_whole() -> None:
    lines = [log(1, "WARN slow query 3.2s"), log(2, "WARN slow query 4.1s", seconds=5)]
    clusters = collapse_noise(lines, min_repeats=3)
    assert len(clusters) == 1
    assert not clusters[0].collapsed
    assert clusters[0].lines == tuple(lines)
    assert clusters[0].describe() == "WARN slow query 3.2s"


def test_collapse_noise_counts_templates_per_source() -> None:
    lines = [log(i + 1, f"GET /healthz 200 {i}ms", source="eu.log") for i in range(3)]
    lines += [log(i + 1, f"GET /healthz 200 {i}ms", source="us.log") for i in range(3)]
    clusters = collapse_noise(lines)
    assert [(c.source, c.count) for c in clusters] == [("eu.log", 3), ("us.log", 3)]


def test_collapse_noise_never_collapses_people() -> None:
    chat = [
        Evidence(source="incident.json", line=i + 1, time=T0, speaker="maria", text="ack")
        for i in range(5)
    ]
    clusters = collapse_noise(chat, source_kinds={"incident.json": "chat"})
    assert len(clusters) == 5
    assert all(not c.collapsed and c.count == 1 for c in clusters)


def test_cluster_counter_keeps_bounded_evidence_however_many_lines() -> None:
    counter = ClusterCounter(min_repeats=3)
    for i in range(10_000):
        counter.add(log(i + 1, "x"), "x")
    (cluster,) = counter.clusters()
    assert cluster.count == 10_000
    assert len(cluster.lines) == 2
    assert cluster.last.line == 10_000


def test_collapse_noise_rejects_min_repeats_below_two() -> None:
    with pytest.raises(ValueError, match="min_repeats"):
        collapse_noise([], min_repeats=1)
