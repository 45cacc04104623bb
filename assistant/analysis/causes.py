"""Classify a cause statement into the template's cause categories.

The deepest clause decides: in "the engineer skipped the step because the runbook did not list it"
the cause is the runbook (knowledge), not the engineer. A clause that blames a person's act with
no systemic gap is ``human_error``; an immediate technical trigger ("a bug in the auth service",
"the pool was exhausted") with no gap in a process, tool or design is ``proximate_technical``;
otherwise the systemic category whose vocabulary fits best wins.
"""

from __future__ import annotations

import re

from assistant.domain import CauseCategory

SYSTEMIC_CATEGORIES: tuple[CauseCategory, ...] = (
    "process",
    "monitoring",
    "communication",
    "knowledge",
    "tooling",
    "architecture",
    "capacity",
    "dependency",
    "configuration",
    "deployment",
)

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
    "process": r"process|procedure|review|reviewed|reviewer|approv\w*|sign[\s-]?off|"
    r"checklist|polic\w+|change\s+management|change\s+advisory|requirement|required|standard|guideline|"
    r"two[\s-]person|four[\s-]eyes|qa\b|test\s+plan|testing|tests?\b|tested|ownership|owner|"
    r"prioriti\w+|backlog|planning|sprint|practice|gate|postmortem|follow[\s-]?up",
    "monitoring": r"monitor\w*|alert\w*|alarm\w*|pag(e|ed|ing)\b|observability|dashboard\w*|"
    r"metric\w*|logging|tracing|slo\b|sli\b|health[\s-]?check\w*|synthetic|detect\w*|"
    r"visibility|noticed|anomal\w+|threshold",
    "communication": r"communicat\w+|announc\w+|notif\w+|inform\w*|hand[\s-]?off|handover|"
    r"status\s+page|escalat\w+|coordinat\w+|silo\w*|stakeholder\w*|broadcast|channel|"
    r"told|aware(ness)?|between\s+teams|across\s+teams|other\s+team|shared\s+with|"
    r"in\s+advance|heads[\s-]up|calendar",
    "knowledge": r"knowledge|document\w*|docs\b|runbook\w*|playbook\w*|training|trained|"
    r"onboard\w*|unfamiliar|familiar|understood|understand\w*|expertise|tribal|wiki|"
    r"new\s+to|knew|experience|know\s+(how|that)",
    "tooling": r"tool\w*|cli\b|script\w*|console|admin\s+(panel|ui)|\bui\b|command|"
    r"confirmation|dry[\s-]?run|guard[\s-]?rails?|validat\w+|lint\w*|automat\w+|manual\w*|"
    r"kubectl|ansible|terraform|helm|safeguard",
    "architecture": r"architect\w*|design\w*|single\s+point\s+of\s+failure|spof|coupl\w+|"
    r"redundan\w+|failover|circuit[\s-]?breaker|bulkhead|retry\s+storm|retries|backoff|"
    r"isolat\w+|blast\s+radius|shared\s+(database|db|cluster|cache|queue)|synchronous|"
    r"fallback|graceful|multi[\s-]region|single[\s-](region|node|instance|zone|az)|"
    r"thundering\s+herd|stampede|idempoten\w+|rate[\s-]?limit\w*",
    "capacity": r"capacity|headroom|provision\w*|quota\w*|autoscal\w+|scal(e|ing)\b|sizing|"
    r"undersized|peak|growth|forecast\w*|load\s+test\w*|traffic\s+(spike|growth)|limits?\b",
    "dependency": r"third[\s-]party|vendor|upstream|provider|external|aws|gcp|azure|"
    r"cloudflare|cdn|saas|partner|library|package|sdk|dependenc\w+|downstream",
    "configuration": r"config\w*|setting\w*|feature[\s-]?flag\w*|flag\w*|parameter\w*|"
    r"env(ironment)?\s+var\w*|ttl|yaml|hard[\s-]?coded|default\w*|misconfig\w*",
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
    r"went\s+down|unavailable|unreachable|down\b|stopped\s+responding|typo|wrong\s+value|"
    r"incorrect|instead\s+of|bad\s+(value|config|query|data|commit|change)|expired|evict\w*|spike\w*|"
    r"deleted|dropped|hung|stuck|killed|restart\w*|flapp\w*|returned|rejected|invalid|"
    r"malformed|blocked|misbehav\w+|hot\s+partition|hotspot|backlog(ged)?|"
    r"(?:was|were|got|had\s+been|has\s+been|have\s+been)\s+(?:changed|modified|removed|"
    r"updated|rotated|renamed|edited))\b",
    re.IGNORECASE,
)
_SO_SPLIT = re.compile(r",\s*(?:so|so\s+that|which\s+meant|and\s+therefore|therefore)\s+", re.I)
_EXPLICIT_HUMAN = re.compile(
    r"\b(human|operator|user|engineer|developer)\s+(error|mistake|factor)", re.IGNORECASE
)
_CLAUSE_SPLIT = re.compile(
    r"\b(?:because(?:\s+of)?|due\s+to|since|as\s+a\s+result\s+of|caused\s+by|owing\s+to)\b",
    re.IGNORECASE,
)


def deepest_clause(text: str) -> str:
    """The last causal clause of a statement ("X because Y" -> "Y", "X, so Y" -> "X")."""
    parts = [p.strip(" ,.;") for p in _CLAUSE_SPLIT.split(text)]
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
    return {cat: score for cat, score in scores.items() if score}


def best_systemic(text: str) -> CauseCategory | None:
    """The systemic category ``text`` speaks of most (ties: the more specific category)."""
    scores = category_scores(text)
    if not scores:
        return None
    return max(_TIE_ORDER, key=lambda cat: scores.get(cat, 0))


def mentions_person(text: str) -> bool:
    """True when ``text`` names a person or a role as the actor."""
    return bool(_PERSON.search(text))


def is_human_error(text: str) -> bool:
    """True when ``text`` puts the cause in a person's act or attention."""
    return bool(_HUMAN.search(text)) or (
        mentions_person(text) and bool(re.search(r"\bwithout\b", text, re.IGNORECASE))
    )


def classify_cause(text: str) -> CauseCategory:
    """The cause category of a cause statement, judged on its deepest clause."""
    clause = deepest_clause(text)
    systemic = best_systemic(clause)
    has_gap = bool(_GAP.search(clause))
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
