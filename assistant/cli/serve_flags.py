"""The operator's flags of ``postmortem serve``: what visitors of the web app may use."""

from __future__ import annotations

import argparse
import re


def parse_url_pattern(value: str) -> str:
    """An ``--allow-base-url`` value: a glob, or a regex when it starts with ``^``."""
    if value.startswith("^"):
        try:
            re.compile(value)
        except re.error as exc:
            raise argparse.ArgumentTypeError(f"bad regex {value!r}: {exc}") from exc
    return value


def add_serve_flags(serve: argparse.ArgumentParser) -> None:
    """``--allow-server-key`` and ``--allow-base-url PATTERN`` (repeatable)."""
    serve.add_argument("--allow-server-key", action="store_true",
                       help="let visitors who leave the key field empty spend this server's "
                       "OPENAI_API_KEY (off by default)")
    serve.add_argument("--allow-base-url", action="append", default=[], metavar="PATTERN",
                       type=parse_url_pattern,
                       help="base URL visitors may call (a glob, or a regex starting with ^); "
                       "repeatable; needed on a non-loopback --host")
