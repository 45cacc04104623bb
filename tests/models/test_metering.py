"""The one meter: calls, tokens by one rule, faults and answer checks, failures counted."""

from __future__ import annotations

import pytest
from langchain_core import exceptions as lc_exceptions
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.errors import ScriptMiss
from assistant.models.metering import MeteredChatModel, prompt_tokens_of
from assistant.models.scripted import ScriptedChatModel

MESSAGES = [SystemMessage("You review postmortems."), HumanMessage("db-7 ran out of connections")]


def test_meter_counts_calls_tokens_and_tasks_by_one_rule() -> None:
    inner = ScriptedChatModel.from_list(['{"ok": true}', "plain answer"])
    meter = MeteredChatModel(inner=inner, check_answer=lambda _task, raw: raw.startswith("{"))
    meter.with_config(metadata={"task": "deepen_whys"}).invoke(MESSAGES)
    meter.with_config(metadata={"task": "draft_summary"}).invoke(MESSAGES)
    usage = meter.usage()
    assert usage.calls == 2
    assert usage.calls_by_task == {"deepen_whys": 1, "draft_summary": 1}
    assert usage.prompt_tokens == 2 * prompt_tokens_of(MESSAGES, "gpt-4o")
    assert usage.completion_tokens > 0
    assert [call.valid for call in meter.calls] == [True, False]
    assert "[human]\ndb-7 ran out of connections" in meter.calls[0].request


def test_a_failed_call_costs_its_prompt_and_is_kept() -> None:
    meter = MeteredChatModel(inner=ScriptedChatModel.from_list([]))
    with pytest.raises(ScriptMiss):
        meter.invoke(MESSAGES)
    (call,) = meter.calls
    assert call.missing and call.completion_tokens == 0
    assert call.prompt_tokens == prompt_tokens_of(MESSAGES, "gpt-4o")


def test_a_scripted_fault_raises_without_calling_the_model() -> None:
    inner = ScriptedChatModel.from_list(["never sent"])
    timeout = lc_exceptions.ModelTimeoutError("Request timed out")
    meter = MeteredChatModel(inner=inner, faults=lambda _task, _fp: ("timeout", timeout))
    with pytest.raises(lc_exceptions.ModelTimeoutError):
        meter.invoke(MESSAGES)
    assert meter.calls[0].error == "timeout"
    assert inner.calls == []
