"""Rules: deterministic, explainable checks and extractors. No I/O, no model, no clock.

One sub-package per concern: ``blame`` (the blamelessness lint and its rewrites), ``document``
(reading a written postmortem), ``timeline`` (events, milestones and metrics from evidence),
``actions`` (action items and SMART scores), ``whys`` (5 Whys depth and cause categories),
``draft`` (the offline first draft) and ``review`` (the rules review of a document).
"""
