"""The web app's one error mapping: AssistantError -> gr.Error, paths relabelled, keys scrubbed."""

from __future__ import annotations

import inspect

import pytest

gr = pytest.importorskip("gradio")

from assistant.errors import ConfigError, InputError  # noqa: E402
from assistant.web.errors import upload_labels, user_errors  # noqa: E402

KEY = "sk-web-test-SECRET-91c2"
UPLOAD = "/tmp/gradio/3f9a0c1e/notes.md"


@user_errors(uploads="uploads", secret="key")
def _draft_like(notes: str, uploads: list[str] | None, key: str) -> str:
    if uploads:
        raise InputError(uploads[0], f"not UTF-8 (sent with key {key})")
    raise ValueError(f"a bug, not the user's fault: {notes}")


@user_errors(uploads="path")
def _file_like(path: str) -> str:
    raise InputError(path, "binary file, not text")


def test_assistant_error_becomes_gr_error_with_file_name_and_no_key() -> None:
    with pytest.raises(gr.Error) as caught:
        _draft_like("14:02 alert", [UPLOAD], KEY)
    assert caught.value.message == "notes.md: not UTF-8 (sent with key ***)"
    assert isinstance(caught.value.__cause__, InputError)


def test_a_single_upload_path_is_relabelled_too() -> None:
    with pytest.raises(gr.Error) as caught:
        _file_like("/tmp/gradio/77aa/draft.md")
    assert caught.value.message == "draft.md: binary file, not text"


def test_keyword_arguments_are_read_as_well_as_positional_ones() -> None:
    with pytest.raises(gr.Error) as caught:
        _draft_like(notes="", uploads=[UPLOAD], key=KEY)
    assert KEY not in caught.value.message and "/tmp/" not in caught.value.message


def test_other_exceptions_are_bugs_and_pass_through_unchanged() -> None:
    with pytest.raises(ValueError, match="a bug, not the user's fault"):
        _draft_like("14:02 alert", None, KEY)


def test_a_plain_decorator_keeps_the_message_as_written() -> None:
    @user_errors()
    def handler() -> None:
        raise ConfigError("no API key: set OPENAI_API_KEY or use --model offline")

    with pytest.raises(gr.Error) as caught:
        handler()
    assert caught.value.message == "no API key: set OPENAI_API_KEY or use --model offline"


def test_the_wrapper_keeps_the_signature_gradio_reads() -> None:
    assert list(inspect.signature(_draft_like).parameters) == ["notes", "uploads", "key"]
    assert _draft_like.__name__ == "_draft_like"


def test_naming_a_parameter_the_handler_lacks_fails_at_decoration() -> None:
    with pytest.raises(TypeError, match="has no parameter 'secret_key'"):
        user_errors(secret="secret_key")(_file_like)


def test_duplicate_upload_names_get_the_labels_the_draft_uses() -> None:
    labels = upload_labels(["/tmp/a/chat.txt", "/tmp/b/chat.txt"])
    assert labels == {"/tmp/a/chat.txt": "chat.txt", "/tmp/b/chat.txt": "chat (2).txt"}
    assert upload_labels(None) == {} and upload_labels("/tmp/x/a.md") == {"/tmp/x/a.md": "a.md"}
