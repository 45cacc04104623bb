"""The command line's grammar: every subcommand, its arguments and how option values are read
(zones, dates); usage errors exit 2 with one line.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from assistant import __version__
from assistant.cli.serve_flags import add_serve_flags
from assistant.ingest.kinds import KINDS

if TYPE_CHECKING:

    pass


EXIT_USAGE = 2
"""Exit code of bad usage or unreadable input."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit 2 with one line, like every user error."""

    def error(self, message: str) -> Any:  # noqa: D102 - argparse's signature
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _parse_tz(value: str) -> dt.tzinfo:
    from assistant.ingest.time.zones import parse_zone_name

    try:
        return parse_zone_name(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"bad date {value!r}: expected YYYY-MM-DD") from exc


def _add_model(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        metavar="M",
        help="offline | openai:<model> | scripted:<dir> (default: $POSTMORTEM_MODEL, else "
        "openai:gpt-4o-mini when OPENAI_API_KEY is set, else offline)",
    )


def _add_time(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tz", type=_parse_tz, default=dt.UTC, metavar="ZONE",
        help="zone of times that carry none (IANA name, default UTC)",
    )
    parser.add_argument(
        "--date", type=_parse_date, metavar="YYYY-MM-DD",
        help="incident date, for times that carry no date or year",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(
        prog="postmortem",
        description="Draft and review blameless incident postmortems. Works offline with rules; "
        "a model (OpenAI or any OpenAI-compatible server) adds prose and deeper analysis.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    _add_draft(sub)
    _add_review(sub)
    _add_lint(sub)
    _add_ingest(sub)
    _add_eval(sub)
    sub.add_parser("schema", help="print the JSON Schema of the Postmortem and Review documents")

    serve = sub.add_parser("serve", help="start the web app (offline unless a model is set)")
    serve.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    add_serve_flags(serve)
    _add_model(serve)
    return parser


Sub = Any  # argparse's _SubParsersAction is private


def _add_draft(sub: Sub) -> None:
    draft = sub.add_parser("draft", help="draft a postmortem from notes, chat exports and logs")
    draft.add_argument("files", nargs="+", metavar="FILE", help="inputs; - reads standard input")
    _add_model(draft)
    draft.add_argument("--format", choices=("markdown", "json"), default="markdown")
    draft.add_argument("--out", metavar="F", help="write to F instead of standard output")
    draft.add_argument("--force", action="store_true", help="let --out overwrite an existing file")
    draft.add_argument("--kind", choices=KINDS, help="read every input as this kind")
    _add_time(draft)


def _add_review(sub: Sub) -> None:
    review = sub.add_parser("review", help="review a postmortem draft")
    review.add_argument("file", metavar="FILE", help="the draft; - reads standard input")
    _add_model(review)
    review.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    review.add_argument(
        "--fail-on", metavar="LIST", default="",
        help="exit 1 when any gate trips: blame, blame-error, human-error, proximate, "
        "incomplete, smart<N (an item scores under N of 10), score<N",
    )
    review.add_argument("--date", type=_parse_date, metavar="YYYY-MM-DD",
                        help="incident date for relative due dates, if the draft has none")


def _add_lint(sub: Sub) -> None:
    lint = sub.add_parser("lint", help="blamelessness findings only (no model, fast)")
    lint.add_argument("files", nargs="+", metavar="FILE", help="files; - reads standard input")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument(
        "--fail-on", metavar="LIST", default="",
        help="exit 1 on findings of these severities or categories, e.g. error,warning or "
        "named_blame,human_error (any: every finding)",
    )
    lint.add_argument("--config", metavar="F", help="lint config file (default: nearest "
                      ".postmortem-lint.toml or pyproject.toml [tool.postmortem-lint])")


def _add_ingest(sub: Sub) -> None:
    ingest = sub.add_parser("ingest", help="print the evidence read from inputs as JSON lines")
    ingest.add_argument("files", nargs="+", metavar="FILE", help="inputs; - reads standard input")
    ingest.add_argument("--kind", choices=KINDS, help="read every input as this kind")
    ingest.add_argument(
        "--explain", action="store_true",
        help="print to stderr how each file is read: its kind and, for logs, the timestamp "
        "layout inferred from its first lines",
    )
    _add_time(ingest)


def _add_eval(sub: Sub) -> None:
    evals = sub.add_parser("eval", help="run the eval suite and compare it with the baseline",
                           usage="%(prog)s [options] | %(prog)s compare RUN_A RUN_B")
    evals.add_argument("compare", nargs="*", metavar="compare RUN_A RUN_B",
                       help="compare two runs (report folders or results.json files) per metric "
                       "and case; writes compare.md beside RUN_B")
    evals.add_argument(
        "--model", metavar="M", default="scripted",
        help="scripted (each case's recorded answers, the default) | scripted:<dir> | offline "
        "| openai:<model>",
    )
    evals.add_argument("--cases", metavar="DIR", help="cases folder (default evals/cases)")
    evals.add_argument("--case", action="append", metavar="ID", dest="case_ids",
                       help="run only this case (repeatable)")
    evals.add_argument("--baseline", metavar="F",
                       help="baseline file (default evals/baseline.json)")
    evals.add_argument("--report", metavar="DIR", default="reports/evals",
                       help="folder for report.md, results.json, junit.xml (default reports/evals)")
    evals.add_argument("--record", action="store_true",
                       help="with a real model: write its answers into each case's responses/")
    evals.add_argument("--strict", action="store_true",
                       help="fail on stale or missing scripted answers")
    evals.add_argument("--update-baseline", action="store_true",
                       help="store this run's figures as the baseline of its mode")
    evals.add_argument("--workers", type=int, metavar="N",
                       help="cases run at once (default: the cores, at most 4)")
