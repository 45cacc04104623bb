"""The ``postmortem`` command line: parse arguments, call a service, print, return a code."""

from assistant.cli.main import main

__all__ = ["main"]
