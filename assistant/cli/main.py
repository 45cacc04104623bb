"""The ``postmortem`` command line: parse arguments, read inputs, call a service, print.

Heavy libraries (langchain, openai, gradio) are imported only by the commands that need them, so
``postmortem lint`` and ``postmortem ingest`` start fast. Exit codes: 0 ok, 1 findings over a
``--fail-on`` threshold, 2 bad usage or unreadable input (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from assistant.cli.parser import EXIT_USAGE, build_parser
from assistant.errors import AssistantError, ConfigError, InputError
from assistant.ingest.userfile import read_user_text

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.domain import Notice
    from assistant.service import LintConfig, Source
    from assistant.settings import Settings

EXIT_OK, EXIT_FINDINGS = 0, 1


def _settings(model: str | None) -> Settings:
    from assistant.settings import load_settings

    return load_settings(model=model) if model else load_settings()


def _model_for(spec: str | None) -> BaseChatModel | None:
    from assistant.models.registry import get_model

    settings = _settings(spec)
    return get_model(settings.model, settings)


def _warn(message: str) -> None:
    print(f"postmortem: warning: {message}", file=sys.stderr)


def _emit(text: str, out: str | None = None, *, force: bool = False) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    target = Path(out)
    if target.exists() and not force:
        raise InputError(out, "already exists; pass --force to overwrite")
    try:
        target.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(out, exc.strerror or str(exc)) from exc


def _sources(files: Sequence[str]) -> list[Source]:
    """Paths as given, with ``-`` read from standard input (at most once)."""
    from assistant.service import PastedText

    sources: list[Source] = []
    for name in files:
        if name == "-":
            if any(isinstance(s, PastedText) for s in sources):
                raise InputError("-", "standard input given twice")
            text, warning = read_user_text("-")
            if warning:
                _warn(warning)
            sources.append(PastedText("-", text))
        else:
            path = Path(name)
            if not path.exists():
                raise InputError(name, "no such file")
            sources.append(path)
    return sources


def _notice_printer(notice: Notice) -> None:
    _warn(notice.message)


def _explain_printer(source: str, how: str) -> None:
    print(f"postmortem: {source}: {how}", file=sys.stderr)


def _cmd_ingest(args: argparse.Namespace) -> int:
    import gc

    write = sys.stdout.write
    batch: list[str] = []
    # Records are freed by reference counting (reading makes no cycles); the cycle collector
    # would only rescan the millions of short-lived records of a big log, about a tenth of
    # the run time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for line in _ingest_json_lines(args):
            batch.append(line)
            if len(batch) >= 4096:
                write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            write("\n".join(batch) + "\n")
    finally:
        if collecting:
            gc.enable()
    return EXIT_OK


def _ingest_json_lines(args: argparse.Namespace) -> Iterator[str]:
    """The JSON lines of ``ingest``, read with the readers themselves.

    What ``service.ingest`` gives, encoded; the readers are called directly so that the
    command does not load the review and drafting rules it never uses (start-up is part of
    every run), and log files are written straight from their lines without Evidence records.
    """
    from assistant.ingest.reader import read_sources_json, read_text
    from assistant.ingest.records import EvidenceJson

    if args.files.count("-") > 1:
        raise InputError("-", "standard input given twice")
    for name in args.files:
        if name != "-" and not Path(name).exists():
            raise InputError(name, "no such file")
    explain = _explain_printer if args.explain else None
    encode = EvidenceJson()
    for name in args.files:
        if name == "-":
            text, warning = read_user_text("-")
            if warning:
                _warn(warning)
            records = read_text(
                text, "-", tz=args.tz, date=args.date, kind=args.kind,
                on_warning=_notice_printer, explain=explain,
            )
            yield from map(encode, records)
            continue
        yield from read_sources_json(
            [Path(name)], tz=args.tz, date=args.date, kind=args.kind,
            on_warning=_notice_printer, explain=explain,
        )


def _lint_config(path: str | None, near: Path) -> LintConfig | None:
    """The lint config given with ``--config``, else the nearest one above ``near``."""
    from assistant.service import load_lint_config

    return load_lint_config(path, near)


def _cmd_lint(args: argparse.Namespace) -> int:
    from assistant.cli.gates import lint_gates_tripped, parse_lint_gates
    from assistant.render.postmortem import findings_text
    from assistant.service import lint

    gates = parse_lint_gates(args.fail_on)
    configs: dict[Path, LintConfig | None] = {}
    report: list[dict[str, Any]] = []
    tripped: list[str] = []
    for name in args.files:
        near = Path.cwd() if name == "-" else Path(name).resolve().parent
        if near not in configs:  # each file gets the config nearest to it, read once per folder
            configs[near] = _lint_config(args.config, near)
        text, warning = read_user_text(name)
        if warning:
            _warn(warning)
        findings = lint(text, configs[near])
        tripped += [f"{name}: {t}" for t in lint_gates_tripped(gates, findings)]
        if args.format == "json":
            report.append(
                {"path": name, "findings": [f.model_dump(mode="json") for f in findings]}
            )
        elif findings:
            _emit(findings_text(name, findings))
    if args.format == "json":
        _emit(json.dumps({"files": report}, indent=2, ensure_ascii=False))
    for reason in tripped:
        print(f"postmortem: fail-on {reason}", file=sys.stderr)
    return EXIT_FINDINGS if tripped else EXIT_OK


def _cmd_review(args: argparse.Namespace) -> int:
    from assistant.cli.gates import parse_review_gates, review_gates_tripped
    from assistant.render import review_markdown, review_text
    from assistant.service import ReviewOptions, review

    gates = parse_review_gates(args.fail_on)
    text, warning = read_user_text(args.file)
    if warning:
        _warn(warning)
    model = _model_for(args.model)
    near = Path(args.file).parent if args.file != "-" else Path.cwd()
    options = ReviewOptions(date=args.date, config=_lint_config(None, near), source=args.file)
    result = review(text, options, model=model)
    if args.format == "json":  # text and Markdown reports carry the warnings themselves, once
        from assistant.render.markdown import collapse_notices

        for line in collapse_notices(result.warnings):
            _warn(line)
        payload = result.model_dump(mode="json")
        _emit(json.dumps(payload, indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        _emit(review_markdown(result))
    else:
        _emit(review_text(result))
    tripped = review_gates_tripped(gates, result)
    for reason in tripped:
        print(f"postmortem: fail-on {reason}", file=sys.stderr)
    return EXIT_FINDINGS if tripped else EXIT_OK


def _cmd_draft(args: argparse.Namespace) -> int:
    from assistant.render import postmortem_json, postmortem_markdown
    from assistant.service import IngestOptions, draft

    if args.out and Path(args.out).exists() and not args.force:
        raise InputError(args.out, "already exists; pass --force to overwrite")
    model = _model_for(args.model)
    options = IngestOptions(tz=args.tz, date=args.date, kind=args.kind)
    document = draft(_sources(args.files), options, model=model, on_warning=_notice_printer)
    text = postmortem_json(document) if args.format == "json" else postmortem_markdown(document)
    _emit(text, args.out, force=args.force)
    return EXIT_OK


def _cmd_schema(_args: argparse.Namespace) -> int:
    from assistant.domain import Postmortem, Review

    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "postmortem-assistant documents",
        "oneOf": [{"$ref": "#/$defs/Postmortem"}, {"$ref": "#/$defs/Review"}],
        "$defs": {
            "Postmortem": Postmortem.model_json_schema(),
            "Review": Review.model_json_schema(),
        },
    }
    _emit(json.dumps(schema, indent=2))
    return EXIT_OK


def _cmd_eval(args: argparse.Namespace) -> int:
    from assistant.evals.baseline import BASELINE_FILE
    from assistant.evals.command import EvalRequest, run_compare_command, run_eval

    if args.compare:
        if len(args.compare) != 3 or args.compare[0] != "compare":
            raise ConfigError("usage: postmortem eval compare RUN_A RUN_B")
        return run_compare_command(Path(args.compare[1]), Path(args.compare[2]),
                                   out=sys.stdout, err=sys.stderr)

    request = EvalRequest(
        mode=args.model,
        cases_dir=Path(args.cases) if args.cases else None,
        baseline=Path(args.baseline) if args.baseline else BASELINE_FILE,
        report_dir=Path(args.report),
        record=args.record,
        strict=args.strict,
        update_baseline=args.update_baseline,
        case_ids=tuple(args.case_ids) if args.case_ids else None,
        workers=args.workers,
    )
    return run_eval(request, out=sys.stdout, err=sys.stderr)


def _cmd_serve(args: argparse.Namespace) -> int:
    from assistant.web import app  # imported only here: gradio is a slow import

    app.serve(host=args.host, port=args.port, model=_model_for(args.model),
              allow_server_key=args.allow_server_key,
              allow_base_urls=tuple(args.allow_base_url))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "draft": _cmd_draft,
    "eval": _cmd_eval,
    "ingest": _cmd_ingest,
    "lint": _cmd_lint,
    "review": _cmd_review,
    "schema": _cmd_schema,
    "serve": _cmd_serve,
}


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run one command; return its exit code. Tests call ``main([...])``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = sys.stdout
    if stdout is not None:
        sys.stdout = stdout
    try:
        return COMMANDS[args.command](args)
    except AssistantError as exc:
        print(f"postmortem: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("postmortem: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        sys.stdout = previous


__all__ = ["COMMANDS", "ConfigError", "build_parser", "main"]
