"""Classifier rules for the alert, communication, resolution and mitigation phrases of notes, chat
and logs.
"""

from __future__ import annotations

from assistant.rules.timeline.rule_table import (
    _P,
    PhraseRule,
)

_ALERT_RESOLVED = PhraseRule(
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
_TOOL_RESOLVED = PhraseRule(
    "resolution",
    (_P(r"^\W*\[?(?:recovered|ok|resolved|closed|cleared)\b(?:\]|\s*[:\-])"),),
)
"""A tool's status tag opening the line ("[OK] ...", "Recovered: ..."); tool lines only, as
a log's "OK" is two letters the log prefilter never reads."""
_ACK = PhraseRule(
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
_ALERT_TOOL = PhraseRule(
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
_COMMUNICATION = PhraseRule(
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
_RESOLUTION = PhraseRule(
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
_MITIGATION = PhraseRule(
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
_LOG_MITIGATION = PhraseRule(
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
_ALERT = PhraseRule(
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
        _P(r"\bpag(?:ed|ing)\b|\bpage (?:went out|sent|fired)\b|\bgot an? (?:alert|page)\b"
           r"|\b(?:received|got|getting|receiving) (?:an? |the |some |several |many |multiple )?"
           r"(?:\w+ )?(?:alerts?|pages?|alarms?)\b"
           r"|^\W*(?:[\w.-]+ ){0,4}(?:alert|alarm|page)s? (?:on|for|from|about)\b"),
        _P(r"\b(?:threshold|slo|error budget) (?:exceeded|breached|crossed|burn)\b|\bburn rate\b"
           r"|\bin alarm\b|\balarm state\b|\bstate[=:]\s*\"?alarm\b"
           r"|\bstate (?:changed )?to alarm\b"),
    ),
)
_ALERT_SPOKEN = PhraseRule(
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
