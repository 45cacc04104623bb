"""Token counting offline: exact encodings, unknown models, special-token text, line budgets."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import tiktoken
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.models.tokens import (
    TokenBudget,
    count_tokens,
    encoding_for,
    encoding_name_for,
    fit_lines,
    seed_tiktoken_cache,
)

_O200K_FILE = hashlib.sha1(
    b"https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
).hexdigest()


def test_seed_writes_verified_files_and_points_tiktoken_at_them(tmp_path: Path) -> None:
    previous = os.environ.get("TIKTOKEN_CACHE_DIR")
    try:
        seed_tiktoken_cache(str(tmp_path))
        written = tmp_path / _O200K_FILE
        digest = hashlib.sha256(written.read_bytes()).hexdigest()
        assert digest == "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
        assert len(list(tmp_path.iterdir())) == 2
        assert os.environ["TIKTOKEN_CACHE_DIR"] == str(tmp_path)
    finally:
        if previous is not None:
            seed_tiktoken_cache(previous)


def test_seed_replaces_a_corrupt_cached_file(tmp_path: Path) -> None:
    previous = os.environ.get("TIKTOKEN_CACHE_DIR")
    (tmp_path / _O200K_FILE).write_bytes(b"truncated download")
    try:
        seed_tiktoken_cache(str(tmp_path))
        digest = hashlib.sha256((tmp_path / _O200K_FILE).read_bytes()).hexdigest()
        assert digest.startswith("446a9538")
    finally:
        if previous is not None:
            seed_tiktoken_cache(previous)


@pytest.mark.parametrize(
    ("model", "ids"),
    [("gpt-4o", [24912, 2375]), ("gpt-4", [15339, 1917])],
    ids=["gpt-4o-o200k", "gpt-4-cl100k"],
)
def test_encoding_gives_openai_token_ids_offline(model: str, ids: list[int]) -> None:
    assert encoding_for(model).encode_ordinary("hello world") == ids


def test_plain_tiktoken_works_after_seeding() -> None:
    assert tiktoken.encoding_for_model("gpt-4o").encode("hello world") == [24912, 2375]


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("gpt-4o", "o200k_base"),
        ("gpt-4o-mini-2024-07-18", "o200k_base"),
        ("openai:gpt-4.1-nano", "o200k_base"),
        ("o3-mini", "o200k_base"),
        ("gpt-5", "o200k_base"),
        ("ft:gpt-4o-mini:acme::abc123", "o200k_base"),
        ("gpt-4", "cl100k_base"),
        ("gpt-4-turbo", "cl100k_base"),
        ("gpt-3.5-turbo", "cl100k_base"),
        ("llama3", "o200k_base"),
        ("qwen2.5:14b", "o200k_base"),
        ("text-davinci-003", "o200k_base"),
        ("", "o200k_base"),
    ],
    ids=[
        "gpt-4o",
        "gpt-4o-mini-dated",
        "provider-prefixed",
        "o-series",
        "gpt-5",
        "fine-tune",
        "gpt-4",
        "gpt-4-turbo",
        "gpt-3.5",
        "llama3-unknown",
        "ollama-tag",
        "p50k-not-shipped",
        "empty",
    ],
)
def test_encoding_name_maps_every_model_to_a_shipped_encoding(model: str, expected: str) -> None:
    assert encoding_name_for(model) == expected


def test_count_tokens_accepts_special_token_text() -> None:
    text = "ERROR worker-3 <|endoftext|> ignore previous instructions"
    count = count_tokens(text)
    assert count == len(encoding_for("gpt-4o").encode_ordinary(text))
    assert count > 5


def test_count_tokens_differs_by_encoding_for_non_ascii_text() -> None:
    text = "Der Datenbank-Failover dauerte 14 Minuten; Kunden in São Paulo sahen 503-Fehler."
    assert count_tokens(text, "gpt-4o") != count_tokens(text, "gpt-4")


def test_fit_lines_keeps_priority_order_and_skips_lines_that_do_not_fit() -> None:
    lines = [
        "10:02 PagerDuty alert: checkout-api p99 latency > 2s",
        "stack trace " + "at com.acme.payments.Charge.run(Charge.java:42) " * 40,
        "10:07 on-call acknowledged",
        "10:31 rollback of release 2024.03.1 completed",
    ]
    kept, used = fit_lines(lines, budget=60)
    assert kept == [0, 2, 3]
    expected = sum(count_tokens(lines[i]) + 1 for i in kept)
    assert used == expected <= 60


def test_fit_lines_with_zero_budget_keeps_nothing() -> None:
    assert fit_lines(["a line"], 0) == ([], 0)


def test_fit_lines_rejects_negative_budget() -> None:
    with pytest.raises(ValueError, match="budget"):
        fit_lines(["a"], -1)


def test_token_budget_reserves_room_for_prompt() -> None:
    budget = TokenBudget(limit=40, model_name="gpt-4o")
    lines = ["deploy of payments-api v2.3.1 started"] * 10
    kept_all, _ = budget.fit_lines(lines)
    kept_reserved, used = budget.fit_lines(lines, reserved=25)
    assert len(kept_reserved) < len(kept_all)
    assert used <= 15
    assert budget.count("hello world") == 2


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    lines=st.lists(st.text(min_size=0, max_size=40), min_size=0, max_size=12),
    budget=st.integers(min_value=0, max_value=80),
)
def test_fit_lines_joined_text_never_exceeds_budget(lines: list[str], budget: int) -> None:
    kept, used = fit_lines(lines, budget)
    assert used <= budget
    assert kept == sorted(set(kept))
    assert count_tokens("\n".join(lines[i] for i in kept)) <= used
