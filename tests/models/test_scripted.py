"""ScriptedChatModel and RecordingChatModel: replay in order or by fingerprint, never invent."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.prompts import ChatPromptTemplate
from pydantic import BaseModel, Field

from assistant.errors import ScriptMiss
from assistant.models.recording import RecordingChatModel
from assistant.models.requests import fingerprint_messages
from assistant.models.scripted import ScriptedChatModel


class Severity(BaseModel):
    """A severity proposal."""

    severity: str = Field(description="P0-P4")
    reason: str


MESSAGES: list[BaseMessage] = [
    SystemMessage(content="You classify incidents."),
    HumanMessage(content="<incident_data>checkout down 38 min</incident_data>"),
]


def write_answer(root: Path, task: str, fingerprint: str, text: str, suffix: str = ".json") -> Path:
    folder = root / task
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{fingerprint}{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def test_from_list_replays_in_order_then_raises() -> None:
    model = ScriptedChatModel.from_list(["first", "second"])
    assert model.invoke("a").content == "first"
    assert model.invoke("b").content == "second"
    with pytest.raises(ScriptMiss, match="ran out of answers after 2"):
        model.invoke("c")


def test_async_calls_keep_the_task() -> None:
    model = ScriptedChatModel.from_list(["ok"])
    reply = asyncio.run(model.with_config(metadata={"task": "classify"}).ainvoke(MESSAGES))
    assert reply.content == "ok"
    assert model.calls[0].task == "classify"


def test_calls_record_messages_task_and_metadata() -> None:
    model = ScriptedChatModel.from_list(["ok"])
    model.with_config(metadata={"task": "classify", "case": "inc-2291"}).invoke(MESSAGES)
    call = model.calls[0]
    assert call.task == "classify"
    assert call.metadata["case"] == "inc-2291"
    assert call.messages == MESSAGES
    assert "<incident_data>checkout down 38 min</incident_data>" in call.text
    assert call.fingerprint == fingerprint_messages(MESSAGES)


def test_fingerprint_depends_on_roles_and_content_only() -> None:
    same = [SystemMessage(content="You classify incidents.", id="x1"), MESSAGES[1]]
    swapped = [HumanMessage(content="You classify incidents."), MESSAGES[1]]
    edited = [
        MESSAGES[0],
        HumanMessage(content="<incident_data>checkout down 39 min</incident_data>"),
    ]
    fingerprint = fingerprint_messages(MESSAGES)
    assert len(fingerprint) == 16 and int(fingerprint, 16) >= 0
    assert fingerprint_messages(same) == fingerprint
    assert fingerprint_messages(swapped) != fingerprint
    assert fingerprint_messages(edited) != fingerprint


def test_from_dir_answers_by_task_and_fingerprint(tmp_path: Path) -> None:
    write_answer(tmp_path, "classify", fingerprint_messages(MESSAGES), '{"severity": "P1"}')
    model = ScriptedChatModel.from_dir(tmp_path)
    reply = model.with_config(metadata={"task": "classify"}).invoke(MESSAGES)
    assert reply.content == '{"severity": "P1"}'


def test_from_dir_reads_txt_answers(tmp_path: Path) -> None:
    write_answer(tmp_path, "classify", fingerprint_messages(MESSAGES), "not json", suffix=".txt")
    model = ScriptedChatModel.from_dir(tmp_path)
    assert model.with_config(metadata={"task": "classify"}).invoke(MESSAGES).content == "not json"


def test_strict_miss_names_task_fingerprint_and_expected_file(tmp_path: Path) -> None:
    (tmp_path / "classify.json").write_text('{"severity": "P4"}', encoding="utf-8")
    model = ScriptedChatModel.from_dir(tmp_path)
    fingerprint = fingerprint_messages(MESSAGES)
    expected = str(tmp_path / "classify" / f"{fingerprint}.json")
    with pytest.raises(ScriptMiss) as caught:
        model.with_config(metadata={"task": "classify"}).invoke(MESSAGES)
    message = str(caught.value)
    assert "'classify'" in message and fingerprint in message and expected in message


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ({"classify.json": "task-file"}, "task-file"),
        ({"classify/default.json": "default-file"}, "default-file"),
        ({"classify.json": "task-file", "classify/default.json": "default-file"}, "task-file"),
    ],
    ids=["task-file", "default-file", "task-file-first"],
)
def test_non_strict_falls_back_to_task_answers(
    tmp_path: Path, layout: dict[str, str], expected: str
) -> None:
    for relative, text in layout.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    model = ScriptedChatModel.from_dir(tmp_path, strict=False)
    assert model.with_config(metadata={"task": "classify"}).invoke(MESSAGES).content == expected


def test_task_names_cannot_escape_the_directory(tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_text("outside", encoding="utf-8")
    root = tmp_path / "responses"
    root.mkdir()
    model = ScriptedChatModel.from_dir(root, strict=False)
    with pytest.raises(ScriptMiss):
        model.with_config(metadata={"task": "../secret"}).invoke(MESSAGES)


def test_untasked_requests_use_a_named_folder(tmp_path: Path) -> None:
    model = ScriptedChatModel.from_dir(tmp_path)
    with pytest.raises(ScriptMiss, match="task 'untasked'"):
        model.invoke(MESSAGES)


def test_structured_output_runs_through_bound_tools() -> None:
    model = ScriptedChatModel.from_list(['{"severity": "P2", "reason": "partial outage"}'])
    structured = model.with_structured_output(Severity, method="json_schema")
    result = structured.invoke(MESSAGES)
    assert result == Severity(severity="P2", reason="partial outage")
    tools = model.calls[0].options["tools"]
    assert tools[0]["function"]["name"] == "Severity"


def test_bind_tools_returns_tool_call_for_chosen_tool() -> None:
    model = ScriptedChatModel.from_list(['{"severity": "P3", "reason": "one region"}'])
    reply = model.bind_tools([Severity], tool_choice="Severity").invoke(MESSAGES)
    assert isinstance(reply, AIMessage)
    assert reply.tool_calls[0]["name"] == "Severity"
    assert reply.tool_calls[0]["args"] == {"severity": "P3", "reason": "one region"}


def test_bound_tool_with_malformed_arguments_is_an_invalid_tool_call() -> None:
    model = ScriptedChatModel.from_list(["{severity: P3"])
    reply = model.bind_tools([Severity]).invoke(MESSAGES)
    assert isinstance(reply, AIMessage)
    assert reply.tool_calls == []
    assert reply.invalid_tool_calls[0]["args"] == "{severity: P3"


def test_prompt_pipe_model_chain_runs() -> None:
    prompt = ChatPromptTemplate.from_messages([("system", "Classify."), ("human", "{notes}")])
    model = ScriptedChatModel.from_list(["P1"])
    assert (prompt | model).invoke({"notes": "db down"}).content == "P1"
    assert model.calls[0].messages[1].content == "db down"


def test_stop_sequences_cut_the_answer() -> None:
    model = ScriptedChatModel.from_list(["answer\nObservation: ignored"])
    assert model.invoke("q", stop=["\nObservation:"]).content == "answer"


def test_recording_model_writes_answers_that_replay_exactly(tmp_path: Path) -> None:
    inner = ScriptedChatModel.from_list(
        ['{"severity": "P1", "reason": "all regions"}', "plain text"]
    )
    recorder = RecordingChatModel(inner, tmp_path)
    config: Any = {"metadata": {"task": "classify"}}
    first = recorder.invoke(MESSAGES, config=config)
    other = [MESSAGES[0], HumanMessage(content="<incident_data>search slow</incident_data>")]
    recorder.invoke(other, config=config)

    json_file = tmp_path / "classify" / f"{fingerprint_messages(MESSAGES)}.json"
    txt_file = tmp_path / "classify" / f"{fingerprint_messages(other)}.txt"
    assert json.loads(json_file.read_text(encoding="utf-8"))["severity"] == "P1"
    assert txt_file.read_text(encoding="utf-8") == "plain text"
    assert [call.task for call in recorder.calls] == ["classify", "classify"]

    replay: BaseChatModel = ScriptedChatModel.from_dir(tmp_path)
    again = replay.with_config(metadata={"task": "classify"}).invoke(MESSAGES)
    assert again.content == first.content


def test_recording_model_stores_tool_call_arguments(tmp_path: Path) -> None:
    inner = ScriptedChatModel.from_list(['{"severity": "P0", "reason": "data loss"}'])
    recorder = RecordingChatModel(inner, tmp_path)
    structured = recorder.with_structured_output(Severity)
    result = structured.invoke(MESSAGES, config={"metadata": {"task": "classify"}})
    assert result == Severity(severity="P0", reason="data loss")
    stored = tmp_path / "classify" / f"{fingerprint_messages(MESSAGES)}.json"
    assert json.loads(stored.read_text(encoding="utf-8")) == {
        "severity": "P0",
        "reason": "data loss",
    }
