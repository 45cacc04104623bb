"""The error family. Every message is written for the user and says how to fix the problem.

The core raises these; only the edges (``cli.main``, the Gradio handlers) translate them into an
exit code or a UI error. Any other exception is a bug and is allowed to surface.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of all errors a user can cause and fix."""


class InputError(AssistantError):
    """An input file or pasted text cannot be used: ``"{path}: {reason}"``."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(AssistantError):
    """Bad settings: an unknown model spec, a missing key, a broken config file."""


class PromptError(ConfigError):
    """A prompt file under ``prompts/`` is malformed; the message names the file."""


class ModelError(AssistantError):
    """The model could not be reached or kept failing (timeouts, 429, 5xx) after retries."""


class ModelOutputError(AssistantError):
    """The model's answer stayed malformed after repair and one retry."""

    def __init__(self, message: str, *, attempts: int, last_output: str) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.last_output = last_output


class ScriptMiss(AssistantError):
    """The scripted model has no recorded answer for a request."""
