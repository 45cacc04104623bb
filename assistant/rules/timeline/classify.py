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
        _P(r"\b(?:alert|alarm|monitor|incident|page|check|probe|problem|issue|violation"
           r"|anomaly)\b[^.]{0,60}\b(?:resolved|recovered|closed|cleared)\b"),
        _P(r"\b(?:recovered|resolved)\b[^.]{0,30}\b(?:alert|alarm|monitor)\b"),
        _P(r"\bchanged? (?:state )?(?:from alarm )?to ok\b|\b(?:alert|alarm|incident|page)\s+"
           r"(?:\S+ )?(?:closed|cleared)\b|\bback to normal\b"),
    ),
)
_TOOL_RESOLVED = _Rule(
    "resolution",
    (_P(r"^\W*\[?(?:recovered|ok|resolved|closed|cleared)\b(?:\]|\s*[:\-])"),),
)
"""A tool's status tag opening the line ("[OK] ...", "Recovered: ..."); tool lines only, as
a log's "OK" is two letters the log prefilter never reads."""
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
        _P(r"\banomal(?:y|ies) detected\b|\bregression\b|\bviolation\b|\bspike in\b"
           r"|\bnew alert\b|\bproblem started\b"),
    ),
)
_AUDIENCE = (
    r"(?:customers?|users|stakeholders?|support|leadership|execs?|executives?|management"
    r"|account (?:managers?|management|teams?)|cs|customer success|partners?|merchants?"
    r"|clients?|tenants|vps?|cto|ceo|cfo|coo|legal|pr|sales|business|marketing|help ?desk"
    r"|service ?desk|the board|press|banks?|(?:enterprise|affected|key|top) accounts)"
)
"""Who an incident is communicated to, outside the responders."""
_COMMUNICATION = _Rule(
    "communication",
    (
        _P(r"\bstatus ?page\b|\bstatus\.io\b|\bstatus site\b"),
        _P(r"\b(?:post|publish|sent|send|shar|announc)\w* (?:\S+ )?(?:in|to|on) #?[\w-]*"
           r"(?:status|announce|customers?|stakeholders?|updates?|comms|support)[\w-]*"),
        _P(r"\b(?:post(?:ed|ing|s)?|publish(?:ed|es|ing)?|sen[dt]s?|sending|shar(?:e|ed|es|ing)"
           r"|push(?:ed|es|ing)?) (?:an? |the |our |first )?(?:\w+ ){0,2}?(?:update|notice"
           r"|announcement|communication|comms|email|message|summary|advisory)\b"),
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
        _P(r"\b(?:notif|inform|email|messag|updat|tell|told|brief|warn|ping|loop|contact|gave|giv)"
           r"\w*(?: in)?(?: to)? (?:the |our |all |affected |key |major |every )?(?:\w+ ){0,2}?"
           + _AUDIENCE + r"\b"
           r"|\blet (?!me\b|us\b)(?:\S+ ){1,4}?know\b|\b" + _AUDIENCE + r"(?: \w+)? (?:informed"
           r"|notified|updated|briefed|told|emailed|contacted|looped in)\b"),
        _P(r"\b(?:post|publish|sent|send|shar|announc|ping|updat)\w* (?:\S+ ){0,3}?#[\w-]*"
           r"(?:exec|status|announce|customers?|stakeholders?|updates?|comms|support|leadership)"),
        _P(r"\b(?:update|notice|email|summary|statement|rundown|briefing|banner|announcement"
           r"|comms|notification|advisory|memo)s? (?:\S+ ){0,4}?(?:posted|published|sent"
           r"|went out|is out|shared|shown|displayed|delivered)\b|\b(?:update|notice|advisory)s?"
           r" (?:is |are )?out\b"),
        _P(r"\bholding statement\b|\btalking points\b|\bin-?(?:app|product) (?:banner|message"
           r"|notice|notification)\b|\bexec(?:utive)? (?:summary|update|brief(?:ing)?)\b"
           r"|\bcustomer[- ](?:facing )?(?:notice|email|update|advisory|comms)\b"),
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
        _P(r"\b(?:is|are|was|were|came|comes|coming|be) (?:back )?up (?:again|and running)\b"
           r"|\bback up and running\b"),
        _P(r"\b(?:flowing|loading|succeeding|processing|serving|responding|passing|running"
           r"|consuming|completing|going through|fine|ok|okay) again\b"),
        _P(r"\b(?:everything|all(?: services| systems)?|things)(?:'s| is| are| looks?| seems?)?"
           r"(?: \w+)? (?:fine|good|ok|okay|healthy|nominal)\b|\bwe(?:'re| are) (?:all )?good\b"),
        _P(r"\bcan'?t (?:reproduce|repro)\b[^.]{0,20}\b(?:anymore|any more|now)\b"
           r"|\bno longer reproduc\w*|\bclos(?:e|ed|ing) (?:it |this )?out\b"
           r"|\b(?:sev ?[0-4]|p[0-4]|inc(?:ident)?[- ]?#?\d+)\b[^.]{0,25}\b(?:closed|resolved)\b"),
        _P(r"\b(?:looks?|seems?|is|are|now|been) (?:\w+ )?fixed\b|\bfixed now\b"
           r"|\b(?:green|good|healthy) across the board\b"),
        _P(r"^(?!.*\b(?:errors?|alerts?|timeouts|issues?|problems?|5xx|5\d\ds|failures|symptoms"
           r"|spikes?|latency|lag)\b).*\b(?:is|are) (?:fully |all )?back(?: up| online)?"
           r"\s*(?:[.!,;]|$)"),
        _P(r"\b(?:back|return(?:ed|ing|s)?) to (?:normal|usual|baseline|expected|previous"
           r"|pre-incident|pre-deploy|regular|steady)\b"),
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
           r"|\brecycle\b|\b(?:re|power[- ]?)?cycl(?:ed|ing)\b"),
        _P(r"\bscal(?:e|ed|ing) (?:\S+ ){0,6}?(?:up|out|down|to|back|from)\b"
           r"|\badd(?:ed|ing) (?:\S+ ){0,3}?(?:capacity|nodes?|replicas?|instances?|pods?|workers?"
           r"|hosts?|shards?|brokers?|servers?|machines?|vms?|containers?|consumers?|partitions?)\b"),
        _P(r"\bdrain(?:ed|ing|s)?\b|\bcordon(?:ed|ing)?\b|\bfenc(?:e|ed|ing) off\b"),
        _P(r"\b(?:disabl(?:e|ed|ing)|turn(?:ed|ing)? off|switch(?:ed|ing)? off)\b"
           r"|\b(?:flip|toggl|turn|switch)\w* (?:\S+ ){0,3}?off\b"
           r"|\bkill(?:ed|ing)?\b[^.]{0,30}\b(?:flag"
           r"|feature|toggle|switch)\b"),
        _P(r"\b(?:flags?|features?|toggles?)\b[^.]{0,30}\b(?:disabled|turned off|switched off"
           r"|set to (?:false|off|0))\b|\bkill ?switch\b"),
        _P(r"\bkill(?:ed|ing)? (?:the|all|that|those|these|stuck|runaway|long[- ]running"
           r"|hung)\b|\b(?:flip|flipp|switch|point|send|sent|drain|fail)\w* (?:\S+ ){0,2}?traffic\b"
           r"|\btraffic\b[^.]{0,30}\b(?:routed|rerouted|moved|shifted|drained|switched|sent"
           r"|redirected)\b|\bremov(?:e|ed|ing) (?:the )?(?:bad|broken|faulty|unhealthy|failing"
           r"|sick) \S+|\b(?:took|tak(?:e|en|ing)|pull(?:ed|ing)?) (?:\S+ ){0,3}?out of (?:rotation"
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
        _P(r"\b(?:increas|bump|rais|doubl|tripl|resiz|extend|expand|grow|grew|enlarg|upp)\w*"
           r"(?! (?:in|of)\b) (?:\S+ ){0,3}?(?:pool|limit|limits|memory|timeout|timeouts"
           r"|connections|capacity|replicas|quota|heap|disk|disks|volume|volumes|storage|pvc"
           r"|instance size|cpu|buffers?|workers|threads|max_connections|iops)\b"
           r"|\bfreez(?:e|ing) deploys\b"),
        _P(r"\bdowngrad(?:e|ed|ing) (?!(?:the |it |this )?(?:to )?(?:sev|severity|incident"
           r"|priority|p\d)\b)|\bpinn(?:ed|ing) (?:\S+ ){0,3}?to (?:the )?(?:previous|old|last"
           r"|prior|known[- ]good)\b"),
        _P(r"\b(?:clean(?:ed|ing)? up|free(?:d|ing)? up|delet(?:e|ed|ing)|prun(?:e|ed|ing)"
           r"|truncat(?:e|ed|ing))\b[^.]{0,40}(?:\b(?:files?|logs?|segments?|wal|snapshots?"
           r"|space|disk|backups?|old|temp|tmp|indices)\b|\d ?[gtm]i?b\b)"),
        _P(r"\b(?:kill|terminat)\w* (?:the |all |that |those |these )?(?:stuck|runaway"
           r"|long[- ]running|hung|blocking|offending|idle|bad)\b"
           r"|\bpg_(?:terminate|cancel)_backend\b"
           r"|\b(?:set|put|dial\w*|ramp\w*|turn\w*|roll\w*|dropp\w*|tak\w*)\b[^.]{0,40}\bto 0 ?%"
           r"|\bback to 0 ?%"),
        _P(r"\b(?:point|switch|flip|mov|pinn?|rout|rerout|redirect|shift)(?:ed|ing|es|s)? "
           r"(?:the |all |our )?(?:\S+ ){0,2}?(?:dns|reads|writes|traffic|requests|load|clients)\b"
           r"[^.]{0,25}\b(?:to|at|onto|away from|over to)\b|\b(?:dns|reads|writes|traffic|load"
           r"|requests)\b[^.]{0,30}\b(?:pinned|pointed|switched|moved|routed|rerouted|shifted"
           r"|failed over|redirected)\b"),
        _P(r"\b(?:evict|remov|eject|isolat|quarantin|exclud|cordon)\w*\b[^.]{0,40}\b(?:from"
           r"|out of) (?:the )?(?:cluster|pool|rotation|lb|load ?balancer|ring|upstream)\b"
           r"|\b(?:reassign|rebalanc|mov|evacuat|drain)\w* (?:\S+ ){0,2}?(?:partitions?|shards?"
           r"|leaders?|leadership|replicas|pods|vms|workloads?|tenants?)\b[^.]{0,20}\b(?:off"
           r"|away from)\b|\b(?:partitions?|shards?|leaders?|leadership)\b[^.]{0,20}\b(?:reassigned"
           r"|moved|evacuated)\b"),
        _P(r"\b(?:enabl|turn|put|switch|flipp?|activat)\w*\b[^.]{0,30}\bmaintenance (?:mode|page)\b"
           r"|\bmaintenance (?:mode|page) (?:on|enabled|up|activated)\b"
           r"|\bpromot(?:e|ed|ing) (?:the )?\S*(?:replica|standby|secondary|follower)\S*"),
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
        _P(r"\b(?:deployment|statefulset|daemonset)s?(?:\.apps)?/\S+ restarted\b"
           r"|\brollout restart\b"
           r"|\bscaled (?:up |down )?(?:deployment|statefulset)\b"
           r"|\bmanual(?:ly)? fail ?over\b|\bpromot(?:ed|ing) \S*(?:replica|standby|secondary"
           r"|follower)\S*|\bas (?:the )?new (?:primary|leader|master)\b"),
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
_ALERT_SPOKEN = _Rule(
    "alert",
    (
        _P(r"\b(?:got|getting|have|has|had|received|receiving)\b (?!the )(?:an? |many |multiple "
           r"|some |\d+ |few |lots of )?(?:\w+ )?(?:alerts?|alarms?|pages?)\b"),
        _P(r"\b(?:pagerduty|opsgenie|pingdom|uptime ?robot|statuscake|datadog|grafana|nagios"
           r"|icinga|zabbix|sentry|alertmanager|cloudwatch|new ?relic|monitoring|synthetics?"
           r"|pager|pd)\b (?:\w+ )?(?:says|said|reports?|reported|shows|showed|flagged|caught"
           r"|detected|woke|paged|fired|triggered|lit up|is going (?:nuts|crazy|off|wild)"
           r"|going (?:nuts|crazy|off|wild)|exploded|is red|turned red)\b"),
        _P(r"\b(?:synthetic|health ?check|healthcheck|probe|uptime check|canary check|smoke test"
           r"|heartbeat)s?\b (?:\S+ ){0,3}?(?:fail(?:ed|ing|s|ure|ures)?|down|red|timing out)\b"
           r"|\b(?:alarm|alert|page|pager)s? (?:is |are )?(?:coming|came|ringing|rang|buzzing"
           r"|buzzed|sounding)\b"),
    ),
)
"""Alerts as people tell of them ("got paged", "opsgenie is going nuts"); not read in logs,
where "health check failed" is a probe's routine line."""

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
_LOG_DETECTION = _Rule(
    "detection",
    (
        _P(r"\b(?:incident|alert|page)\b[^.]{0,40}\backnowledged\b|\backnowledged by\b"),
        _P(r"\bincident (?:\S+ )?(?:declared|opened|created)\b"),
    ),
    action=False,
)
_REBUILD = _P(r"\b(?:rebuild|reindex|reshard|rebalanc|vacuum full|compaction)\w*\b")
"""A rebuild a person starts is a change; a log's own "rebalanced" is routine housekeeping."""
_TRIGGER = _Rule(
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

_HUMAN_RULES = (
    _COMMUNICATION, _RESOLUTION, _MITIGATION, _ACK, _ALERT, _ALERT_SPOKEN, _DETECTION, _TRIGGER
)
_LOG_TRIGGER = _Rule(
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
_LOG_ALERT = _Rule(
    "alert",
    (
        *_ALERT.patterns[:-1],
        _P(r"\bproblem started\b|\banomal(?:y|ies) detected\b|\bviolation opened\b"),
    ),
)
"""Alert phrases without the bare tool names: a log naming PagerDuty is not an alert."""
_LOG_RULES = (_ALERT_RESOLVED, _LOG_DETECTION, _LOG_MITIGATION, _LOG_ALERT, _LOG_TRIGGER)
_TOOL_RULES = (_TOOL_RESOLVED, _ALERT_RESOLVED, _ACK, _ALERT_TOOL, *_LOG_RULES)

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
        kind = _first_match(low, _TOOL_RULES, human=False)
        if kind is None and source_kind != "alerts" and speaker:
            return "alert"  # a paging tool's own message with no status word is its page
        return kind or "other"
    human = source_kind != "log"
    if human and (_FOLLOW_UP.match(low) or _NOT_AN_EVENT.match(low)):
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
