"""Scripted drafting models for tests: answers keyed by task, and a well-behaved set of answers.

``TaskScriptedModel`` answers each request from a queue per task (the prompt id), so chains that
run concurrently still get their own answers deterministically. The last answer of a queue is
repeated, which is how a retry sees the same malformed answer again; a task with no queue raises
``ScriptMiss`` as the real scripted model does.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from pydantic import Field, PrivateAttr

from assistant.errors import ScriptMiss
from assistant.models.scripted import ScriptedChatModel


class TaskScriptedModel(ScriptedChatModel):
    """A scripted model whose answers are queued per task."""

    by_task: dict[str, list[str]] = Field(default_factory=dict)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def _answer(self, task: str, fingerprint: str) -> str:  # noqa: ARG002 - keyed by task only
        with self._lock:
            queue = self.by_task.get(task)
            if not queue:
                raise ScriptMiss(f"no scripted answer for task {task!r}")
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def tasks(self) -> list[str]:
        """The task of every call received, in order."""
        return [call.task for call in self.calls]


def answers(**tasks: Any) -> dict[str, list[str]]:
    """Queues of JSON answers per task; a string is sent as is, anything else as JSON."""
    queues: dict[str, list[str]] = {}
    for task, value in tasks.items():
        items = value if isinstance(value, list) else [value]
        queues[task] = [item if isinstance(item, str) else json.dumps(item) for item in items]
    return queues


CHECKOUT_SUMMARY: dict[str, Any] = {
    "title": "Checkout 5xx errors after the checkout-api v2.31.0 deploy",
    "severity": "P2",
    "summary": "On 2024-02-15 at 14:05 UTC checkout-api v2.31.0 was deployed and the database "
    "connection pool was exhausted. The 5xx alert fired at 14:12 UTC, checkout-api was rolled "
    "back to v2.30.4 at 14:31 UTC and the alert resolved at 14:50 UTC, 45 minutes after impact "
    "began.",
    "impact_line": "45 min of checkout 5xx errors above 5%",
    "impact": {
        "customers_affected": "Some customers saw degraded checkout (status page update).",
        "duration": "45 minutes",
        "other": ["checkout-api 5xx rate above 5% for 5 minutes"],
    },
}
CHECKOUT_TIMELINE: dict[str, Any] = {
    "rows": [
        {"evidence": ["notes.md:3"], "time": "2024-02-15T14:05:00Z", "who": "release pipeline",
         "what": "Deploy of checkout-api v2.31.0 started", "kind": "trigger"},
        {"evidence": ["checkout-api.log:73", "checkout-api.log:375"],
         "time": "2024-02-15T14:06:01Z", "who": "checkout-api",
         "what": "303 db pool exhausted errors between 14:06:01 and 14:30:55", "kind": "other"},
        {"evidence": ["chat.txt:1"], "time": "2024-02-15T14:13:00Z", "who": "on-call engineer",
         "what": "Reported a lot of 500s on checkout", "kind": "detection"},
        {"evidence": ["chat.txt:5"], "time": "14:30", "who": "on-call engineer",
         "what": "Rollback started", "kind": "mitigation"},
    ]
}
CHECKOUT_CAUSES: dict[str, Any] = {
    "primary_root_cause": "The deploy pipeline has no canary stage, so a connection pool "
    "change in v2.31.0 reached all checkout traffic at once.",
    "category": "deployment",
    "whys": [
        {"question": "Why did checkout return 5xx errors?",
         "answer": "The checkout-api db pool was exhausted after v2.31.0",
         "confirmed": True, "evidence": ["checkout-api.log:73"]},
        {"question": "Why did the change reach all traffic?",
         "answer": "The deploy pipeline has no canary stage for checkout-api"},
    ],
    "contributing_factors": [
        {"text": "No alert on db pool saturation, only on the 5xx rate", "category": "monitoring"}
    ],
    "proximate_causes": ["checkout-api v2.31.0 exhausted the db connection pool"],
    "went_well": ["The rollback restored checkout within 20 minutes of starting"],
    "could_be_better": ["Detection relied on the 5xx alert rather than pool saturation"],
}
CHECKOUT_ACTIONS: dict[str, Any] = {
    "action_items": [
        {"what": "Add a canary stage for checkout-api deploys that halts on 5xx above 1%",
         "owner": None, "horizon": "short_term", "priority": "P1"},
        {"what": "Alert when checkout-api db pool usage stays above 80% for 5 minutes",
         "owner": "SRE team", "due": "2024-02-22", "horizon": "immediate", "priority": "P1"},
    ],
    "preventive_measures": {
        "monitoring": ["Dashboards for db pool usage per service"],
        "process": ["Canary stage for every customer-facing deploy"],
    },
}


def well_behaved() -> dict[str, list[str]]:
    """Answers a careful model gives for the checkout-deploy incident."""
    return answers(
        draft_summary=CHECKOUT_SUMMARY,
        draft_timeline=CHECKOUT_TIMELINE,
        draft_causes=CHECKOUT_CAUSES,
        draft_actions=CHECKOUT_ACTIONS,
    )
