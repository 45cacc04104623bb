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
    }
)
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


def participle(verb: str) -> str:
    """The past participle of an English verb (``renew`` -> ``renewed``, ``run`` -> ``run``)."""
    word = verb.lower()
    if word in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[word]
    if word.endswith("ed"):
        return word
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ied"
    return word + "ed"


def gerund(verb: str) -> str:
    """The -ing form of an English verb (``verify`` -> ``verifying``, ``renew`` -> ``renewing``)."""
    first, _, rest = verb.lower().partition(" ")
    if rest:
        return f"{gerund(first)} {rest}"
    word = first
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("ing"):
        return word
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    if word in {"run", "stop", "drop", "ship", "skip", "plan", "spot", "flag", "commit"}:
        return word + word[-1] + "ing"
    return word + "ing"


def looks_like_participle(word: str) -> bool:
    """True when ``word`` reads as a past participle (``caught``, ``checked``, ``rolled``)."""
    lowered = word.lower().replace("\u2019", "'")
    return lowered in PARTICIPLES or (lowered.endswith("ed") and len(lowered) > 3)
