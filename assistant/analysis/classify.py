"""Rule-based event kinds for timeline rows: trigger, alert, detection, communication, ...

``classify_event`` reads one line of evidence (a chat message, a note, a log line, an alert)
and names its role in the incident. The rules are ordered: the first kind whose pattern matches,
not negated and not asked as a question, wins. The order settles lines that mention two things
("rolled back the deploy" is a mitigation, not a trigger; "[RESOLVED] HighErrorRate" is a
resolution, not an alert).

Two things change the reading of a phrase:

* a negation just before it ("not resolved yet", "no rollback") cancels it; a negation after it
  does not ("rollback didn't help" is still a mitigation attempt);
* a question or a proposal ("should we roll back?", "we could restart it") is not the action.

Log lines are read more strictly than people's messages: a log that says "restarting" is
usually a crash loop, and "resolved" in a log is usually a DNS lookup, so only unambiguous
phrases count there. An ERROR line is ``other`` unless one of the rules matches it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.domain import EventKind

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
    r"|anyone|anybody|what|why|how|when|who|where|which|maybe|perhaps|thoughts)\b"
)
_PROPOSAL = re.compile(
    r"\b(?:should|could|might|may|maybe|perhaps|consider(?:ing)?|propose|proposal|suggest"
    r"|option|thinking about|want to|wants to|do we want|plan b|if needed|if it|in case)\b"
    r"(?:\s+\S+){0,3}\s*$"
)

_REFERENCE = re.compile(
    r"\b(?:after|since|before|despite|during|from|until|post|because of|due to|following)"
    r"\s+(?:the |a |an |our |that |this |last )?$"
)
"""A phrase naming an earlier action ("errors after the restart") rather than taking one."""

def _P(pattern: str) -> re.Pattern[str]:  # noqa: N802  # short, to keep the tables readable
    """Compile a rule pattern; ``[^.]`` (stay in the sentence) still lets ``api.example.com``
    through, as a dot that is not followed by a space does not end a sentence."""
    return re.compile(pattern.replace("[^.]", r"(?:[^.]|\.(?=\S))"))


@dataclass(frozen=True)
class _Rule:
    """Patterns that mark one kind, and whether negation and questions cancel them."""

    kind: EventKind
    patterns: tuple[re.Pattern[str], ...]
    action: bool = True
    """True when a question or proposal about it is not the thing itself."""


_ALERT_RESOLVED = _Rule(
    "resolution",
    (
        _P(r"\[resolved\]|\bresolved:|\bstatus[=:]\s*\"?resolved\b|\bstate[=:]\s*\"?ok\b"),
        _P(r"\b(?:alert|alarm|monitor|incident|page|check|probe)\b[^.]{0,60}"
           r"\b(?:resolved|recovered)\b"),
        _P(r"\b(?:recovered|resolved)\b[^.]{0,30}\b(?:alert|alarm|monitor)\b"),
        _P(r"\bchanged? (?:state )?(?:from alarm )?to ok\b|\b(?:alert|alarm|incident|page)\s+"
           r"(?:\S+ )?(?:closed|cleared)\b|\bback to normal\b"),
    ),
)
_ACK = _Rule(
    "detection",
    (
        _P(r"\back(?:ed|'d|nowledged?|nowledging|ing)?\b"),
        _P(r"\bi'?m on it\b|\bon it\b|\b(?:taking|i'll take|i will take|i've got|i got) (?:this|it"
           r"|that)(?: one)?\b|\b(?:incident commander|ic)\b[^.]{0,20}\b(?:assigned|is|took)\b"),
        _P(r"\b(?:incident|sev ?[0-4]|p[0-4])\b[^.]{0,30}\b(?:declared|opened|created|started)\b"),
        _P(r"\bdeclar(?:e|ed|ing)\b[^.]{0,25}\b(?:incident|sev ?[0-4]|p[0-4]|outage)\b"),
    ),
    action=False,
)
_ALERT_TOOL = _Rule(
    "alert",
    (
        _P(r"\b(?:triggered|firing|fired|raised|alerting|opened|created|escalated|notified)\b"),
        _P(r"\bincident #?\w+\b|\bnew issue\b|\bis down\b|\bstate (?:changed )?to alarm\b"),
        _P(r"^\W*(?:alarm|alert|critical|down|problem|warning)\b"
           r"|\b(?:alarm|alert|critical|down|problem|warning)\s*:"),
    ),
)
_COMMUNICATION = _Rule(
    "communication",
    (
        _P(r"\bstatus ?page\b|\bstatus\.io\b|\bstatus site\b"),
        _P(r"\b(?:post|publish|sent|send|shar|announc)\w* (?:\S+ )?(?:in|to|on) #?[\w-]*"
           r"(?:status|announce|customers?|stakeholders?|updates?|comms|support)[\w-]*"),
        _P(r"\b(?:post|publish|send|sent|share|push)(?:ed|ing|s)? (?:an? |the |our |first )?"
           r"(?:\w+ )?(?:update|notice|announcement|communication|comms|email|message)\b"),
        _P(r"\b(?:update|notice|announcement|comms) (?:posted|published|sent|went out|is out)\b"),
        _P(r"\b(?:notif|inform|email|messag|updat|tell|told|brief|alert)(?:y|ied|ed|ing|s)?\s+"
           r"(?:the |our |all |affected |key |major )?(?:\w+ )?(?:customers?|users|stakeholders"
           r"|support|leadership|execs?|executives|management|account (?:managers|teams?)"
           r"|cs|customer success|partners|merchants|clients|vp|cto|ceo|legal|pr team)\b"),
        _P(r"\b(?:customer|external|public|stakeholder|exec|internal) (?:comms|communication"
           r"|update|notice|notification|email|announcement)s?\b"),
        _P(r"\btweet(?:ed|ing)?\b|\bnotified\b|\bcomms lead\b|\bheads[- ]up\b|\bbriefed\b"),
        _P(r"\b(?:sent|send|sending|posted|posting|shared|sharing|gave|giving|wrote|writing)\b"
           r"[^.]{0,40}\bto (?:the |our |all )?(?:\S+ ){0,2}?(?:customers?|users|stakeholders"
           r"|leadership|execs?|executives|management|support|merchants|partners|clients)\b"),
    ),
)
_RESOLUTION = _Rule(
    "resolution",
    (
        _P(r"\b(?:resolved|all clear|all green|back to (?:normal|baseline|green|healthy)"
           r"|fully (?:operational|recovered|restored|functional)|healthy again|stood down"
           r"|standing down|stand down)\b"),
        _P(r"\b(?:incident|issue|outage)\b[^.]{0,20}\b(?:closed|over|ended|resolved|fixed)\b"),
        _P(r"\bclos(?:e|ed|ing) (?:out )?(?:the |this )?(?:incident|bridge|war ?room|channel)\b"),
        _P(r"\b(?:error rates?|errors|latency|latencies|5xx|500s|success rate|traffic|p9\d|p50"
           r"|queue|lag|cpu|memory|metrics|graphs|dashboards?)\b[^.]{0,40}\b(?:normal|normali[sz]ed"
           r"|recovered|baseline|back down|back to|subsided|flat|green|zero|nominal)\b"),
        _P(r"\b(?:service|services|functionality|checkout|payments?|api|site|access)\b"
           r"[^.]{0,25}\b(?:restored|recovered|back up|working again|operational again)\b"),
        _P(r"\brecover(?:ed|y (?:confirmed|complete))\b|\bno (?:more |new )?(?:errors|5xx|500s"
           r"|failures|alerts)\b|\bstable (?:for|since|again|now)\b|\bstabili[sz]ed\b"),
        _P(r"\bno longer (?:elevated|spiking|failing|erroring|seeing|down|degraded|impacted)\b"),
        _P(r"\b(?:green|healthy|stable|normal|operational|working|online) again\b|\bback online\b"
           r"|\bback (?:under|below) \S+|\bunder control\b|\bimpact (?:ended|ends|stopped"
           r"|is over|over)\b|\bend of impact\b"),
    ),
)
_MITIGATION = _Rule(
    "mitigation",
    (
        _P(r"\broll(?:ing|ed)?[ -]?back\b|\brollbacks?\b|\brevert(?:ed|ing|s)?\b"
           r"|\broll(?:ing|ed)? (?:\S+ ){1,3}?back\b"),
        _P(r"\bfail(?:ed|ing)?[ -]?over\b|\bfailovers?\b|\bpromot(?:e|ed|ing) (?:the )?"
           r"(?:replica|standby|secondary)\b"),
        _P(r"\brestart(?:ed|s)?\b|\brestarting\b(?! (?:with|because|due|in a|on a|loop|again"
           r"|repeatedly|constantly|continuously|every))(?!\s*[,.;:)]|\s*$)"
           r"|\breboot(?:ed|ing|s)?\b|\bbounc(?:e|ed|ing)\b"
           r"|\brecycl(?:e|ed|ing)\b"),
        _P(r"\bscal(?:e|ed|ing) (?:\S+ ){0,6}?(?:up|out|down|to|back|from)\b"
           r"|\badd(?:ed|ing) (?:\S+ ){0,3}?(?:capacity|nodes?|replicas?|instances?|pods?|workers?"
           r"|hosts?|shards?|brokers?|servers?|machines?|vms?|containers?|consumers?|partitions?)\b"),
        _P(r"\bdrain(?:ed|ing|s)?\b|\bcordon(?:ed|ing)?\b|\bfenc(?:e|ed|ing) off\b"),
        _P(r"\b(?:disabl(?:e|ed|ing)|turn(?:ed|ing)? off|switch(?:ed|ing)? off)\b"
           r"|\b(?:flip|toggl)\w* (?:\S+ ){0,3}?off\b|\bkill(?:ed|ing)?\b[^.]{0,30}\b(?:flag"
           r"|feature|toggle|switch)\b"),
        _P(r"\b(?:flags?|features?|toggles?)\b[^.]{0,30}\b(?:disabled|turned off|switched off"
           r"|set to (?:false|off|0))\b|\bkill ?switch\b"),
        _P(r"\bkill(?:ed|ing)? (?:the|all|that|those|these|stuck|runaway|long[- ]running"
           r"|hung)\b|\b(?:flip|flipp|switch|point|send|sent|drain|fail)\w* (?:\S+ ){0,2}?traffic\b"
           r"|\btraffic\b[^.]{0,30}\b(?:routed|rerouted|moved|shifted|drained|switched|sent"
           r"|redirected)\b|\bremov(?:e|ed|ing) (?:the )?(?:bad|broken|faulty|unhealthy|failing"
           r"|sick) \S+|\b(?:took|take|taking|pulled|pull|pulling) (?:\S+ ){0,3}?out of (?:rotation"
           r"|service|the pool|the cluster|the lb)\b"
           r"|\b(?:throttl\w*|rate[- ]limit\w*|block(?:ed|ing)?) (?:the|all|some|our|those"
           r"|these|that|incoming|inbound|outbound)\b"),
        _P(r"\b(?:block(?:ed|ing)?|throttl(?:e|ed|ing)|rate[- ]limit(?:ed|ing)?|shed(?:ding)?"
           r"|shift(?:ed|ing)?|redirect(?:ed|ing)?|rerout(?:e|ed|ing)|divert(?:ed|ing)?"
           r"|mov(?:e|ed|ing)) (?:\S+ ){0,3}?(?:ip|ips|traffic|load|requests"
           r"|clients?|bots?|users)\b"),
        _P(r"\bmitigat(?:e|ed|ing|ion)\b|\bhot ?fix(?:ed|es)?\b|\bworkaround\b|\bband-?aid\b"),
        _P(r"\b(?:deploy|ship|push|roll)(?:ed|ing|s)? (?:out )?(?:a |the |our )?(?:\w+ )?fix\b"
           r"|\bfix (?:is )?(?:deployed|rolled out|shipped|going out|out)\b"),
        _P(r"\b(?:clear|flush|purg|invalidat)(?:e|ed|ing)? (?:the |all )?(?:\w+ )?"
           r"(?:cache|caches|queue|cdn)\b|\bpaus(?:e|ed|ing) (?:the )?(?:\w+ )?(?:job|jobs"
           r"|consumer|consumers|pipeline|deploys?|cron|queue|worker|workers)\b"),
        _P(r"\b(?:increas|bump|rais|doubl|tripl)\w* (?:\S+ ){0,3}?(?:pool|limit|limits|memory"
           r"|timeout|timeouts|connections|capacity|replicas|quota)\b|\bfreez(?:e|ing) deploys\b"),
    ),
)
_LOG_MITIGATION = _Rule(
    "mitigation",
    (
        _P(r"\broll(?:ing|ed)?[ -]?back\b|\brollback (?:started|initiated|triggered|complete"
           r"|succeeded|finished|in progress)\b|\brevert(?:ed|ing)\b"),
        _P(r"\bfail(?:ed|ing)?[ -]?over (?:to|complete|started|initiated)\b|\bfailover "
           r"(?:started|initiated|complete|completed|triggered|to)\b|\bpromot(?:ed|ing) "
           r"(?:replica|standby|secondary)\b"),
        _P(r"\b(?:flags?|features?|toggles?)\b[^.]{0,60}\b(?:disabled|turned off"
           r"|set to (?:false|off|0|disabled))\b|\benabled\b[^.]{0,10}\bset to (?:false|off|0)\b"
           r"|\bdisabl(?:ed|ing) (?:feature )?flag\b|\bkill ?switch (?:on|enabled|activated)\b"),
        _P(r"\bdrain(?:ed|ing) (?:node|host|pool|traffic|connections)\b|\btraffic "
           r"(?:shifted|drained|moved|rerouted)\b|\bmaintenance mode (?:on|enabled)\b"),
        _P(r"\bmitigation (?:applied|started|enabled)\b|\bhotfix\b"),
    ),
)
_ALERT = _Rule(
    "alert",
    (
        _P(r"\[firing(?::\d+)?\]|\bfiring\b|\balert(?:s|ing)?\s*(?::|\[|-)|^\W*alert\b|\bpage\s*:"
           r"|\bfirst (?:page|alert)\b|\b(?:pd|pager|pagerduty|opsgenie|alarm|alert|page|monitor)\b"
           r"[^.]{0,20}\b(?:went|going|goes|go) off\b"),
        _P(r"\b(?:pagerduty|opsgenie|pd|pager|alerts?|monitors?|datadog|grafana|pingdom)\b"
           r" (?:is |are |just )?(?:screaming|blowing up|lit up|lighting up|going crazy|paging)\b"),
        _P(r"\b(?:alert|alarm|monitor|check|page|probe|slo|sli)s?\b[^.]{0,50}\b(?:triggered"
           r"|fired|firing|raised|went off|opened|tripped|breached|alerting|is down)\b"),
        _P(r"\b(?:triggered|fired|raised)\b[^.]{0,30}\b(?:alert|alarm|page|monitor)\b"),
        _P(r"\bpag(?:ed|ing)\b|\bpage (?:went out|sent|fired)\b|\bgot an? (?:alert|page)\b"),
        _P(r"\b(?:threshold|slo|error budget) (?:exceeded|breached|crossed|burn)\b|\bburn rate\b"
           r"|\bin alarm\b|\balarm state\b|\bstate[=:]\s*\"?alarm\b"
           r"|\bstate (?:changed )?to alarm\b"),
    ),
)
_DETECTION = _Rule(
    "detection",
    (
        _P(r"\bseeing\b|\bwe see\b|\bi see\b|\bnotic(?:ed|ing)\b|\bspott(?:ed|ing)\b"
           r"|\bobserv(?:ed|ing)\b"),
        _P(r"\blook(?:ing|s)? (?:in)?to\b|\blooking at\b|\btaking a look\b|\binvestigat"
           r"(?:e|ing|ion)\b|\bdigging\b|\btriag(?:e|ing)\b|\bjump(?:ing|ed)? on\b"
           r"|\bjoin(?:ing|ed)? (?:the )?(?:bridge|call|war ?room|channel|incident)\b"),
        _P(r"\b(?:errors?|error rate|5xx|500s|502s|503s|504s|timeouts|latency|failures)\b"
           r"[^.]{0,30}\b(?:up|spik(?:e|ed|ing)|elevated|high|climbing|jumped|increas(?:e|ed"
           r"|ing)|through the roof|everywhere|again|are back)\b"),
        _P(r"\b(?:spike|surge|jump|flood|wave) (?:in|of) (?:errors|5xx|500s|timeouts|latency"
           r"|failures|complaints|tickets)\b"),
        _P(r"\b(?:customers?|users|merchants|clients|support|cs|tickets?)\b[^.]{0,25}\b"
           r"(?:reporting|reported|report|complain(?:ing|ts|ed)?|can't|cannot|unable|escalat(?:ed|ing)"
           r"|seeing|getting)\b|\breports? of\b"),
        _P(r"\b(?:is|are|went|seems|looks) (?:\w+ )?(?:down|broken|failing|degraded|unreachable"
           r"|timing out|erroring|hard down|empty|missing|stale|slow|unavailable|not working"
           r"|not loading)\b|\breturning (?:\S+ )?(?:5\d\ds?|5xx|errors?)\b|\boutage\b"
           r"|\bsomething(?:'s| is) (?:wrong|off)\b"),
        _P(r"\bstill (?:seeing|failing|erroring|broken|down|getting|high|elevated|not)\b"),
        _P(r"\b(?:we have|we've got|there's|there is|got) (?:a |an )?(?:\S+ )?(?:problem|issue"
           r"|outage|incident)\b|\bconfirm(?:ed|ing)? (?:the )?(?:impact|issue|outage|errors?"
           r"|reports?)\b|\bopen(?:ing|ed)? (?:an |a )?incident\b"),
        _P(r"\b(?:can't|cannot|can not|unable to|couldn't) (?:sign|log|login|pay|check ?out"
           r"|connect|access|load|reach|place|buy|book|upload|download)\b"),
        _P(r"\b(?:graphs?|dashboards?|charts?|panels?)\b[^.]{0,20}\b(?:red|spiking|on fire)\b"),
        _P(r"\bwar ?room\b|\bincident channel\b|\bbridge (?:open|up|started)\b|\bsev ?[0-4]\b"),
    ),
    action=False,
)
_LOG_DETECTION = _Rule(
    "detection",
    (
        _P(r"\b(?:incident|alert|page)\b[^.]{0,40}\backnowledged\b|\backnowledged by\b"),
        _P(r"\bincident (?:\S+ )?(?:declared|opened|created)\b"),
    ),
    action=False,
)
_TRIGGER = _Rule(
    "trigger",
    (
        _P(r"\bdeploy(?:ed|ing|ment|ments|s)?\b|\bre-?deploy(?:ed)?\b|\brelease[ds]?\b"
           r"|\breleasing\b|\broll(?:ed|ing)?[ -]?out\b|\brollouts?\b|\bshipp(?:ed|ing)\b"
           r"|\bcanary\b|\bchange (?:request |ticket )?[a-z]+-\d+\b|\bchg-?\d+\b"),
        _P(r"\b(?:push|pushing|pushed|ship|shipping|shipped|roll|rolled|rolling)\b[^.]{0,40}\bto "
           r"(?:prod|production|staging|all|every|canary|\d+%)\b|\b(?:enabled|turned on|switched on"
           r"|launched|activated)\b[^.]{0,40}\bin (?:prod|production)\b"),
        _P(r"\bcut(?:ting)?[ -]?over\b|\b(?:is|went|goes|going) live\b|\b(?:rebuild|reindex"
           r"|reshard|rebalanc|vacuum full|compaction)\w*\b"),
        _P(r"\bchang(?:e|ed|ing)\b (?:the )?(?:\S+ ){0,3}?(?:policy|policies|settings?|rules?"
           r"|thresholds?|parameters?)\b"),
        _P(r"\brotat(?:e|ed|ing) (?:the )?(?:\S+ ){0,2}?(?:credentials?|secrets?|keys?|passwords?"
           r"|tokens?|certs?|certificates?)\b|\bchangeset\b|\balembic upgrade\b|\bdb:migrate\b"),
        _P(r"\bconfig(?:uration)?s? (?:change|changed|update|updated|push|pushed|reload|reloaded"
           r"|applied|rollout)\b|\bchang(?:e|ed|ing) (?:the |a )?(?:\w+ )?config(?:uration)?\b"),
        _P(r"\bmigrat(?:ion|ions|ed|ing)\b|\bschema change\b|\balter table\b|\bbackfill\b"),
        _P(r"\b(?:enabl(?:e|ed|ing)|turn(?:ed|ing)? on|ramp(?:ed|ing)?|roll(?:ed|ing) out|flip\w*"
           r"|toggl\w*)\b[^.]{0,30}\b(?:flag|feature|experiment)\b|\b(?:flag|feature|experiment)\b[^.]{0,30}"
           r"\b(?:enabled|turned on|ramped|set to (?:true|on|\d+%))\b"),
        _P(r"\bcert(?:ificate)?s? (?:renew|rotat|expir|replac|updat|swap)\w*|\b(?:renew|rotat)"
           r"(?:ed|ing) (?:the )?(?:tls |ssl )?cert"),
        _P(r"\bdns (?:change|changed|record|records|update|updated|cutover|switch|migration)\b"
           r"|\bcutover\b|\bterraform apply\b|\bhelm (?:upgrade|install)\b|\bkubectl apply\b"
           r"|\bupgrad(?:e|ed|ing)\b|\bmaintenance (?:window|started)\b|\bmerged\b"),
    ),
)

_HUMAN_RULES = (_COMMUNICATION, _RESOLUTION, _MITIGATION, _ACK, _ALERT, _DETECTION, _TRIGGER)
_LOG_TRIGGER = _Rule(
    "trigger",
    (
        _P(r"\b(?:deployed|deploying|deployment|redeploy\w*|rollout|rolled out|rolling out"
           r"|rolling update)\b|\b(?:released?|releasing) (?:\S+ )?(?:v?\d+\.\d|to (?:prod"
           r"|production|staging|canary))|\bdeploy(?:[:/_-]\S+)?(?: \S+)? (?:started|finished"
           r"|complete|completed|succeeded|of|to)\b|\brelease \S+ (?:deployed|started|rolled|to"
           r"|published)\b|\bdeploy[-_:/]\S*\b[^.]*\b(?:success|succeeded|finished|completed"
           r"|started)\b"),
        *_TRIGGER.patterns[1:],
    ),
)
_LOG_ALERT = _Rule("alert", _ALERT.patterns[:-1])
"""Alert phrases without the bare tool names: a log naming PagerDuty is not an alert."""
_LOG_RULES = (_ALERT_RESOLVED, _LOG_DETECTION, _LOG_MITIGATION, _LOG_ALERT, _LOG_TRIGGER)
_TOOL_RULES = (_ALERT_RESOLVED, _ACK, _ALERT_TOOL, *_LOG_RULES)

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
)
_SUFFIXES = ("", "s", "d", "ed", "es", "ing", "ment", "ments", "ion", "ions")


def _word_forms(stems: Iterable[str]) -> frozenset[str]:
    """Every stem with common suffixes (doubling a final consonant too), in three cases."""
    forms: set[str] = set()
    for stem in stems:
        bases = {stem, stem + stem[-1], stem[:-1] if stem.endswith("e") else stem}
        for base in bases:
            for suffix in _SUFFIXES:
                forms.add(base + suffix)
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
        kind = _first_match(low, _TOOL_RULES, human=False)
        if kind is None and source_kind != "alerts" and speaker:
            return "alert"  # a paging tool's own message with no status word is its page
        return kind or "other"
    human = source_kind != "log"
    if human and _FOLLOW_UP.match(low):
        return "other"  # a follow-up to do later ("TODO: add a canary"), not an event
    kind = _first_match(low, _HUMAN_RULES if human else _LOG_RULES, human=human)
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


def _first_match(low: str, rules: Iterable[_Rule], *, human: bool) -> EventKind | None:
    """The kind of the first rule with a match that is neither negated nor only asked about.

    A person's negated resolution ("not resolved yet") reads as detection: the impact goes on.
    """
    question = _is_question(low)
    for rule in rules:
        for pattern in rule.patterns:
            for match in pattern.finditer(low):
                before = low[: match.start()]
                if _NEGATION.search(before):
                    if human and rule.kind == "resolution" and not question:
                        return "detection"  # "not resolved yet": impact is ongoing
                    continue
                if rule.action and (
                    question or _PROPOSAL.search(before) or _REFERENCE.search(before)
                ):
                    continue
                return rule.kind
    return None


def _is_question(low: str) -> bool:
    """True for a line asked as a question: ends with ``?`` or opens with a question word."""
    return low.rstrip(" .!)").endswith("?") or bool(_QUESTION_START.match(low))


def is_alert_tool(speaker: str | None) -> bool:
    """True when the speaker is an alerting, paging or incident tool rather than a person."""
    return bool(speaker and _ALERT_BOTS.search(speaker.lower()))
