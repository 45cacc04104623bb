"""Secrets that reach the model: the labelled corpus, and a draft through a real OpenAI client.

Every fake credential of ``tests/data/secrets/secrets.yaml`` must be masked and every
look-alike of ``lookalikes.yaml`` left exactly as it was. The end-to-end test writes the kinds
that once arrived unmasked into an incident's notes, runs ``postmortem draft --model
openai:...`` against the local OpenAI-compatible stub, and reads what the stub received.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from secret_corpus import Sample, load_lookalikes, load_secrets, score
from stub_server import RunningStub, run_stub

from assistant.cli import main
from assistant.models.redact import redact

SECRETS = load_secrets()
LOOKALIKES = load_lookalikes()


def test_corpus_is_as_broad_as_promised() -> None:
    assert len(SECRETS) >= 150
    assert len({sample.kind for sample in SECRETS}) >= 60
    assert len(LOOKALIKES) >= 100


@pytest.mark.parametrize("sample", SECRETS, ids=[s.id for s in SECRETS])
def test_every_fake_secret_is_masked(sample: Sample) -> None:
    result = score([sample], lambda text: redact(text).text)
    assert result.leaked == [], redact(sample.text).text


@pytest.mark.parametrize("sample", LOOKALIKES, ids=[s.id for s in LOOKALIKES])
def test_every_look_alike_survives(sample: Sample) -> None:
    assert redact(sample.text).text == sample.text


# The families that reached the model unmasked before: command-line passwords, settings named
# key/secret/token/password in any spelling and separator, a Kubernetes Secret's data, vendor
# prefixes (SendGrid, Vault, Heroku, Datadog, Twilio), Rails and GCP key files.
_ONCE_LEAKED = (
    "curl-basic-auth", "mysql-p-attached", "sshpass", "docker-login-password",
    "password-flag-space", "env-password-equals", "env-secret-colon", "env-token-space",
    "k8s-secret-data", "sendgrid-api-key", "vault-service-token", "heroku-api-key",
    "datadog-app-key", "twilio-api-key", "rails-secret-key-base", "gcp-private-key-id",
)


@pytest.fixture(scope="module")
def stub() -> Iterator[RunningStub]:
    with run_stub() as running:
        yield running


def _notes(samples: list[Sample]) -> str:
    lines = ["# Checkout incident notes (2024-02-15)", ""]
    for minute, sample in enumerate(samples):
        lines.append(f"- 14:{minute + 5:02d} UTC on-call pasted:")
        lines.extend(f"    {line}" for line in sample.text.splitlines())
    lines.append("- 14:52 UTC error rate back to normal, incident resolved")
    return "\n".join(lines) + "\n"


def test_draft_through_an_openai_client_sends_no_secret(
    stub: RunningStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    samples = [s for s in SECRETS if s.kind in _ONCE_LEAKED]
    notes = tmp_path / "notes.md"
    notes.write_text(_notes(samples), encoding="utf-8")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-" + "stub-key-0000000000")
    monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
    monkeypatch.setenv("POSTMORTEM_MAX_RETRIES", "0")
    stub.state.reset()

    main(["draft", str(notes), "--model", "openai:stub-ok", "--format", "json"])
    capsys.readouterr()

    sent = "\n".join(json.dumps(body) for body in stub.state.requests)
    assert stub.state.requests, "the draft sent nothing to the model"
    assert "[SECRET_" in sent
    leaked = [s.id for s in samples if any(secret in sent for secret in s.secrets)]
    assert leaked == []
