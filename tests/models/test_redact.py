"""Redaction: every kind of secret is masked, pseudonyms are stable and reversible, and the
identifiers incident text is full of (hashes, ids, times, versions) are left alone.

Fake credentials are assembled from pieces so this file never holds a real-looking secret.
"""

from __future__ import annotations

import pytest

from assistant.models.redact import Redactor, redact, restore_placeholders

_B62 = "Qx7Lm2Np9Rt4Vw6Yz1Ab3Cd5Ef8Gh0Jk"
AWS_KEY_ID = "AKIA" + "Q7X2M4N9R3T5V8W1"
AWS_SECRET = "wJalrXUt" + "nFEMI/K7MDENG/bPxRfi" + "CYEXAMPLEKEY"
GCP_KEY = "AIza" + "SyD8x" + "Qm3Lp9Nt2Rv5Wy7Zb4Cd6Ef1Gh0JkM"
GITHUB_PAT = "ghp_" + _B62 + "4Tu9"
GITHUB_APP = "ghs_" + _B62[::-1] + "9Ta1"
GITHUB_FINE = "github_pat_" + "11ABCDEFG0" + "x" * 12 + "_" + _B62 + "Zz"
SLACK_BOT = "xoxb-" + "2401583917-" + "5829461047183-" + "aB3dE5fG7hJ9kL1mN3pQ5rS7"
SLACK_HOOK = (
    "https://hooks.slack.com/services/" + "T024BE7LD/B05HQ7Z2X9K/" + "Zk4pQ9xW2mN7vR3tY8bL1cJ6"
)
STRIPE_KEY = "sk_" + "live_" + "51H8xQ2Lm9Np4Rt7Vw2Yz5Ab8Cd"
OPENAI_KEY = "sk-proj-" + "Ab3De6Gh9Jk2Mn5Pq8St1Vw4Yz7" + "_xK2mQ9-pL4nR8"
OPENAI_LEGACY = "sk-" + "T3BlbkFJ" + "q8Lx2Mv9Nw4Rt7Yz1Ab5Cd"
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    + ".eyJzdWIiOiJzdmMtY2hlY2tvdXQiLCJpYXQiOjE3MDk2MzIwMDB9"
    + ".Xq3kP9mL2nR7vT4wY8zA1bC5dE6fG0hJ2kM3nP4qR5s"
)
AZURE_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsu" + "Fq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)
PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6Z1PvQm6e2v1yR8kLhQ==\n"
    "-----END RSA PRIVATE KEY-----"
)

SECRET_SAMPLES = [
    (f"export AWS_ACCESS_KEY_ID={AWS_KEY_ID}", AWS_KEY_ID),
    (f"aws_secret_access_key = {AWS_SECRET}", AWS_SECRET),
    (f"found in bash history: {AWS_SECRET} (rotated)", AWS_SECRET),
    (f"maps loader used key={GCP_KEY}&libraries=places", GCP_KEY),
    (
        "DefaultEndpointsProtocol=https;AccountName=acmelogs;"
        f"AccountKey={AZURE_KEY};EndpointSuffix=core.windows.net",
        AZURE_KEY,
    ),
    (f"the CI job printed {GITHUB_PAT} in its log", GITHUB_PAT),
    (f"GITHUB_TOKEN={GITHUB_APP}", GITHUB_APP),
    (f"token {GITHUB_FINE} was revoked at 10:40", GITHUB_FINE),
    (f"SLACK_BOT_TOKEN: {SLACK_BOT}", SLACK_BOT),
    (f"alerts posted to {SLACK_HOOK} every minute", SLACK_HOOK),
    (f"stripe.api_key = '{STRIPE_KEY}'", STRIPE_KEY),
    (f"OPENAI_API_KEY={OPENAI_KEY}", OPENAI_KEY),
    (f"old key {OPENAI_LEGACY} still in config", OPENAI_LEGACY),
    (f"curl -H 'Authorization: Bearer {JWT}' https://api.acme.io/v1/orders", JWT),
    (f"session cookie was {JWT}; it expired", JWT),
    ("Authorization: Basic YWRtaW46aHVudGVyMg==", "YWRtaW46aHVudGVyMg=="),
    (
        "DATABASE_URL=postgres://orders_app:Pa55w0rd!x@db-primary.prod.internal:5432/orders",
        "Pa55w0rd!x",
    ),
    ("redis://:s3cr3tRedisPass@cache-01:6379/0", "s3cr3tRedisPass"),
    (f"key file contents:\n{PEM}\nend", PEM),
    ("Server=sql01;Database=billing;User Id=svc_billing;Password=Tr0ub4dor&3;", "Tr0ub4dor&3"),
    (
        'config: {"db_password": "correct horse battery staple", "port": 5432}',
        "correct horse battery staple",
    ),
    ("password=hunter2 user=admin", "hunter2"),
    ("client_secret: 8f3k2l9q0w7e", "8f3k2l9q0w7e"),
    ("api_key=a8f9c2e1d4b7", "a8f9c2e1d4b7"),
    ("X-Api-Key: 7Fq2Lx9Mv4", "7Fq2Lx9Mv4"),
    ("secret: s3cr3t-v4lue", "s3cr3t-v4lue"),
    ("token=tok_9fK2mQ7xL3", "tok_9fK2mQ7xL3"),
]


@pytest.mark.parametrize(
    ("text", "secret"),
    SECRET_SAMPLES,
    ids=[
        "aws-access-key-id",
        "aws-secret-assignment",
        "aws-secret-bare",
        "gcp-api-key",
        "azure-account-key",
        "github-classic-pat",
        "github-app-token",
        "github-fine-grained",
        "slack-bot-token",
        "slack-webhook",
        "stripe-live-key",
        "openai-project-key",
        "openai-legacy-key",
        "jwt-in-bearer-header",
        "jwt-bare",
        "basic-auth-header",
        "postgres-dsn-password",
        "redis-url-password",
        "pem-private-key",
        "ado-connection-string",
        "json-password-quoted",
        "password-assignment",
        "client-secret-yaml",
        "api-key-assignment",
        "api-key-header",
        "secret-colon",
        "token-assignment",
    ],
)
def test_redact_masks_secret(text: str, secret: str) -> None:
    result = redact(text)
    assert secret not in result.text
    assert "[SECRET_1]" in result.text
    assert result.mapping["[SECRET_1]"] == secret


def test_redact_keeps_the_context_around_a_secret() -> None:
    result = redact("DATABASE_URL=postgres://orders_app:Pa55w0rd!x@db-primary:5432/orders")
    assert result.text == "DATABASE_URL=postgres://orders_app:[SECRET_1]@db-primary:5432/orders"


MUST_NOT_TOUCH = [
    "Reverted commit 3f2a9c1e5b7d8f0a1b2c3d4e5f6a7b8c9d0e1f2a (short 3f2a9c1).",
    "request_id=123e4567-e89b-12d3-a456-426614174000 failed",
    "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "trace_id 4bf92f3577b34da6a3ce929d0e0e4736 span_id 00f067aa0ba902b7",
    "2024-03-05T10:02:33.123Z ERROR checkout-api upstream timed out",
    "Mar  5 10:02:33 web-3 nginx[812]: 502 Bad Gateway",
    "Upgraded libssl from 3.0.11 to 3.0.13 and the chart to v2.14.4.",
    "Users could not reach the password reset page for 47 minutes.",
    "The password policy and token rotation runbook were out of date.",
    "Password: reset via the admin console by the on-call engineer",
    "The token: expired at 10:02, so the job failed.",
    "Outage lasted 1h 23m; MTTD 4m, MTTR 52m.",
    "HTTP 503 rose to 38% of requests; 429s followed.",
    "max_tokens=4096 and token_count: 1830 per request",
    "reset_password=true in the feature flags",
    "Basic authentication was disabled on the admin API.",
    "Grafana dashboard uid=kX9pQ2mL at 10:05",
    "image sha256:9b2f1c7e8d3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0",
    "password=${DB_PASSWORD} is read from the environment",
    "Slack thread in #inc-2291 with @alice and @bob",
]


@pytest.mark.parametrize(
    "text",
    MUST_NOT_TOUCH,
    ids=[
        "git-hashes",
        "uuid",
        "traceparent",
        "trace-and-span-ids",
        "iso-timestamp",
        "syslog-line",
        "version-numbers",
        "password-reset-page",
        "policy-words",
        "password-colon-prose",
        "token-colon-prose",
        "durations",
        "http-status-codes",
        "token-counts",
        "boolean-flag",
        "basic-authentication-prose",
        "short-dashboard-uid",
        "container-digest",
        "env-reference",
        "slack-mentions",
    ],
)
def test_redact_leaves_ordinary_incident_text_alone(text: str) -> None:
    result = redact(text, pseudonymize=True)
    assert result.text == text
    assert result.mapping == {}


def test_pseudonymize_replaces_emails_ips_and_hosts_stably() -> None:
    text = (
        "alice.ng@acme.com paged bob@acme.com; db-primary.prod.internal (10.20.3.14) failed over "
        "to db-replica.prod.internal at 10.20.3.15; alice.ng@acme.com confirmed 10.20.3.14 was "
        "fenced. Probe from 2001:db8::7334 hit https://status.acme.io/incidents."
    )
    result = redact(text, pseudonymize=True)
    assert result.text == (
        "[EMAIL_1] paged [EMAIL_2]; [HOST_1] ([IP_1]) failed over "
        "to [HOST_2] at [IP_2]; [EMAIL_1] confirmed [IP_1] was "
        "fenced. Probe from [IP_3] hit https://[HOST_3]/incidents."
    )
    assert result.restore(result.text) == text


def test_redact_without_pseudonymize_keeps_emails_ips_and_hosts() -> None:
    text = "alice@acme.com saw 10.0.0.12 and db-1.prod.internal time out"
    assert redact(text).text == text


def test_restore_keeps_secret_placeholders_unless_asked() -> None:
    result = redact(f"ops@acme.com rotated {GITHUB_PAT}", pseudonymize=True)
    answer = "The key [SECRET_1] was rotated by [EMAIL_1]."
    assert result.restore(answer) == "The key [SECRET_1] was rotated by ops@acme.com."
    assert (
        result.restore(answer, secrets=True) == f"The key {GITHUB_PAT} was rotated by ops@acme.com."
    )


def test_same_secret_gets_same_placeholder_and_different_ones_differ() -> None:
    text = f"password=hunter2 then password=hunter2 and {STRIPE_KEY}"
    result = redact(text)
    assert result.text == "password=[SECRET_1] then password=[SECRET_1] and [SECRET_2]"
    assert result.secret_count == 2


def test_redactor_numbers_consistently_across_texts() -> None:
    redactor = Redactor(pseudonymize=True)
    first = redactor.redact("payments-api.prod.internal returned 503")
    second = redactor.redact("retries to payments-api.prod.internal and auth.prod.internal")
    assert first == "[HOST_1] returned 503"
    assert second == "retries to [HOST_1] and [HOST_2]"
    assert restore_placeholders(second, redactor.mapping) == (
        "retries to payments-api.prod.internal and auth.prod.internal"
    )


def test_existing_placeholder_text_is_not_confused_with_new_ones() -> None:
    result = redact("earlier note mentions [SECRET_1]; now password=hunter2")
    assert result.text == "earlier note mentions [SECRET_1]; now password=[SECRET_2]"
    assert result.restore("[SECRET_1]", secrets=True) == "[SECRET_1]"


def test_unterminated_private_key_is_masked_to_the_end() -> None:
    text = "pasted: -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU="
    result = redact(text)
    assert result.text == "pasted: [SECRET_1]"


_PW = "Zr" + "7kQ2" + "vLx9!" + "44"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"curl -sS -u deploy:{_PW} https://ci.io", "curl -sS -u deploy:[SECRET_1] https://ci.io"),
        (f"mysql -u root -p{_PW} orders", "mysql -u root -p[SECRET_1] orders"),
        (f"sshpass -p '{_PW}' ssh ops@web-3", "sshpass -p '[SECRET_1]' ssh ops@web-3"),
        (f"docker login -u ci -p {_PW} reg.io", "docker login -u ci -p [SECRET_1] reg.io"),
        (f"restore.sh --password {_PW} --db x", "restore.sh --password [SECRET_1] --db x"),
        (f"Redis_Pass={_PW}", "Redis_Pass=[SECRET_1]"),
        (f"webhookSecret: {_PW}", "webhookSecret: [SECRET_1]"),
        (f"INTERNAL_AUTH_TOKEN {_PW}", "INTERNAL_AUTH_TOKEN [SECRET_1]"),
    ],
    ids=["curl-u", "mysql-p", "sshpass", "docker-login", "password-flag", "env-pass",
         "camel-secret-colon", "env-token-space"],
)
def test_command_line_and_named_credentials_keep_their_context(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "mysql -u root -p orders",
        'curl -u "$CI_USER:$CI_TOKEN" https://ci.example',
        "echo $REG_PASS | docker login -u ci --password-stdin reg.example",
        "redis-cli -h cache-01 -p 6379 INFO",
        "token_count: 1830 password_changed_at: 2024-03-05T10:02:33Z SECRET_NAME=orders-db",
        "const apiKey = process.env.GEO_API_KEY;",
    ],
    ids=["mysql-prompt", "env-refs", "password-stdin", "redis-port", "names-that-go-on",
         "code-reference"],
)
def test_command_lines_and_names_without_a_secret_are_left_alone(text: str) -> None:
    assert redact(text).text == text


def test_kubernetes_secret_values_are_masked_in_yaml_and_in_rendered_evidence() -> None:
    value = "WldSTUlr" + "NWVUWio5Mw=="
    pasted = f"kind: Secret\ndata:\n  DB_URL: {value}\ntype: Opaque\n"
    rendered = (f"[notes.md:78] - | other | - | kind: Secret\n[notes.md:79] - | other | - | data:\n"
                f"[notes.md:80] - | other | - | DB_URL: {value}\n")
    assert redact(pasted).text == "kind: Secret\ndata:\n  DB_URL: [SECRET_1]\ntype: Opaque\n"
    assert value not in redact(rendered).text
    joined = f"[notes.md:77] 14:39 on-call pasted: kind: Secret data: DB_URL: {value} x: y"
    assert redact(joined).text == (
        "[notes.md:77] 14:39 on-call pasted: kind: Secret data: DB_URL: [SECRET_1] x: y"
    )
    config_map = f"kind: ConfigMap\ndata:\n  app.properties: {value}\n"
    assert redact(config_map).text == config_map
