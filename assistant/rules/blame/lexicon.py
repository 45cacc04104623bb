"""Word lists the blamelessness rules reason with.

These are general English and general operations vocabulary, not names from any incident: who
can be a person (pronouns, roles), what is a system (common infrastructure nouns and products),
which verbs only people do (forget, notice, escalate) and how to put a verb in the passive.
"""

from __future__ import annotations

PRONOUNS = frozenset(
    {
        "i", "we", "he", "she", "they", "you", "someone", "somebody", "nobody", "anyone",
        "anybody", "everyone", "everybody", "no-one", "me", "us", "him", "her", "them", "u",
        "y'all", "ya",
    }
)
NEGATIVE_PRONOUNS = frozenset({"nobody", "no-one"})

# Nouns that name people by their job or team. A noun phrase headed by one is a role.
ROLE_NOUNS = frozenset(
    {
        "engineer", "engineers", "developer", "developers", "dev", "devs", "sre", "sres",
        "operator", "operators", "admin", "admins", "administrator", "sysadmin", "dba", "dbas",
        "intern", "interns", "hire", "hires", "contractor", "contractors", "consultant",
        "guy", "guys", "girl", "gal", "person", "people", "team", "teams", "ops", "devops",
        "qa", "tester", "testers", "reviewer", "reviewers", "approver", "manager", "managers",
        "lead", "leads", "owner", "author", "on-call", "oncall", "on-caller", "responder",
        "staff", "employee", "colleague", "teammate", "member", "members", "folks", "trainee",
        "newbie", "rookie", "junior", "senior", "vendor's", "architect", "analyst", "ic",
        "commander", "scribe", "secondary", "primary-on-call", "support", "management",
        "director", "cto", "ceo", "pm", "programmer", "coder", "technician", "tech",
        "pilot", "pilots", "crew", "staffer", "staffers", "personnel", "supervisor",
        "supervisors", "employees", "individual", "man", "woman", "vendor", "vendors",
        "officer", "officers", "nurse", "technicians", "captain", "approvers", "colleagues",
        "teammates", "workers", "worker", "hero", "consultants", "reviewers'", "technician's",
        "architects", "analysts", "responders", "owners", "authors",
        "sysadmins", "administrators", "intern's",
    }
)
# Role nouns that name processes too ("the ingestion workers"): a person only after one of
# HUMAN_MODIFIERS ("a maintenance worker", "an IT worker").
PROCESS_ROLES = frozenset({"worker", "workers"})
HUMAN_MODIFIERS = frozenset(
    {"maintenance", "it", "construction", "contract", "field", "office", "health", "utility",
     "hospital", "warehouse", "factory", "skilled", "temp", "agency", "night-shift", "shift",
     "amazon", "human"}
)
# Words after which a noun phrase is an object, not a subject ("blaming an intern ignores").
GERUND_HEADS = frozenset({"blame", "blaming", "fire", "firing", "punish", "punishing", "to"})
NOT_GERUNDS = frozenset(
    {"during", "morning", "evening", "nothing", "something", "anything", "everything", "string",
     "thing", "things", "spring", "king", "ring", "bring", "sting", "wing", "ping", "ceiling",
     "building", "meeting", "setting", "warning", "logging", "routing", "staging", "ongoing",
     "pending", "following", "according", "including", "remaining", "existing", "incoming",
     "outgoing", "monitoring", "alerting", "testing", "caching", "hosting", "billing",
     "pricing", "booking", "parking", "shipping", "tracking", "mapping", "working", "timing"}
)
# Words that end a whole clause when looking back for the head of a relative clause.
MAIN_CLAUSE_BREAKS = frozenset({"and", "but", "because", "so", "when", "while", "after", "before",
                                "if", "although", "though", "since", "until", "unless"})
# Negated, these state a gap in knowledge ("he did not know"), not a failure to act.
KNOWING_VERBS = frozenset({"know", "understand", "have", "be"})
# Words in a role phrase that point at seniority or newness: blame by role when they are culprits.
SENIORITY_WORDS = frozenset(
    {"intern", "interns", "junior", "new", "rookie", "trainee", "newbie", "inexperienced"}
)
# Role nouns that also name machines; they count as a role only with a human modifier or alone.
AMBIGUOUS_ROLES = frozenset({"operator", "operators", "owner", "primary-on-call", "secondary",
                             "lead", "support", "tech"})

# Common infrastructure nouns and products. A capitalised word in this list is not a name.
SYSTEM_WORDS = frozenset(
    {
        # generic
        "api", "app", "service", "services", "server", "servers", "system", "cluster", "node",
        "nodes", "pod", "pods", "container", "job", "jobs", "cron", "pipeline", "build", "ci",
        "cd", "deploy", "deploys", "deployment", "release", "alert", "alerts", "alerting",
        "monitor", "monitoring", "dashboard", "check", "checks", "probe", "database", "db",
        "cache", "queue", "worker", "workers", "replica", "replicas", "primary", "leader",
        "broker", "brokers", "consumer", "consumers", "producer", "scheduler", "controller",
        "agent", "daemon", "script", "tool", "tooling", "runbook", "migration", "migrations",
        "backup", "backups", "restore", "failover", "cert", "certificate", "certs", "dns",
        "network", "disk", "volume", "storage", "bucket", "proxy", "gateway", "balancer",
        "lb", "firewall", "vpn", "sso", "auth", "login", "search", "billing", "checkout",
        "payments", "payment", "orders", "staging", "production", "prod", "canary", "traffic",
        "latency", "requests", "request", "clients", "client", "customers", "customer", "users",
        "user", "retries", "retry", "config", "configuration", "flag", "flags", "feature",
        "terraform", "helm", "kubernetes", "k8s", "autoscaler", "webhook", "index", "shard",
        "shards", "partition", "partitions", "memory", "cpu", "heap", "kernel", "firmware",
        "browser", "frontend", "backend", "upstream", "downstream", "region", "zone", "host",
        "hosts", "instance", "instances", "process", "processes", "thread", "library", "sdk",
        "compiler", "parser", "validator", "linter", "registry", "image", "images", "schema",
        "table", "tables", "query", "queries", "endpoint", "endpoints", "router", "switch",
        "page", "pages", "pager", "email", "emails", "status", "platform", "infrastructure",
        "infra", "cdn", "tls", "ssl", "http", "https", "tcp", "udp", "timer", "lock",
        "session", "sessions", "token", "tokens", "key", "keys", "secret", "secrets", "it",
        "this", "that", "which", "what", "everything", "nothing", "something", "whole", "all",
    }
)
PRODUCT_NAMES = frozenset(
    {
        "redis", "kafka", "postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongo",
        "cassandra", "elasticsearch", "opensearch", "zookeeper", "etcd", "consul", "vault",
        "nomad", "envoy", "istio", "linkerd", "nginx", "haproxy", "traefik", "apache", "tomcat",
        "jenkins", "github", "gitlab", "bitbucket", "circleci", "argo", "argocd", "spinnaker",
        "flux", "ansible", "puppet", "chef", "saltstack", "docker", "containerd", "aws", "gcp",
        "azure", "s3", "ec2", "rds", "lambda", "cloudfront", "cloudflare", "akamai", "fastly",
        "route53", "pagerduty", "opsgenie", "datadog", "grafana", "prometheus", "alertmanager",
        "sentry", "splunk", "kibana", "loki", "jaeger", "slack", "zoom", "jira", "confluence",
        "statuspage", "okta", "auth0", "stripe", "twilio", "sendgrid", "rabbitmq", "nats",
        "pulsar", "celery", "sidekiq", "airflow", "spark", "hadoop", "hdfs", "bigquery",
        "snowflake", "dynamodb", "memcached", "varnish", "certbot", "cert-manager", "letsencrypt",
        "coredns", "kubelet", "karpenter", "keda", "linux", "windows", "macos", "ubuntu",
        "debian", "java", "jvm", "python", "node.js", "nodejs", "golang", "go", "rust", "ruby",
        "rails", "django", "flask", "spring", "react", "safari", "chrome", "firefox", "openssl",
        "iam", "kms", "vpc", "elb", "alb", "nlb", "gke", "eks", "aks", "ecs", "sqs", "sns",
        "kinesis", "cloudwatch", "newrelic", "honeycomb", "bgp", "ntp", "ldap", "smtp",
    }
)
SYSTEM_WORDS = SYSTEM_WORDS | PRODUCT_NAMES

# Capitalised words that start sentences or clauses but are never a subject's name.
NOT_NAMES = frozenset(
    {
        "the", "a", "an", "this", "that", "these", "those", "it", "its", "our", "their", "his",
        "her", "my", "your", "we", "they", "he", "she", "i", "you", "then", "when", "after",
        "before", "during", "while", "since", "because", "so", "but", "and", "or", "if",
        "although", "though", "once", "as", "at", "by", "for", "from", "in", "into", "of", "on",
        "to", "with", "without", "again", "also", "still", "later", "earlier", "meanwhile",
        "unfortunately", "fortunately", "luckily", "initially", "eventually", "finally",
        "first", "second", "third", "next", "last", "today", "yesterday", "tomorrow", "tonight",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "utc", "gmt", "pst", "est", "cet", "root", "cause",
        "action", "owner", "impact", "summary", "timeline", "note", "update", "why", "how",
        "what", "who", "where", "there", "here", "some", "someone", "somebody", "nobody",
        "everyone", "anyone", "all", "both", "each", "every", "no", "not", "yes", "ok", "okay",
        "honestly", "frankly", "basically", "apparently", "clearly", "obviously", "sadly",
        "per", "re", "fwiw", "tbh", "imo", "lol", "btw", "ps", "sev", "incident", "postmortem",
        "classic", "typical", "yet", "thanks", "great", "nice", "kudos", "shocker", "surprise",
        "go", "whatever", "anyway", "well", "oh", "ugh", "sigh", "hey", "hi", "just", "simply",
        "only", "even", "ultimately",
    }
)

AUXILIARIES = frozenset(
    {
        "had", "has", "have", "must", "may", "might", "also", "then", "just", "simply",
        "clearly", "obviously", "apparently", "probably", "completely", "totally", "again",
        "accidentally", "mistakenly", "inadvertently", "somehow", "unfortunately", "initially",
        "subsequently", "later", "still", "even", "basically", "literally", "evidently",
        "once", "already", "carelessly", "repeatedly", "conveniently", "sadly", "frankly",
        "honestly", "again,", "actually", "really", "seemingly", "likely",
    }
)

# Words that end a noun phrase when scanning back from a verb.
CLAUSE_BREAKS = frozenset(
    {
        "and", "but", "or", "because", "so", "when", "while", "after", "before", "since",
        "that", "which", "who", "where", "if", "as", "though", "although", "until", "then",
        "once", "why", "how", "unless", "whereas", "cause", "cos", "coz",
    }
)
DETERMINERS = frozenset(
    {"the", "a", "an", "our", "their", "his", "her", "its", "this", "that", "these", "those",
     "my", "your", "some", "one", "same", "every", "each"}
)

# Verbs only people do, in their base form. "failed to <one of these>" is about a person.
HUMAN_VERBS = frozenset(
    {
        "check", "notice", "verify", "follow", "read", "review", "test", "escalate", "ask",
        "tell", "inform", "communicate", "page", "mention", "consider", "think", "realize",
        "realise", "warn", "double-check", "validate", "confirm", "wait", "document", "report",
        "acknowledge", "ack", "coordinate", "announce", "notify", "look", "catch", "spot",
        "understand", "bother", "remember", "pay", "care", "listen", "heed", "raise", "flag",
        "investigate", "monitor", "watch", "silence", "drain", "prepare", "plan", "train",
        "learn", "know", "see", "update", "renew", "rotate", "bump", "run", "respond",
        "analyse", "analyze", "question",
    }
)

IRREGULAR_PARTICIPLES = {
    "run": "run", "ran": "run", "read": "read", "catch": "caught", "caught": "caught",
    "know": "known", "knew": "known", "see": "seen", "saw": "seen", "do": "done", "did": "done",
    "go": "gone", "went": "gone", "take": "taken", "took": "taken", "write": "written",
    "wrote": "written", "find": "found", "make": "made", "put": "put", "set": "set",
    "keep": "kept", "leave": "left", "think": "thought", "bring": "brought", "build": "built",
    "send": "sent", "tell": "told", "hold": "held", "break": "broken", "broke": "broken",
    "spot": "spotted", "stop": "stopped", "drop": "dropped", "ship": "shipped",
    "skip": "skipped", "plan": "planned", "pay": "paid", "forget": "forgotten", "get": "got",
    "give": "given", "begin": "begun", "shut": "shut", "cut": "cut", "understand": "understood",
    "bump": "bumped", "flag": "flagged", "rerun": "rerun", "undo": "undone", "wipe": "wiped",
    "ack": "acknowledged", "rip": "ripped", "upgrade": "upgraded", "commit": "committed",
}
PARTICIPLES = frozenset(IRREGULAR_PARTICIPLES.values()) | frozenset(
    {"been", "had", "known", "seen", "gotten", "shown", "thrown", "grown", "hidden", "eaten"}
)


# Verbs whose object may be a clause: "it was not noticed that ...", "... checked whether ...".
CLAUSE_VERBS = frozenset(
    {"know", "notice", "realize", "realise", "check", "verify", "see", "think", "remember",
     "forget", "understand", "confirm", "mention", "tell", "consider", "analyse", "analyze",
     "ask", "question", "investigate", "test", "validate", "double-check", "read", "report",
     "communicate", "document", "announce", "spot", "catch", "review", "learn", "say"}
)
# Verbs the passive templates may use ("the alert was not acknowledged"): transitive ones.
TRANSITIVE_VERBS = CLAUSE_VERBS | frozenset(
    {"follow", "escalate", "inform", "page", "warn", "acknowledge", "ack", "notify", "flag",
     "raise", "monitor", "watch", "silence", "drain", "prepare", "plan", "train", "update",
     "renew", "rotate", "bump", "run", "delete", "deploy", "push", "merge", "restart", "scale",
     "drop", "wipe", "skip", "bypass", "apply", "ship", "release", "commit", "introduce",
     "change", "edit", "modify", "create", "send", "wire", "set", "put", "make", "take", "cut",
     "flip", "turn", "roll", "write", "disable", "enable", "remove", "pilot", "approve",
     "configure", "overwrite", "clobber", "break", "miss", "ignore", "overlook", "disregard",
     "neglect", "avoid", "prevent", "insert", "install", "override", "fix", "handle", "detect",
     "find", "do", "stop", "mistype", "trash", "nuke", "bring", "kill", "terminate",
     "truncate", "misconfigure", "hard-code", "hardcode", "rerun", "undo", "promote",
     "double-check", "remember", "note", "wait", "upgrade", "mess", "screw", "botch",
     "fumble", "blow", "hose", "bork", "mishandle", "bungle", "deprecate",
     "depower", "shut", "restore"}
)
# Verbs with no passive: "the incident was not resigned over" is not English.
INTRANSITIVE_VERBS = frozenset(
    {"resign", "happen", "arrive", "come", "go", "sleep", "die", "exist", "occur", "stay",
     "wait", "speak", "listen", "look", "respond", "react", "fall", "rise", "appear",
     "disappear", "emerge", "sit", "stand", "lie", "laugh", "cry", "hesitate", "panic", "relax",
     "complain", "apologise", "apologize", "agree", "rush", "hurry", "work", "act", "behave",
     "fail", "succeed", "proceed", "reply", "step", "bother", "care", "matter", "remain",
     "seem", "become", "sneeze", "improvise", "escalate", "deploy", "ask", "think", "learn"}
)
PHRASAL_VERBS = frozenset(
    {"roll back", "scale up", "scale down", "scale back", "turn off", "turn on", "back up",
     "shut down", "set up", "take down", "bring down", "wipe out", "clean up", "spin up",
     "spin down", "pick up", "hand over", "fail over", "roll out", "switch off", "switch on",
     "lock down", "sign off", "write down", "look up", "follow up", "clear out", "cut over"}
)
NO_FORM = "\x00"
"""Stands in for a verb form the dictionary lacks: a rewrite holding it is dropped."""


def participle(verb: str) -> str:
    """The past participle of an English verb (``renew`` -> ``renewed``, ``run`` -> ``run``),
    from lemminflect; ``NO_FORM`` when the word is not a verb it knows."""
    from assistant.rules.blame.inflect import participle as _participle

    first, _, rest = verb.lower().partition(" ")
    form = _participle(first)
    if form is None:
        return NO_FORM
    return f"{form} {rest}" if rest else form


def gerund(verb: str) -> str:
    """The -ing form of an English verb (``verify`` -> ``verifying``), from lemminflect;
    ``NO_FORM`` when the word is not a verb it knows."""
    from assistant.rules.blame.inflect import gerund as _gerund

    if verb.lower().startswith("bother"):
        return NO_FORM  # "bothering to write a check did not happen" reads badly
    return _gerund(verb) or NO_FORM


def looks_like_participle(word: str) -> bool:
    """True when ``word`` reads as a past participle (``caught``, ``checked``, ``rolled``)."""
    lowered = word.lower().replace("\u2019", "'")
    return lowered in PARTICIPLES or (lowered.endswith("ed") and len(lowered) > 3)
