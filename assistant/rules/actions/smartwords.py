"""Word lists of the SMART rules (docs/smart-rubric.md), kept apart from the scoring logic.

Verbs match in any inflection ("add", "added", "adds", "adding"), because real items are written
as plans, as reports of work done and as outcomes ("etcd detects corruption by default").
"""

from __future__ import annotations

import re

PEOPLE_DIRECTED = re.compile(
    r"\b(be\s+more\s+careful|pay\s+(more\s+)?attention|stop\s+making|make\s+fewer|"
    r"remember\s+to|double[\s-]check|try\s+harder|be\s+(more\s+)?vigilant|be\s+aware|"
    r"raise\s+awareness|remind\s+(everyone|engineers|the\s+team|people|staff)|"
    r"communicate\s+better|keep\s+an\s+eye|think\s+twice|take\s+more\s+care|more\s+careful|"
    r"not\s+(make|repeat)\s+(the\s+same\s+)?mistakes?|learn\s+from\s+(this|the)|"
    r"be\s+reprimanded|disciplin\w+|retrain\s+\w+\s+on\s+being|be\s+better\s+at|"
    r"(read|re-?read|review)\s+(the\s+)?([\w-]+\s+)?(docs|documentation|runbooks?|wiki))\b",
    re.IGNORECASE,
)
VAGUE_VERB = re.compile(
    r"^(?:\W*)(?:(?:[\w-]+\s+){0,3}(?:to|will|should|must)\s+)?(improve|investigate|look\s+into|"
    r"review|consider|explore|think\s+about|revisit|enhance|better|discuss|check|follow\s+up|"
    r"try\s+to|work\s+on|address|handle|understand|evaluate|assess|analy[sz]e|research|"
    r"optimi[sz]e|harden|strengthen|clean\s+up|sync\s+(up|on)|talk|figure\s+out|"
    r"make\s+sure|ensure|fix|prevent|avoid|tighten|increase|reduce|more|refactor|tell|"
    r"inform|let\s+\w+\s+know|make\s+\w+\s+(better|more|faster|safer))\b",
    re.IGNORECASE,
)
VAGUE_OBJECT = re.compile(
    r"\b(more\s+monitoring|monitoring|alerting|things|stuff|issues?|problems?|processes|"
    r"the\s+process|our\s+process|reliability|stability|quality|communication|testing|"
    r"observability|documentation|performance|security|resilience|it|this|everything|"
    r"[\w-]+\s+process(es)?|better|faster|safer|more\s+robust)\s*\.?$",
    re.IGNORECASE,
)
IDENTIFIER = re.compile(
    r"`[^`]+`|\b(?!(?:re|co|pre|non|follow|short|long|near|end|self|well|up|top)-)"
    r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+\b|\b[a-z]+[A-Z]\w*\b|\b[A-Z][a-z]+[A-Z]\w*\b|"
    r"(?<=\w\s)\b[A-Z][A-Za-z0-9]+\b"
)
SYSTEM_WORDS = re.compile(
    r"\b(?:api|service|database|db|postgres\w*|mysql|redis|kafka|rabbitmq|s3|queue|cache|"
    r"cluster|pipeline|ci|cd|runbook|playbook|dashboard|alert\w*|pager\w*|load\s+balancer|"
    r"dns|cdn|certificate|cert|job|cron\w*|index|schema|migration|config\w*|flag|helm|"
    r"terraform|kubernetes|k8s|pod|node|replica\w*|failover|backup\w*|endpoint|gateway|"
    r"proxy|nginx|worker\w*|consumer\w*|topic|bucket|lambda|vpc|firewall|security\s+group|"
    r"iam|sdk|library|lockfile|checklist|template|calendar|channel|status\s+page|on-?call|"
    r"rotation|canary|rollout|deploy\w*|release|script|cli|tool\w*|test\w*|lint\w*|"
    r"pool|limit|quota|ttl|timeout|retr(?:y|ies)|circuit\s+breaker|rate\s+limit\w*|"
    r"slo|sli|metric\w*|quer(?:y|ies)|hooks?|repo\w*|e-?mail|sms|slack|training|drill|game\s*day|logs?|logging|trac(e|es|ing)|wiki|catalog\w*|form|policy|review)\b",
    re.IGNORECASE,
)


class SystemPattern:
    """Named systems: identifiers (case-sensitive) or words for systems and artifacts."""

    def search(self, text: str) -> re.Match[str] | None:
        """The first identifier or system word in ``text``."""
        return IDENTIFIER.search(text) or SYSTEM_WORDS.search(text)


SYSTEM = SystemPattern()
THRESHOLD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|hundred)\s+(?:%|ms|sec\w*|min\w*|hours?|days?|weeks?|months?|times|"
    r"attempts|retries|replicas?|nodes?|workers?)\b|\bevery\s+\d+|[<>≤≥]=?\s*\d|\b\d+(?:\.\d+)?\s*(?:%|ms|s\b|sec\w*|min\w*|m\b|h\b|hours?|days?|"
    r"weeks?|x\b|rps|qps|gb|mb|tb|k\b|connections?|replicas?|nodes?|errors?|requests?|"
    r"retries|attempts|workers?|pods?)|\b(?:p9\d|p50|at\s+least|at\s+most|no\s+more\s+than|"
    r"below|above|under|over|within|less\s+than|greater\s+than|exceeds?)\s+\d",
    re.IGNORECASE,
)
CRITERION = re.compile(
    r"\b(so\s+that|such\s+that|until|when|whenever|if|that\s+(pages|fails|blocks|alerts|"
    r"rejects|warns|fires|runs|checks|prevents|stops)|which\s+(pages|fails|blocks|alerts)|"
    r"verified\s+by|done\s+when|acceptance|fail(s|ing)?\s+the\s+build|block(s|ing)?\s+"
    r"(merges?|deploys?|the\s+deploy)|pages?\s+(the\s+)?on-?call|on\s+every)\b",
    re.IGNORECASE,
)
DELIVERABLE_VERB = re.compile(
    r"\b(add|create|write|publish|enable|disable|remove|delete|set|configure|pin|migrate|"
    r"upgrade|downgrade|rotate|install|deploy|implement|introduce|automate|document|build|"
    r"replace|move|split|shard|schedule|run|require|enforce|block|rename|revert|roll\s+back|"
    r"restore|backfill|update|raise|lower|cap|limit|provision|resize|scale|define|record|"
    r"archive|patch|bump|tag|merge|ship|turn\s+(on|off)|lock|expose|emit|alert|page|"
    r"open|file|adopt|make|rewrite|re-?architect|redesign|rebuild|notify|hold|send|post|"
    r"train|split|pin|have)\b",
    re.IGNORECASE,
)
DIRECTIONAL = re.compile(
    r"\b(improve\w*|investigate|look\s+into|better|more|faster|reduce|increase|optimi[sz]e|"
    r"harden|enhance|strengthen|robust|review|explore|evaluate|assess|consider|revisit|"
    r"research|analy[sz]e|understand|discuss|some|various|clean\s+up|refactor|"
    r"where\s+(possible|needed)|as\s+needed|if\s+needed|tighten)\b",
    re.IGNORECASE,
)
COLLECTIVE_OWNER = re.compile(
    r"^(we|us|team|the\s+team|everyone|everybody|all|all\s+\w+|engineering|eng|someone|"
    r"somebody|anyone|devs|developers|engineers|tbd|tbc|tba|\?+|various|multiple|n/a)$",
    re.IGNORECASE,
)
COLLECTIVE_SUBJECT = re.compile(
    r"^\W*(we|everyone|everybody|someone|somebody|all\s+(engineers|teams|developers)|"
    r"the\s+team|team|engineers|developers)\b",
    re.IGNORECASE,
)
ABSOLUTE = re.compile(
    r"\b(100\s*%\s*(uptime|availability|reliab\w+|of\s+(the\s+)?time|coverage|accura\w+)|"
    r"never\s+(again|happens?|fails?|goes\s+down|breaks?|recurs?|occurs?)|"
    r"never\s+let\s+(this|it|that)|(happen|occur|recur)s?\s+again|"
    r"zero\s+(downtime|incidents?|outages?|errors?|bugs?|defects?|failures?|mistakes?|risk)|"
    r"(all|every)\s+(bugs?|errors?|failures?|outages?|incidents?|mistakes?|risks?)|"
    r"eliminate\s+(all|every|any)|guarantee\w*|prevent\s+(all|any|every)|"
    r"(this|it|that|outages?|incidents?)\s+(never|will\s+never|won't|will\s+not|cannot|can't)"
    r"\s+(happen|recur|occur)|no\s+more\s+(incidents?|outages?|mistakes?|errors?|bugs?)|"
    r"stop\s+making\s+mistakes|(not|never)\s+make\s+(any\s+)?(more\s+)?mistakes?|"
    r"make\s+sure\s+nothing|without\s+any\s+(errors?|risk|downtime)|"
    r"(can|will)\s+never\s+(fail|break|happen))\b",
    re.IGNORECASE,
)
BIG_CHANGE = re.compile(
    r"\b(rewrite|re-?write|re-?architect\w*|redesign|rebuild|re-?platform\w*|"
    r"replace\s+(the\s+)?(whole|entire)|migrate\s+(all|every|the\s+entire|everything)|"
    r"move\s+(all|every|everything)|overhaul|rearchitect\w*|new\s+architecture)\b",
    re.IGNORECASE,
)
SWEEPING = re.compile(
    r"\b(all\s+(services|systems|teams|repos|repositories|databases|clusters|endpoints|code)|"
    r"every\s+(service|system|team|repo|database|endpoint|change|deploy)|entire\s+(stack|platform|company|org\w*|codebase|fleet)|"
    r"across\s+the\s+(company|org\w*|board|platform|fleet|stack|estate)|company[\s-]wide|org[\s-]wide|everything)\b",
    re.IGNORECASE,
)
FILLER = re.compile(
    r"\b(things?|stuff|it|this|that|everything|issues?|problems?|up|misc\w*|etc)\s*\.?$",
    re.IGNORECASE,
)
DEICTIC_ONLY = re.compile(
    r"^\W*(?:make\s+sure|ensure|never\s+let|prevent|guarantee)?\s*(?:that\s+)?"
    r"(this|it|that|nothing|anything)\b",
    re.IGNORECASE,
)
SHORT_NOTICE = re.compile(
    r"\b(by\s+(tomorrow|tonight|friday|monday|eod|eow|end\s+of\s+(the\s+)?(day|week))|"
    r"this\s+week|asap|immediately|today|tomorrow|right\s+away|24\s*h|48\s*h)\b",
    re.IGNORECASE,
)


VAGUE_QUALITY = re.compile(
    r"\b(better|high[\s-]quality|easy\s+to|robust\w*|resilien\w*|reliab\w+|sustainabl\w*|"
    r"proper\w*|formal|smoother|more\s+\w+\s+than)\b",
    re.IGNORECASE,
)
ARTIFACT = re.compile(
    r"\b(runbooks?|playbooks?|guides?|dashboards?|alerts?|alarms?|checklists?|templates?|"
    r"tests?|metrics?|documentation|docs?|mailing\s+lists?|status\s+page|drills?)\b",
    re.IGNORECASE,
)
HIRING = re.compile(r"\b(hir(e|es|ing)|recruit\w*|headcount)\b", re.IGNORECASE)
EVENT_BOUND = re.compile(
    r"\b(when|once|after)\b[^.]{0,60}\b(has|have)\s+(expired|been\s+\w+|finished|completed|"
    r"shipped|landed)\b|\b(next|upcoming)\s+(release|version|major|minor)\b|"
    r"\bv?\d+\.\d+(?:\.\d+)?\s+(?:release|will)\b|\bnear\s+future\b|"
    r"\bbefore\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\b",
)
