"""The phrase families that say what kind of event a line is: one rule per kind, for people's notes
and chat and for log lines.
"""

from __future__ import annotations

from assistant.rules.timeline.response_rules import (
    _ACK,
    _ALERT,
    _ALERT_RESOLVED,
    _ALERT_SPOKEN,
    _ALERT_TOOL,
    _COMMUNICATION,
    _LOG_MITIGATION,
    _MITIGATION,
    _RESOLUTION,
    _TOOL_RESOLVED,
)
from assistant.rules.timeline.rule_table import (
    _P,
    PhraseRule,
)

_DETECTION = PhraseRule(
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
        _P(r"\bhav(?:e|ing) a look\b|\blooking now\b|^\W*(?:i'?m |am )?looking\W*$|\bchecking"
           r" (?:now|it|this|that|on it)\b|\b(?:join|hop|hopp|jump|get|got|dial)\w* (?:on|in|into) "
           r"(?:the |this )?(?:bridge|call|war ?room|channel|zoom|meet|huddle|incident)\b"),
        _P(r"\b(?:hangs?|hanging|hung|stuck|frozen|wedged|crash(?:es|ing|ed|looping)|crashloop\w*"
           r"|oom(?:ing|ed|s)?|oomkilled|flapping|erroring)\b|\bspin(?:s|ning)? (?:forever"
           r"|endlessly|indefinitely)\b|\bthrow(?:ing|s)? (?:\S+ )?(?:5\d\ds?|5xx|4\d\ds|errors?"
           r"|exceptions?|timeouts?)\b|\breturn(?:s|ing|ed)? (?:nothing|empty|blank|no results"
           r"|zero results|null|garbage|wrong|stale|4\d\ds?)\b"),
        _P(r"\bfail(?:s|ing)? (?:for|with|on|to|when|intermittently|randomly)\b|\b(?:keeps?"
           r"|started|start) failing\b|\b(?:facing|having|experiencing|hitting|encountering)"
           r" (?:an? |some |many |major |the |lots of |intermittent )?(?:\w+ )?(?:issues?|problems?"
           r"|errors|outage|degradation|slowness|failures|latency|timeouts|trouble)\b"),
        _P(r"\b(?:complaints?|tickets?|escalations?) (?:from|about|coming in|pouring in|flooding)\b"
           r"|\b(?:ticket|complaint) (?:volume|count|queue)\b[^.]{0,30}\b(?:up|spik\w*|tripl\w*"
           r"|doubl\w*|jump\w*|increas\w*|grow\w*|climb\w*)"),
        _P(r"\b(?:cpu|memory|mem|disk|lag|replication lag|queue(?: depth)?|backlog|load|heap|gc"
           r"|iowait|retries|connections|p9\d|p50|latency|errors?|error rate|timeouts)\b[^.]{0,30}"
           r"\b(?:rising|growing|climbing|doubled|tripled|pegged|maxed|saturated|spiking|exploding"
           r"|skyrocket\w*|going up|way up|off the charts|at (?:9\d|100) ?%)"
           r"|\b(?:pegged|maxed(?: out)?|saturated|exhausted)\b"),
        _P(r"\b(?:drop|dip|fall|decline|plunge)s? in (?:\w+ ){0,2}?(?:orders|traffic|requests"
           r"|signups|logins|conversions|revenue|checkouts|payments|rps|throughput|volume"
           r"|success rate)\b|\b(?:orders|traffic|requests|signups|logins|conversions|revenue"
           r"|checkouts|rps|throughput|success rate|sessions)\b[^.]{0,30}\b(?:dropped|dropping"
           r"|fell|falling|plummet\w*|tank\w*|crater\w*|halved)\b"),
        _P(r"\b(?:piling|backing|stacking|building) up\b|\bbacklog (?:is )?(?:growing|building"
           r"|increasing)\b|\b(?:tons|lots|loads|bunch|flood|wave|storm|burst|hundreds|thousands)"
           r" of (?:\w+ )?(?:errors|timeouts|exceptions|5xx|5\d\ds|failures|complaints|tickets"
           r"|retries)\b"),
        _P(r"\b(?:i'?m|i'll be|i will be|acting as|as|i am) (?:the )?(?:ic|incident commander"
           r"|incident lead|incident manager)\b|^\W*ic here\b|\bspinning up (?:an? |the )?"
           r"(?:incident|#?inc\S*|bridge|war ?room|channel)|\bengag(?:ed|ing)\b|\bescalat(?:ed"
           r"|ing) to\b"),
        _P(r"\bconfirm(?:ed|ing|s)?\b(?=\s*(?:[:,!]|$))|\b(?:can|i) confirm\b|\b(?:errors?"
           r"|impact|issue|problem|outage|bug|reports?|symptoms?)\b (?:\S+ )?confirmed\b"
           r"|\b(?:can |could |able to )?repro(?:duced|duce|'d|ed)?\b"),
        _P(r"\b(?:can'?t|cannot|can not|unable to|couldn'?t|not able to) (?:log ?in|sign ?in"
           r"|open|see|save|send|submit|create|start|search|stream|play|login|use|complete)\b"
           r"|\b(?:looks?|seems?|appears?|is|are|went) (?:to be |like it'?s )?(?:\w+ )?(?:stuck"
           r"|dead|hung|wedged|unhealthy|overloaded|unresponsive|flaky|offline|blank|full)\b"
           r"|\b(?:disk|volume|partition|filesystem)s?\b[^.]{0,15}\b(?:full|out of space)\b"
           r"|\bno space left\b|\bout of (?:memory|disk|space|connections)\b"),
    ),
    action=False,
)
_LOG_DETECTION = PhraseRule(
    "detection",
    (
        _P(r"\b(?:incident|alert|page)\b[^.]{0,40}\backnowledged\b|\backnowledged by\b"),
        _P(r"\bincident (?:\S+ )?(?:declared|opened|created)\b"),
    ),
    action=False,
)
_REBUILD = _P(r"\b(?:rebuild|reindex|reshard|rebalanc|vacuum full|compaction)\w*\b")
"""A rebuild a person starts is a change; a log's own "rebalanced" is routine housekeeping."""
_TRIGGER = PhraseRule(
    "trigger",
    (
        _P(r"\bdeploy(?:ed|ing|ment|ments|s)?\b(?! (?:history|log|logs|freeze|pipeline|dashboard"
           r"|tool|tooling|process|key|keys|bot|list|notes|queue|docs)\b)|\bre-?deploy(?:ed)?\b|\brelease[ds]?\b"
           r"|\breleasing\b|\broll(?:ed|ing)?[ -]?out\b|\brollouts?\b|\bshipp(?:ed|ing)\b"
           r"|\bcanary\b|\bchange (?:request |ticket )?[a-z]+-\d+\b|\bchg-?\d+\b"),
        _P(r"\b(?:push|pushing|pushed|ship|shipping|shipped|roll|rolled|rolling)\b[^.]{0,40}\bto "
           r"(?:prod|production|staging|all|every|canary|\d+%)\b|\b(?:enabled|turned on|switched on"
           r"|launched|activated)\b[^.]{0,40}\bin (?:prod|production)\b"),
        _P(r"\bcut(?:ting)?[ -]?over\b|\b(?:is|went|goes|going) live\b"),
        _REBUILD,
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
        _P(r"\bappl(?:y|ied|ying|ies) (?:\S+ ){0,3}?(?:manifests?|terraform|ruleset|rules"
           r"|polic(?:y|ies)|patch(?:es)?|changes?|config\S*|migrations?|plan|chart|overlay"
           r"|kustomization|settings|template)\b|\bapplied revision\b"
           r"|\b(?:synced|sync(?:ed)? to|reconciled)\b[^.]{0,40}\b(?:revision|commit|sha|tag)\b"),
        _P(r"\b(?:turn|switch)(?:ed|ing)? on\b|\b(?:landed|went out|is out|rolled|live) "
           r"(?:in|to|on) (?:prod|production|all regions"
           r"|\d+ ?%|staging|canary|every)\b|\bpromot(?:e|ed|ing)\b[^.]{0,40}\bto (?:prod"
           r"|production|staging|canary|live)\b|\b(?:bump|upgrad|updat|mov)\w* (?:\S+ ){0,4}?to "
           r"v?\d+\.\d+"),
        _P(r"\b(?:change|maintenance) window\b|\bpatch(?:ed|ing)\b (?:\S+ ){0,3}?(?:kernel|os"
           r"|hosts?|nodes?|servers?|fleet|cluster|instances?|vms?|images?|openssl|glibc)\b"
           r"|\b(?:kernel|os|security) (?:patch|upgrade|update)\w*|\b(?:crq|chg|rfc)-?\d{3,}\b"),
        _P(r"\b(?:creat|drop|dropp|add|rebuild)(?:e|ed|ing|s)? (?:an? |the |unique |new |old )*"
           r"(?:\w+ )?(?:index|column|table|constraint)\b|\b(?:index|column|table|constraint)\b"
           r"[^.]{0,40}\b(?:created|dropped|added|removed|renamed)\b"),
        _P(r"\b(?:flag|feature|experiment|rollout|canary|percentage)\b[^.]{0,40}\b(?:at|to) "
           r"(?:[1-9]\d?|100) ?%|\bramp(?:ed|ing)? (?:\S+ ){0,3}?to (?:[1-9]\d?|100) ?%"),
        _P(r"\b(?:renew|rotat|replac|swapp?|install|upload)\w* (?:the )?(?:\S+ ){0,2}?"
           r"(?:tls |ssl )?cert(?:ificate)?s?\b"
           r"|\b(?:updat|chang|lower|edit|modif)\w* (?:the )?(?:\S+ ){0,2}?"
           r"(?:ttl|dns records?|cname|a records?|routes?|routing rules?|firewall rules?"
           r"|security groups?|acls?|iam polic(?:y|ies)|network polic(?:y|ies)|ruleset"
           r"|waf rules?)\b"),
    ),
)

HUMAN_RULES = (
    _COMMUNICATION, _RESOLUTION, _MITIGATION, _ACK, _ALERT, _ALERT_SPOKEN, _DETECTION, _TRIGGER
)
_LOG_TRIGGER = PhraseRule(
    "trigger",
    (
        _P(r"\b(?:deployed|deploying|deployment|redeploy\w*|rollout|rolled out|rolling out"
           r"|rolling update)\b|\b(?:released?|releasing) (?:\S+ )?(?:v?\d+\.\d|to (?:prod"
           r"|production|staging|canary))|\bdeploy(?:[:/_-]\S+)?(?: \S+)? (?:started|finished"
           r"|complete|completed|succeeded|of|to)\b|\brelease \S+ (?:deployed|started|rolled|to"
           r"|published)\b|\bdeploy[-_:/]\S*\b[^.]*\b(?:success|succeeded|finished|completed"
           r"|started)\b|\b(?:success|succeeded|finished|completed)\b[^.]{0,40}\bdeploy\w*[-_:/]"),
        *(p for p in _TRIGGER.patterns[1:] if p is not _REBUILD),
    ),
)
_LOG_ALERT = PhraseRule(
    "alert",
    (
        *_ALERT.patterns[:-1],
        _P(r"\bproblem started\b|\banomal(?:y|ies) detected\b|\bviolation opened\b"),
    ),
)
"""Alert phrases without the bare tool names: a log naming PagerDuty is not an alert."""
LOG_RULES = (_ALERT_RESOLVED, _LOG_DETECTION, _LOG_MITIGATION, _LOG_ALERT, _LOG_TRIGGER)
TOOL_RULES = (_TOOL_RESOLVED, _ALERT_RESOLVED, _ACK, _ALERT_TOOL, *LOG_RULES)
