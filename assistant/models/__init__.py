"""Model plumbing: the spec registry, providers, scripted and recording models, token
counting, redaction, versioned prompts and structured output with repair.

Only ``registry`` knows providers; chains see a ``BaseChatModel``.
"""
