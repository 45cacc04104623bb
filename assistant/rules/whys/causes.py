"""Classify a cause statement into the template's cause categories.

The deepest clause decides: in "the engineer skipped the step because the runbook did not list it"
the cause is the runbook (knowledge), not the engineer. A clause that blames a person's act with
no systemic gap is ``human_error``; an immediate technical trigger ("a bug in the auth service",
"the pool was exhausted") with no gap in a process, tool or design is ``proximate_technical``;
otherwise the systemic category whose vocabulary fits best wins.

Besides gaps ("no alert"), sentence shapes of standing conditions count as systemic and outrank a
trigger: a design property ("resolves the host only when it starts", "all writes go through a
single instance"), a third party's outage ("PayFast had a regional outage"), a tool's limit ("the
CI system predates OIDC", "the framework does not support online changes"), too little resource
("too few for the holiday volume"), knowledge held by one person, a missing owner.
"""

from __future__ import annotations

import re
from typing import get_args

from assistant.domain import CauseCategory

_STOPPING_POINTS = ("human_error", "proximate_technical", "unknown")
SYSTEMIC_CATEGORIES: tuple[CauseCategory, ...] = tuple(
    c for c in get_args(CauseCategory) if c not in _STOPPING_POINTS
)
"""The categories a chain may end at, in the domain's order (all but the stopping points)."""

_TIE_ORDER: tuple[CauseCategory, ...] = (
    "monitoring",
    "tooling",
    "configuration",
    "deployment",
    "capacity",
    "dependency",
    "architecture",
    "knowledge",
    "communication",
    "process",
)
"""Tie-break order: "review" and "process" occur everywhere, so they lose ties."""

_VOCABULARY: dict[CauseCategory, str] = {
    "process": r"(?<!of\sthe\s)(?<!at\s)process(?!\s+(?:start|restart|is\s+up|boot|memory|id\b))|"
    r"procedure|review|reviewed|reviewer|approv\w*|sign[\s-]?off|"
    r"checklist|polic\w+|change\s+management|change\s+advisory|requirement|required|standard|guideline|"
    r"two[\s-]person|four[\s-]eyes|qa\b|test\s+plan|testing|tests?\b|tested|ownership|owner|"
    r"prioriti\w+|backlog|planning|sprint|practice|gate|postmortem|follow[\s-]?up|owning|owns\b|"
    r"owned\b|unowned|incident\s+command\w*|takes\s+command|who\s+(?:takes|owns|approves|decides|"
    r"leads)|responsibilit\w+|freeze",
    "monitoring": r"monitor\w*|alert\w*|alarm\w*|paged|paging|(?:not|never|no|to)\s+page\b|"
    r"observability|dashboard\w*|metric\w*|logging|tracing|slo\b|sli\b|health[\s-]?check\w*|"
    r"synthetic|detect\w*|"
    r"visibility|noticed|anomal\w+|threshold",
    "communication": r"communicat\w+|announc\w+|notif\w+|inform\w*|hand[\s-]?off|handover|"
    r"status\s+page|escalat\w+|coordinat\w+|silo\w*|stakeholder\w*|broadcast|channel|"
    r"told|aware(ness)?|between\s+teams|across\s+teams|other\s+team|shared\s+with|"
    r"in\s+advance|heads[\s-]up|calendar|notices?\b|email\w*|mailing\s+list|newsletter",
    "knowledge": r"knowledge|document\w*|docs\b|runbook\w*|playbook\w*|training|trained|"
    r"onboard\w*|unfamiliar|familiar|understood|understand\w*|expertise|tribal|wiki|"
    r"new\s+to|knew|knows|experience|know\s+(how|that)|written\s+down|"
    r"in\s+(?:their|his|her)\s+head",
    "tooling": r"tool\w*|cli\b|script\w*|console|admin\s+(panel|ui)|\bui\b|command|"
    r"confirmation|dry[\s-]?run|guard[\s-]?rails?|validat\w+|lint\w*|automat\w+|manual\w*|"
    r"kubectl|ansible|terraform|helm|safeguard|by\s+hand|hand[\s-]edited|directly\s+on\s+the\s+"
    r"(?:host|server|box)|framework|plugin|jenkins|ci\s+(?:system|server|runners?|platform)|"
    r"build\s+(?:system|server|tool)|log\s+search",
    "architecture": r"architect\w*|design\w*|single\s+point\s+of\s+failure|spof|coupl\w+|"
    r"redundan\w+|failover|circuit[\s-]?breaker|bulkhead|retry\s+storm|retries|backoff|"
    r"isolat\w+|blast\s+radius|shared\s+(database|db|cluster|cache|queue)|synchronous|"
    r"fallback|graceful|multi[\s-]region|single[\s-](region|node|instance|zone|az)|"
    r"thundering\s+herd|stampede|idempoten\w+|rate[\s-]?limit\w*|jitter|lockstep|sequential\w*|"
    r"inline|stateful|in[\s-]memory|per[\s-]tenant|tenant\s+isolation|noisy\s+neighbou?r",
    "capacity": r"capacity|headroom|provision\w*|quota\w*|autoscal\w+|scal(e|ing)\b|sizing|"
    r"undersized|peak|growth|forecast\w*|load\s+test\w*|traffic\s+(spike|growth)|limits?\b|spare|"
    r"fleet|node\s+count|too\s+(?:few|small)\s+for|not\s+enough|grown|grows|doubled|tripled|sized",
    "dependency": r"third[\s-]party|vendor|upstream|provider|external|aws|gcp|azure|"
    r"cloudflare|cdn|saas|partner|library|package|sdk|dependenc\w+|downstream|open[\s-]source|"
    r"carrier|(?:payment|card)\s+processor|their\s+(?:side|end|api|service|platform|edge)",
    "configuration": r"config\w*|setting\w*|feature[\s-]?flag\w*|flag\w*|parameter\w*|"
    r"env(ironment)?\s+var\w*|ttl|yaml|hard[\s-]?coded|default\w*|misconfig\w*|"
    r"between\s+environments|per[\s-](?:region|environment)|each\s+(?:region|environment)|"
    r"environment'?s?\s+values|drift\w*",
    "deployment": r"deploy\w*|roll[\s-]?out\w*|release\w*|canary|roll[\s-]?back\w*|ci/cd|"
    r"\bci\b|\bcd\b|pipeline\w*|blue[\s-]green|progressive|staged|shipp?\w*|merg\w+|build",
}
_VOCAB_RE = {
    cat: re.compile(rf"\b(?:{words})", re.IGNORECASE) for cat, words in _VOCABULARY.items()
}

_GAP = re.compile(
    r"\b(no|not\s+(?:required|enforced|documented|covered|automated|monitored|tested|"
    r"validated|alerted|reviewed|defined|configured|communicated|shared|known|planned|owned|"
    r"set\s+up|in\s+place|part\s+of)|lack(?:ed|s|ing)?|missing|without|absen(?:t|ce)|"
    r"insufficient|inadequate|nothing|nobody|none|unclear|undocumented|outdated|out\s+of\s+date|"
    r"stale|unowned|unmonitored|untested|unreviewed|unvalidated|unaware|gap|gaps|only|relied|"
    r"relies|rely|allow(?:ed|s)?|permit(?:ted|s)?|let|did\s+not\s+(?:have|exist|require|enforce|"
    r"cover|include|alert|page|catch|detect|check|validate|block|prevent|know|describe|mention|"
    r"account)|didn't\s+(?:have|exist|require|enforce|cover|include|alert|page|catch|detect|"
    r"check|validate|block|prevent|know|describe|mention|account)|does\s+not|doesn't|"
    r"do\s+not|don't|cannot|can't|could\s+not|couldn't|never|too\s+(?:high|low|loose|tight|"
    r"short|long|small|large|aggressive|noisy|many)|hard\s+to|difficult|easy\s+to|"
    r"single\s+point|tightly|by\s+design|assum\w+|no\s+one|manual(?:ly)?|ad[\s-]hoc|informal)\b",
    re.IGNORECASE,
)
_HUMAN = re.compile(
    r"\bhuman\s+(error|mistake|factor)|\b(operator|user|engineer|developer|pilot)\s+error|"
    r"\bmistakes?\b|\bforg[eo]t\b|\bforgotten\b|\bmistyp\w+|\bmisread\b|\boverlook\w*|"
    r"\boversight\b|\bcareless\w*|\bnegligen\w+|\binattent\w+|\bnot\s+paying\s+attention|"
    r"\bfat[\s-]?finger\w*|\baccident(al|ally)?\b|\bby\s+mistake|\bwasn't\s+careful|"
    r"\bnot\s+careful|\bshould\s+have\b|\bfailed\s+to\s+(follow|check|notice|read|test|verify|"
    r"run|update|review)|\bdid\s*(?:n't|\s+not)\s+(follow|double[\s-]check|check|notice|read|"
    r"test|verify|pay|bother|think)|\bignored\b|\brushed\b|\bsloppy|\blazy|\btired\b|"
    r"\bskipped\b|\bran\s+the\s+wrong|\bdeployed\s+the\s+wrong|\bwrong\s+(server|host|"
    r"cluster|environment|database|terminal|window|tab)",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"\b(engineer|developer|dev|operator|admin|administrator|on[\s-]?call(?:\s+engineer)?|sre|"
    r"dba|someone|somebody|he|she|they|intern|contractor|team\s+member|staff|employee|"
    r"person|human|individual|new\s+hire|the\s+author)\b"
    r"|^\s*(?!(?:The|This|That|It|We|Our|Why|What|How|When|A|An|No|Nobody|There)\b)"
    r"(?:[A-Z][a-z]+)\s+(?:ran|forgot|pushed|deployed|merged|typed|deleted|clicked|"
    r"missed|did|didn't|made|skipped|changed|ignored|approved|misread)\b",
)
_TECHNICAL = re.compile(
    r"\b(bug|bugs|buggy|defect|regression|crash\w*|exception|null\s*pointer|npe|segfault|"
    r"panic\w*|oom\w*|out\s+of\s+memory|memory\s+leak|leak\w*|deadlock\w*|race\s+condition|"
    r"infinite\s+loop|time[ds]?\s*out|timeouts|5\d\d|5xx|errors?|fail(ed|ing|ure|s)?|broke|"
    r"broken|corrupt\w*|slow\s+query|full\s+table\s+scan|locked|locks?|high\s+cpu|cpu\s+spike|"
    r"latency|disk\s+(was\s+)?full|filled\s+up|ran\s+out|exhaust\w*|saturat\w+|overload\w*|"
    r"went\s+down|outages?|fell\s+behind|lagg(?:ed|ing)|unavailable|unreachable|down\b|"
    r"stopped\s+responding|typo|wrong\s+value|"
    r"incorrect|instead\s+of|bad\s+(value|config|query|data|commit|change)|expired|evict\w*|spike\w*|"
    r"deleted|dropped|hung|stuck|killed|restart\w*|flapp\w*|returned|rejected|invalid|"
    r"malformed|blocked|misbehav\w+|hot\s+partition|hotspot|backlog(ged)?|"
    r"(?:was|were|got|had\s+been|has\s+been|have\s+been)\s+(?:changed|modified|removed|"
    r"updated|rotated|renamed|edited))\b",
    re.IGNORECASE,
)
_PERSON_ACT = re.compile(
    r"\b(?:typed|entered|picked|selected|chose|used|copied|pasted|clicked|edited|set|ran|pushed|"
    r"applied|targeted|opened|toggled|promoted|merged|restarted|deleted|stopped|killed|rebooted|"
    r"drained|deployed|upgraded|updated|changed|modified|removed|configured)\s+(?:in\s+)?"
    r"(?:the\s+|a\s+|an\s+)?(?:wrong|incorrect)\b"
    r"|\b(?:typed|entered|pasted|selected|picked|set)\b[^,;]{1,40}?\binstead\s+of\b",
    re.IGNORECASE,
)
"""A person's act that went wrong; human error only when the clause names the person."""
_ROLE = re.compile(
    r"\b(?:manager|merchandiser|analyst|technician|specialist|consultant|tester|reviewer|approver|"
    r"maintainer|support\s+agent|sales\s+agent|release\s+manager|team\s+lead)\b",
    re.IGNORECASE,
)
_TOOL_NOUN = (
    r"(?:tool\w*|ci\b|ci/cd|build\s+(?:system|server|tool)|jenkins|framework|plugin|console|cli|"
    r"script\w*|agent|orm|terraform|ansible|helm|kubectl|installation|utility|client\s+tool)"
)
_TOOL_LIMIT = re.compile(
    rf"\b{_TOOL_NOUN}\b[^.;]*?\b(?:does\s+not\s+support|doesn't\s+support|has\s+no\s+support|"
    r"cannot|can't|can\s+not|is\s+unable\s+to|pre-?dates|lacks|has\s+no|have\s+no|no\s+way\s+to|"
    r"only\s+(?:prints|shows|supports|works|reports)|(?:old|outdated|unsupported|legacy)\s+version|"
    r"never\s+(?:upgraded|migrated|updated)|end[\s-]of[\s-]life|always\s+rewrites)\b",
    re.IGNORECASE,
)
_THIRD_PARTY = re.compile(
    r"\b(?:third[\s-]party|vendor|provider|upstream|partner|carrier|saas|aws|gcp|azure|s3|ec2|"
    r"cloudflare|cdn|open[\s-]source|(?:payment|card)\s+processor|their\s+(?:side|end|api|service|"
    r"platform|edge|systems?))\b",
    re.IGNORECASE,
)
_OUTAGE = re.compile(
    r"\b(?:outage|incident|disruption|degrad\w+|brownout|unavailable|went\s+down|was\s+down|"
    r"throttl\w+|suspend\w*|retired|deprecated|sunset|changed|stopped|known\s+(?:bug|issue)|"
    r"bug|issue|errors?|fixed\s+upstream)\b",
    re.IGNORECASE,
)
_NAMED_OUTAGE = re.compile(
    r"^\s*(?!(?:The|This|That|It|We|Our|Its|Their|A|An|Each|All|Every|No|One)\b)[A-Z][\w.-]*"
    r"(?:\s+[A-Z0-9][\w.-]*)*\s+(?:had|has|suffered|experienced|reported|was\s+having|is\s+having)"
    r"\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}(?:outage|incident|disruption|degradation|brownout)\b",
)
"""A named party's outage ("PayFast had a regional outage"): a dependency, not our trigger."""
_SHAPE_TEXT: tuple[tuple[CauseCategory, str], ...] = (
    # A component's design: when it does something, how often, through what, shared with whom.
    (
        "architecture",
        r"\bonly\s+(?:[\w-]+\s+){0,4}?(?:when|once|after|if|while|during|at\s+start)\b",
    ),
    ("architecture", r"\bonce\s+(?:at|on|per|during)\s+(?:process\s+)?(?:start|boot|launch|init)"),
    ("architecture", r"\b(?:at|on|during)\s+(?:process\s+)?(?:start[\s-]?up|start|boot)\b"),
    ("architecture", r"\bwhen\s+it\s+(?:starts|boots|launches)\b"),
    ("architecture", r"\bfor\s+the\s+(?:life|lifetime)\s+of\b"),
    ("architecture", r"\bnever\s+(?:reloads?|refresh\w*|re-?resolv\w*|re-?reads?|invalidat\w*)\b"),
    ("architecture", r"\bby\s+design\b|\bdesigned\s+(?:for|to|around|as)\b"),
    (
        "architecture",
        r"\b(?:(?:is|are|has|have|uses?|through|on|behind|to)\s+(?:only\s+)?(?:one|a\s+single|single)"
        r"|only\s+one)\s+(?:[\w-]+\s+)?(?:partition|shard|writer|thread|leader|node|instance|"
        r"primary|replica|server|consumer|region|zone|az)\b",
    ),
    ("architecture", r"\bshare[sd]?\s+(?:one|a|the\s+same)\b"),
    ("architecture", r"\b(?:lives?|runs?|sits?)\s+(?:in|on)\s+the\s+same\b"),
    ("architecture", r"\bsynchronous\w*|\bsequential\w*|\binline\b"),
    ("architecture", r"\bin\s+the\s+request\s+(?:thread|path)\b"),
    (
        "architecture",
        r"\bwaits?\s+for\s+(?:all|every|each|(?:a|the)\s+(?:full\s+)?[\w-]*\s*(?:timeout|response|reply))"
        r"|\b(?:on|for)\s+every\s+request\b|\bin\s+(?:the\s+)?memory\s+of\b",
    ),
    ("architecture", r"\bfixed\s+(?:[\w-]+\s+)?(?:interval|delay|lock|timeout|window|schedule)\b"),
    (
        "architecture",
        r"\bretr(?:y|ies)\s+(?:only\s+)?(?:after|every|each)\s+(?:a\s+)?(?:fixed\s+)?"
        r"[\w-]*\s*(?:\d|minute|second|hour|timeout)",
    ),
    # Too little resource for the load.
    ("capacity", r"\btoo\s+(?:few|small|little)\s+for\b|\b(?:sized|provisioned|scaled)\s+for\b"),
    ("capacity", r"\bno\s+spare\b"),
    (
        "capacity",
        r"\b(?:hit|reached|exceeded)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}(?:quota|capacity)\b",
    ),
    # Knowledge held by one person or nowhere.
    (
        "knowledge",
        r"\bonly\s+(?:one|the\s+original|a\s+single)\s+(?:[\w-]+\s+)?(?:engineer|person|author|"
        r"developer|expert|admin)\b",
    ),
    ("knowledge", r"\bin\s+(?:their|his|her|someone's)\s+head\b|\bwritten\s+down\s+nowhere\b"),
    ("knowledge", r"\bnot\s+written\s+down\b|\b(?:nobody|no\s+one)\s+(?:\w+\s+)?knew\b"),
    # No owner, no role.
    ("process", r"\b(?:nobody|no\s+one)\s+owns\b|\bno\s+(?:owning\s+team|owner)\b"),
    ("process", r"\bwho\s+(?:takes|owns|approves|decides|leads)\b"),
    # A check that measures the wrong thing.
    (
        "monitoring",
        r"\b(?:alert|health\s*check|probe|dashboard|monitor)\w*\s+(?:only\s+)?(?:uses|checks|tests|"
        r"measures|watches|looks\s+at|is\s+based\s+on|fires)\b|\bonly\s+alert\w*\s+on\b",
    ),
    # A value copied, left at a default or drifting.
    (
        "configuration",
        r"\b(?:value|setting|default|timeout|limit|flag)\w*\b[^.;]*?\b(?:copied|left\s+at|"
        r"never\s+(?:tuned|set|changed)|drift\w*)\b|\bdefault\s+value\s+is\b",
    ),
)
"""Sentence shapes of standing conditions; each names its category and outranks a trigger."""
_SHAPES = tuple((cat, re.compile(pattern, re.IGNORECASE)) for cat, pattern in _SHAPE_TEXT)
_SHAPE_WEIGHT = 3
_DEFECT = re.compile(
    r"\b(?:bug|bugs|defect|regression|crash\w*|leak\w*|exception|deadlock\w*|race\s+condition|"
    r"typo|segfault|panic\w*|failed|broke|crashed|went\s+down|timed\s+out|hung|died)\b",
    re.IGNORECASE,
)
"""A defect or failure told with a design-like shape ("the bug only occurs when...", "the job
failed only after the upgrade") stays a trigger."""
_SAFEGUARD = re.compile(r"\bvalidat\w+|\blint\w*", re.IGNORECASE)
_SO_SPLIT = re.compile(r",\s*(?:so|so\s+that|which\s+meant|and\s+therefore|therefore)\s+", re.I)
_EXPLICIT_HUMAN = re.compile(
    r"\b(human|operator|user|engineer|developer)\s+(error|mistake|factor)", re.IGNORECASE
)
_CLAUSE_SPLIT = re.compile(
    r"\b(?:because(?:\s+of)?|due\s+to|as\s+a\s+result\s+of|caused\s+by|owing\s+to)\b",
    re.IGNORECASE,
)
_CAUSAL_SINCE = re.compile(r"(?:^|,)\s*since\b", re.IGNORECASE)
"""A causal "since" opens a clause; "not reviewed since traffic doubled" is about time."""


def deepest_clause(text: str) -> str:
    """The last causal clause of a statement ("X because Y" -> "Y", "X, so Y" -> "X")."""
    parts = [
        p.strip(" ,.;") for piece in _CLAUSE_SPLIT.split(text) for p in _CAUSAL_SINCE.split(piece)
    ]
    parts = [p for p in parts if len(p.split()) >= 2]
    clause = parts[-1] if parts else text
    effect = _SO_SPLIT.split(clause, maxsplit=1)
    return effect[0] if len(effect[0].split()) >= 3 else clause


def _category_of(words: str) -> CauseCategory | None:
    """The first systemic category whose vocabulary occurs in ``words`` (earliest match)."""
    found = [(m.start(), cat) for cat, pattern in _VOCAB_RE.items() if (m := pattern.search(words))]
    return min(found)[1] if found else None


def _gap_targets(text: str) -> list[CauseCategory]:
    """The category of what each gap marker says is missing ("no alert" -> monitoring)."""
    targets: list[CauseCategory] = []
    for match in _GAP.finditer(text):
        if match.group(0).lower() == "only":
            continue
        target = _category_of(match.group(0))
        if target is None:
            following = text[match.end() :].split()[:3]
            target = _category_of(" ".join(following))
        if target is not None:
            targets.append(target)
    return targets


def category_scores(text: str) -> dict[CauseCategory, int]:
    """Vocabulary hits per systemic category, plus 2 for each gap that names the category."""
    scores = {cat: len(pattern.findall(text)) for cat, pattern in _VOCAB_RE.items()}
    for target in _gap_targets(text):
        scores[target] += 2
    for cat in _shape_categories(text):
        scores[cat] += _SHAPE_WEIGHT
    _credit_config_safeguards(text, scores)
    return {cat: score for cat, score in scores.items() if score}


def _shape_categories(text: str) -> list[CauseCategory]:
    """The categories of the standing-condition shapes found in ``text``."""
    defect = bool(_DEFECT.search(text))
    found: list[CauseCategory] = [
        cat
        for cat, pattern in _SHAPES
        if pattern.search(text) and not (defect and cat == "architecture")
    ]
    if _TOOL_LIMIT.search(text):
        found.append("tooling")
    if _NAMED_OUTAGE.search(text) or (_THIRD_PARTY.search(text) and _OUTAGE.search(text)):
        found.append("dependency")
    return found


def _credit_config_safeguards(text: str, scores: dict[CauseCategory, int]) -> None:
    """Validation of configuration is a configuration safeguard, not a tool ("no TTL checks")."""
    if scores["configuration"] and scores["tooling"] and _SAFEGUARD.search(text):
        scores["configuration"] += scores["tooling"]
        scores["tooling"] = 0


def best_systemic(text: str) -> CauseCategory | None:
    """The systemic category ``text`` speaks of most (ties: the more specific category)."""
    scores = category_scores(text)
    if not scores:
        return None
    return max(_TIE_ORDER, key=lambda cat: scores.get(cat, 0))


def mentions_person(text: str) -> bool:
    """True when ``text`` names a person or a role as the actor."""
    return bool(_PERSON.search(text) or _ROLE.search(text))


def is_human_error(text: str) -> bool:
    """True when ``text`` puts the cause in a person's act or attention."""
    if _HUMAN.search(text):
        return True
    return mentions_person(text) and bool(
        re.search(r"\bwithout\b", text, re.IGNORECASE) or _PERSON_ACT.search(text)
    )


def classify_cause(text: str) -> CauseCategory:
    """The cause category of a cause statement, judged on its deepest clause."""
    clause = deepest_clause(text)
    systemic = best_systemic(clause)
    has_gap = bool(_GAP.search(clause)) or bool(_shape_categories(clause))
    if _EXPLICIT_HUMAN.search(clause):
        return "human_error"
    if is_human_error(clause) and not (has_gap and systemic and not mentions_person(clause)):
        return "human_error"
    if systemic is not None and has_gap:
        return systemic
    if _TECHNICAL.search(clause):
        return "proximate_technical"
    if systemic is not None:
        return systemic
    return "unknown"
