"""Rule-based event kinds for timeline rows: trigger, alert, detection, communication, ...

``classify_event`` reads one line of evidence (a chat message, a note, a log line, an alert)
and names its role in the incident. The rules are ordered: the first kind whose pattern matches,
not negated and not asked as a question, wins. The order settles lines that mention two things
("rolled back the deploy" is a mitigation, not a trigger; "[RESOLVED] HighErrorRate" is a
resolution, not an alert).

Some things change the reading of a phrase:

* a negation just before it ("not resolved yet", "no rollback") cancels it; a negation after it
  does not ("rollback didn't help" is still a mitigation attempt);
* a question or a proposal ("should we roll back?", "we could restart it") is not the action,
  nor is an action ruled out ("restarting is not an option") or a suspected cause ("probably
  the 16:00 deploy");
* in a person's line, a condition ("if the lag grows we'll fail over"), a plan ("next week")
  or an earlier incident ("same symptoms as last month") cancels any kind, and an unchecked
  to-do or a postmortem heading ("Root cause: ...") is not an event at all.

Log lines are read more strictly than people's messages: a log that says "restarting" is
usually a crash loop, and "resolved" in a log is usually a DNS lookup, so only unambiguous
phrases count there. An ERROR line is ``other`` unless one of the rules matches it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.domain import EventKind
from assistant.rules.timeline.event_rules import HUMAN_RULES, LOG_RULES, TOOL_RULES
from assistant.rules.timeline.rule_table import PhraseRule

_ALERT_BOTS = re.compile(
    r"pagerduty|opsgenie|alertmanager|victorops|splunk on-?call|datadog|grafana|prometheus"
    r"|nagios|icinga|zabbix|new ?relic|sentry|cloudwatch|pingdom|statuscake|uptime ?robot"
    r"|incident\.io|firehydrant|rootly|statuspage"
)

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nothing|without|cannot|can't|won't|don't|didn't|doesn't|isn't"
    r"|aren't|wasn't|weren't|hasn't|haven't|hadn't|neither|nor|yet to|instead of|rather than)\b"
    r"(?:\s+\S+){0,2}\s*$"
)
_QUESTION_START = re.compile(
    r"^(?:\W*)(?:should|shall|can|could|would|do|does|did|is|are|was|were|has|have|will|any"
    r"|anyone|anybody|what|why|how|when|who|where|which|maybe|perhaps|thoughts)\b(?!')"
)
_PROPOSAL = re.compile(
    r"\b(?:should|could|might|may|maybe|perhaps|consider(?:ing)?|propose|proposal|suggest"
    r"|option|thinking about|want to|wants to|do we want|plan b|if needed|if it|in case"
    r"|propos(?:e|es|ed|ing|al)|suggest(?:s|ed|ing|ion)?|recommend(?:s|ed|ing)?)\b"
    r"(?:\s+\S+){0,3}\s*$"
)
_CONDITION = re.compile(r"(?:^|[,;:(] ?)\W*(?:if|unless|once|in case|otherwise)\b")
"""A condition opening the clause before a phrase ("if the lag grows we'll fail over")."""
_DISMISSED = re.compile(
    r"\S*\s+(?:is|are|was|would be|isn't|aren't)\s+(?:not an option|off the table|a no-go"
    r"|not possible|out of the question|not needed|unnecessary|too risky|not safe)\b"
)
"""An action ruled out after it is named ("restarting is not an option")."""
_NOT_NOW = re.compile(
    r"\b(?:tomorrow|next (?:week|sprint|month|quarter|release)|later (?:today|this week|on)"
    r"|plan is to|planning to|plan to|last (?:week|month|year|quarter|time)|same (?:symptoms?"
    r"|thing|issue|problem|pattern|error) as)\b"
)
"""Markers of a line about another time (a plan, an earlier incident): what it names is not
happening now."""
_GUESS = re.compile(
    r"\b(?:i think|i guess|i doubt|i suspect|suspect|probably|likely|possibly)\b"
    r"|\b(?:related|the cause|caused (?:it|this))\b"
)
"""A guess at a cause ("probably the 16:00 deploy"): names a change or an action, not one now."""
_NOT_AN_EVENT = re.compile(
    r"^#{1,6}\s|^(?:[-*+]\s+)?\[ \]|^(?:root cause|impact|what went (?:well|wrong)"
    r"|lessons?(?: learned)?"
    r"|summary|owner|attendees|participants|severity|detection gap|contributing factors?"
    r"|where we got lucky)\s*:"
)
"""A document heading, an unchecked to-do item or a postmortem's summary field: not a timeline
entry."""

_INVESTIGATING = re.compile(
    r"\b(?:investigat\w*|look(?:ing|ed|s)? into|debugg?\w*|troubleshoot\w*|digg?(?:ing)? into"
    r"|check(?:ing|ed)? (?:whether|if|why|how)|trying to (?:find|understand|figure|work out)"
    r"|(?:find|found|figure|work) out (?:why|whether|how|what)|analy[sz](?:e|ed|ing|is))\b"
    r"[^.;]*$"
)
"""An investigation step in the same sentence before a phrase ("investigating why latency is
back to normal on one node"): the question asked, not the state reached."""

_REFERENCE = re.compile(
    r"\b(?:after|since|before|despite|during|from|until|post|because of|due to|following)"
    r"\s+(?:the |a |an |our |that |this |last )?$"
)
"""A phrase naming an earlier action ("errors after the restart") rather than taking one."""


# Words that some log or tool rule needs (in any of their forms). A log line holding none of
# them cannot match a rule, so the hot loop over log lines skips it after one set test.
_LOG_STEMS = (
    "roll", "rollback", "rollout", "revert", "fail", "failover", "over", "promote", "flag",
    "feature", "toggle", "kill", "killswitch", "switch", "drain", "traffic", "maintenance",
    "mitigation", "hotfix", "resolve", "recover", "state", "acknowledge", "ack", "incident",
    "fire", "firing", "alert", "alarm", "monitor", "page", "pag", "trigger", "raise", "went",
    "trip", "breach", "critical", "threshold", "slo", "sli", "budget", "burn", "pagerduty",
    "opsgenie", "alertmanager", "victorops", "cloudwatch", "datadog", "deploy", "redeploy",
    "release", "ship", "config", "configuration", "migration", "migrate", "schema", "alter",
    "backfill", "enable", "turn", "ramp", "experiment", "cert", "certificate", "dns", "cutover",
    "terraform", "helm", "kubectl", "upgrade", "merge", "down", "declare", "sev", "escalate",
    "notify", "notified", "open", "create", "change", "changeset", "alembic", "rotate",
    "close", "clear", "problem", "issue", "violation", "anomaly", "anomalies", "restart", "scale",
    "primary", "leader", "master", "apply", "appli", "sync", "reconcile", "land", "live", "out",
    "promote", "bump", "update", "move", "patch", "chg", "crq", "rfc", "drop", "add", "rebuild",
    "remove", "rename", "canary", "percentage", "renew", "replace", "swap", "install", "upload",
    "switch", "lower", "edit", "modify", "modifi", "push", "go", "normal", "pager", "grafana",
    "pingdom", "scream", "blow", "lit", "light", "crazy",
)
_SUFFIXES = ("", "s", "d", "ed", "es", "ing", "ment", "ments", "ion", "ions")


def _word_forms(stems: Iterable[str]) -> frozenset[str]:
    """Every stem with common suffixes (doubling a final consonant, dropping a final e before a
    vowel), in three cases."""
    forms: set[str] = set()
    for stem in stems:
        for base in (stem, stem + stem[-1]):
            forms.update(base + suffix for suffix in _SUFFIXES)
        if stem.endswith("e"):  # "resolve": "resolved", "resolving", but not "resolvs"
            forms.update(stem[:-1] + suffix for suffix in _SUFFIXES if suffix[:1] in "aeiou")
    return frozenset(form for word in forms for form in (word, word.upper(), word.capitalize()))


_LOG_WORDS = _word_forms(_LOG_STEMS)
_LEVEL_WORDS = frozenset(
    {
    "ERROR", "ERR", "FATAL", "CRITICAL", "CRIT", "SEVERE", "PANIC", "EMERG", "EMERGENCY",
    "ALERT", "WARN", "WARNING", "error", "err", "fatal", "critical", "crit", "severe",
    "panic", "emerg", "warn", "warning", "Error", "Warning", "Fatal", "Critical",
    }
)
_WORD = re.compile(r"[A-Za-z]{3,}")  # every needed word has 3 letters or more
_SPACES = re.compile(r"\s+")


def classify_event(
    text: str, *, speaker: str | None = None, source_kind: str | None = None
) -> EventKind:
    """The role of one line of evidence in the incident, by rules.

    ``source_kind`` is ``notes``/``chat`` (people), ``log`` or ``alerts`` (systems); None is
    read as a person's line. A speaker that is an alerting or incident tool (PagerDuty,
    Opsgenie, Alertmanager, Statuspage...) makes the line a tool's line whatever the source.
    """
    tool = bool(speaker and _ALERT_BOTS.search(speaker.lower())) or source_kind == "alerts"
    if source_kind == "log" and not tool and _LOG_WORDS.isdisjoint(_WORD.findall(text)):
        return "other"
    low = normalize_text(text)
    if speaker and "statuspage" in speaker.lower().replace(" ", ""):
        return "communication"
    if tool:
        kind = _first_match(low, TOOL_RULES, human=False)
        if kind is None and source_kind != "alerts" and speaker:
            return "alert"  # a paging tool's own message with no status word is its page
        return kind or "other"
    human = source_kind != "log"
    if human and (_FOLLOW_UP.match(low) or _NOT_AN_EVENT.match(low)):
        return "other"  # a follow-up to do later ("TODO: add a canary"), not an event
    kind = _first_match(low, HUMAN_RULES if human else LOG_RULES, human=human)
    return kind if kind is not None else "other"


_FOLLOW_UP = re.compile(
    r"^(?:[-*+]\s+)?(?:\[[ x]\]\s*)?(?:todo|action(?:\s+item)?|follow[\s-]?up|ai|next step)"
    r"\s*[:\-]",
)


def log_line_matters(text: str) -> bool:
    """Cheap test of a log line: False means it is plain chatter, with no log level above info
    and no word any log rule needs, so ``classify_event(text, source_kind="log")`` is "other"
    and ``log_severity(text)`` is "info". For the hot loop over millions of log lines.
    """
    words = _WORD.findall(text)
    return not (_LOG_WORDS.isdisjoint(words) and _LEVEL_WORDS.isdisjoint(words))


def normalize_text(text: str) -> str:
    """Lower case, straight apostrophes, single spaces: the form the rules are written for."""
    return _SPACES.sub(" ", text.replace("\u2019", "'").replace("\u2018", "'")).strip().lower()


def _first_match(low: str, rules: Iterable[PhraseRule], *, human: bool) -> EventKind | None:
    """The kind of the first rule with a match that is neither negated nor only asked about.

    A person's negated resolution ("not resolved yet") reads as detection: the impact goes on.
    """
    question = _is_question(low)
    elsewhen = human and _NOT_NOW.search(low) is not None
    guess = human and _GUESS.search(low) is not None
    for rule in rules:
        for pattern in rule.patterns:
            for match in pattern.finditer(low):
                before = low[: match.start()]
                if _NEGATION.search(before):
                    if human and rule.kind == "resolution" and not question:
                        return "detection"  # "not resolved yet": impact is ongoing
                    continue
                if human and (elsewhen or _CONDITION.search(before)):
                    continue  # a plan, an earlier incident, or a condition: not happening now
                if human and rule.kind == "resolution" and _INVESTIGATING.search(before):
                    continue  # an investigation step names the state it looks into
                if rule.action and _not_taken(low, before, match.end(), question):
                    continue
                if guess and rule.kind in ("trigger", "mitigation"):
                    continue  # "probably the 16:00 deploy": a suspect, not the change itself
                return rule.kind
    return None


def _not_taken(low: str, before: str, end: int, question: bool) -> bool:
    """True when an action phrase is asked about, proposed, a reference to an earlier action
    ("after the restart") or ruled out after it is named ("restarting is not an option")."""
    return (
        question
        or _PROPOSAL.search(before) is not None
        or _REFERENCE.search(before) is not None
        or _DISMISSED.match(low, end) is not None
    )


def _is_question(low: str) -> bool:
    """True for a line asked as a question: ends with ``?`` or opens with a question word."""
    return low.rstrip(" .!)").endswith("?") or bool(_QUESTION_START.match(low))


def is_alert_tool(speaker: str | None) -> bool:
    """True when the speaker is an alerting, paging or incident tool rather than a person."""
    return bool(speaker and _ALERT_BOTS.search(speaker.lower()))
