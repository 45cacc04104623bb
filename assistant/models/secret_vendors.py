"""Credentials recognised by their own shape: vendor prefixes, key blocks, webhook URLs, JWTs.

The families follow the well-kept scanners (gitleaks' rules, detect-secrets' plugins): cloud
providers, source hosting, chat, payments, mail, CI and deployment platforms, observability,
secret managers and model providers. Each rule is a regular expression matched at the start of
a *token* (a run of letters, digits and ``_ . ~ -``); the tokens of a long log are found with
one bytes translation and ``bytes.find``, and all rules are tried at once, as one alternation,
only at token starts. Scanning the text once per rule, or with an unanchored alternation, costs
tens of times more on a long log. Shapes that hold other characters (PEM blocks, webhook URLs)
are separate patterns that start with a literal, which the regex engine scans for quickly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_B62 = "A-Za-z0-9"
_URLSAFE = r"A-Za-z0-9_\-"


@dataclass(frozen=True)
class VendorRule:
    """A credential recognised by its shape, matched at the start of a token."""

    name: str
    pattern: re.Pattern[str]
    """The regex of the whole credential."""
    head: str = ""
    """The token's first two characters, for rules that start with a literal."""
    infix: tuple[int, str] = (0, "")
    """(offset, literal) inside the token, for rules that start with a character class."""


def _rule(name: str, prefix: str, body: str) -> VendorRule:
    return VendorRule(name, re.compile(f"{re.escape(prefix)}{body}"), head=prefix[:2])


def _infix(name: str, pattern: str, offset: int, literal: str) -> VendorRule:
    return VendorRule(name, re.compile(pattern), infix=(offset, literal))


_END = f"(?![{_URLSAFE}])"

VENDOR_RULES: tuple[VendorRule, ...] = (
    _rule("age-secret-key", "AGE-SECRET-KEY-1", "[0-9A-Z]{58}"),
    *(_rule(f"aws-{p.lower()}", p, "[A-Z0-9]{16}(?![A-Z0-9])")
      for p in ("AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "APKA",
                "AROA")),
    _rule("gcp-api-key", "AIza", f"[{_URLSAFE}]{{35}}{_END}"),
    _rule("gcp-oauth-secret", "GOCSPX-", f"[{_URLSAFE}]{{20,}}"),
    _rule("gcp-access-token", "ya29.", f"[{_URLSAFE}.]{{30,}}"),
    *(_rule(f"github-{p[:3]}", p, f"[{_B62}]{{36,255}}{_END}")
      for p in ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    _rule("github-fine-grained", "github_pat_", f"[{_B62}_]{{22,255}}"),
    *(_rule(f"gitlab-{p[:-1]}", p, f"[{_URLSAFE}]{{20,}}")
      for p in ("glpat-", "glrt-", "gldt-", "glptt-", "glft-", "glsoat-", "glimt-", "GR1348941")),
    *(_rule(f"slack-{p[:4]}", p, f"[{_B62}-]{{10,}}")
      for p in ("xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xoxe.", "xapp-")),
    *(_rule(f"stripe-{p[:2]}", p, f"[{_B62}]{{16,}}")
      for p in ("sk_live_", "sk_test_", "rk_live_", "rk_test_")),
    _rule("stripe-webhook", "whsec_", f"[{_B62}]{{16,}}"),
    _rule("openai-or-compatible", "sk-", f"[{_URLSAFE}]{{20,}}"),
    _rule("sendgrid", "SG.", f"[{_URLSAFE}]{{16,32}}\\.[{_URLSAFE}]{{16,64}}"),
    *(_rule(f"vault-{p[:3]}", p, f"[{_URLSAFE}]{{24,}}") for p in ("hvs.", "hvb.", "hvr.")),
    _rule("vault-legacy", "s.", f"(?=[{_B62}]*[0-9])(?=[{_B62}]*[A-Z])[{_B62}]{{24}}{_END}"),
    _rule("heroku", "HRKU-", f"[{_URLSAFE}]{{20,}}"),
    _rule("twilio-api-key", "SK", f"[0-9a-f]{{32}}{_END}"),
    _rule("twilio-account-sid", "AC", f"[0-9a-f]{{32}}{_END}"),
    _rule("django-secret-key", "django-insecure-", r"\S{20,}"),
    _rule("npm", "npm_", f"[{_B62}]{{36}}{_END}"),
    _rule("pypi", "pypi-AgEIcHlwaS5vcmc", f"[{_URLSAFE}]{{20,}}"),
    _rule("rubygems", "rubygems_", "[0-9a-f]{48}"),
    *(_rule(f"shopify-{p[:5]}", p, "[0-9a-fA-F]{32}")
      for p in ("shpat_", "shpss_", "shpca_", "shppa_")),
    _rule("mailgun", "key-", f"[0-9a-f]{{32}}{_END}"),
    _infix("mailchimp", r"[0-9a-f]{32}-us\d{1,2}(?![\w-])", 32, "-us"),
    _rule("telegram-bot", "AA", f"[{_URLSAFE}]{{33}}{_END}"),
    _rule("jwt", "eyJ", f"[{_URLSAFE}]{{5,}}\\.eyJ[{_URLSAFE}]{{5,}}\\.[{_URLSAFE}]*"),
    *(_rule(f"digitalocean-{p[:3]}", p, "[0-9a-f]{64}") for p in ("dop_v1_", "doo_v1_", "dor_v1_")),
    _rule("databricks", "dapi", f"[0-9a-f]{{32}}(?:-\\d)?{_END}"),
    _rule("newrelic-user", "NRAK-", "[A-Z0-9]{27}"),
    _rule("newrelic-insert", "NRII-", f"[{_URLSAFE}]{{32}}"),
    _infix("newrelic-license", "[0-9a-fA-F]{36}NRAL", 36, "NRAL"),
    _rule("sentry-user", "sntryu_", "[0-9a-f]{64}"),
    _rule("sentry-org", "sntrys_", f"[{_B62}_=+/]{{40,}}"),
    _rule("grafana-service-account", "glsa_", f"[{_B62}]{{32}}_[0-9a-f]{{8}}"),
    _rule("grafana-cloud", "glc_", f"[{_B62}+/=]{{32,}}"),
    _rule("atlassian", "ATATT3", f"[{_URLSAFE}=]{{100,}}"),
    _rule("linear", "lin_api_", f"[{_B62}]{{40}}"),
    *(_rule(f"doppler-{p[3:5]}", p, f"[{_B62}.]{{40,}}")
      for p in ("dp.st.", "dp.pt.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit.")),
    _infix("terraform-cloud", f"[{_B62}]{{14}}\\.atlasv1\\.[{_URLSAFE}]{{60,}}", 14, ".atlasv1."),
    _rule("pulumi", "pul-", "[0-9a-f]{40}"),
    _rule("huggingface", "hf_", f"[{_B62}]{{34}}{_END}"),
    _rule("huggingface-org", "api_org_", f"[{_B62}]{{34}}"),
    _rule("square-access", "EAAA", f"[{_URLSAFE}+=]{{56,}}"),
    *(_rule(f"square-{p[3:6]}", p, f"[{_URLSAFE}]{{22,}}") for p in ("sq0atp-", "sq0csp-")),
    _rule("postman", "PMAK-", "[0-9a-f]{24}-[0-9a-f]{34}"),
    _rule("dropbox", "sl.", f"[{_URLSAFE}=]{{130,}}"),
    _rule("artifactory", "AKCp", f"[{_B62}]{{60,}}"),
    _rule("dockerhub", "dckr_pat_", f"[{_URLSAFE}]{{27,}}"),
    _rule("supabase", "sbp_", "[0-9a-f]{40}"),
    *(_rule(f"planetscale-{p[7:9]}", p, f"[{_URLSAFE}.]{{32,}}")
      for p in ("pscale_tkn_", "pscale_pw_", "pscale_oauth_")),
    _rule("anthropic-admin", "sk-ant-admin01-", f"[{_URLSAFE}]{{80,}}"),
    _rule("groq", "gsk_", f"[{_B62}]{{40,}}"),
    _rule("replicate", "r8_", f"[{_B62}]{{37}}"),
    _rule("perplexity", "pplx-", f"[{_B62}]{{40,}}"),
    _rule("xai", "xai-", f"[{_B62}]{{70,}}"),
    _rule("notion", "ntn_", f"[{_B62}]{{40,}}"),
    _rule("figma", "figd_", f"[{_URLSAFE}]{{40,}}"),
    _rule("brevo", "xkeysib-", f"[0-9a-f]{{64}}-[{_B62}]{{16}}"),
    _rule("contentful", "CFPAT-", f"[{_URLSAFE}]{{43}}"),
    _rule("easypost", "EZAK", f"[{_B62}]{{54}}"),
    _rule("flutterwave", "FLWSECK", f"[{_URLSAFE}]{{30,}}"),
    _rule("tailscale", "tskey-", f"[{_URLSAFE}]{{20,}}"),
    _rule("netlify", "nfp_", f"[{_B62}]{{36}}"),
    _rule("render", "rnd_", f"[{_B62}]{{32}}"),
    _rule("buildkite", "bkua_", "[0-9a-f]{40}"),
    _rule("circleci", "CCIPAT_", f"[{_B62}_]{{40,}}"),
    _rule("prefect", "pnu_", f"[{_B62}]{{36}}"),
    _rule("readme", "rdme_", "[0-9a-z]{70}"),
    _rule("shippo", "shippo_live_", "[0-9a-f]{40}"),
    _rule("typeform", "tfp_", f"[{_URLSAFE}.]{{59,}}"),
    _rule("onepassword-service", "ops_eyJ", f"[{_URLSAFE}=]{{40,}}"),
    _rule("adafruit", "aio_", f"[{_B62}]{{28}}"),
    _rule("mapbox", "sk.eyJ", f"[{_URLSAFE}.]{{40,}}"),
    _infix("azure-ad-client-secret", f"[{_URLSAFE}~.]{{3}}8Q~[{_URLSAFE}~.]{{31,34}}", 3, "8Q~"),
)
"""Every vendor rule, most specific first (a PEM block before anything inside it)."""

_PASSES: tuple[re.Pattern[str], ...] = (
    # PEM private keys, also unterminated ones pasted half-way (masked to the end of the text).
    re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?"
               r"(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)", re.DOTALL),
    re.compile(r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[\w/-]+"),
    re.compile(r"https://discord(?:app)?\.com/api/webhooks/\d+/[\w-]+"),
    re.compile(f"FlyV1 fm\\d_[{_URLSAFE}=+/,]{{40,}}"),
)
_BY_HEAD: dict[str, list[VendorRule]] = {}
for _each in VENDOR_RULES:
    if _each.head:
        _BY_HEAD.setdefault(_each.head, []).append(_each)
_INFIXES = tuple(rule for rule in VENDOR_RULES if not rule.head)
_TOKEN_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-")
_MASK = bytes(0x61 if i in _TOKEN_BYTES else 0x20 for i in range(256))
_SHORTEST = b"a" * 14
_TELEGRAM_ID = re.compile(r"(?<![0-9])[0-9]{8,10}:\Z")


def find_vendor_secrets(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every vendor-shaped credential in ``text``."""
    for pattern in _PASSES:
        for match in pattern.finditer(text):
            yield match.span()
    mask = text.encode("ascii", "replace").translate(_MASK)
    start = mask.find(_SHORTEST)
    while start != -1:
        end = mask.find(b" ", start)
        end = len(mask) if end == -1 else end
        span = _vendor_token(text, start)
        if span is not None:
            yield span
        start = mask.find(_SHORTEST, end)


def _vendor_token(text: str, start: int) -> tuple[int, int] | None:
    """The credential that starts the token at ``start``, if any rule matches it."""
    for rule in _BY_HEAD.get(text[start : start + 2], ()):
        match = rule.pattern.match(text, start)
        if match is not None:
            return _widened(text, rule, match.span())
    for rule in _INFIXES:
        offset, literal = rule.infix
        if text.startswith(literal, start + offset):
            match = rule.pattern.match(text, start)
            if match is not None:
                return match.span()
    return None


def _widened(text: str, rule: VendorRule, span: tuple[int, int]) -> tuple[int, int] | None:
    """A Telegram token includes the bot id before ``:AA``; without one it is no token."""
    if rule.name != "telegram-bot":
        return span
    bot_id = _TELEGRAM_ID.search(text, max(0, span[0] - 11), span[0])
    return None if bot_id is None else (bot_id.start(), span[1])
