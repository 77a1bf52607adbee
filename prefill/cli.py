"""The `prefill` command."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from prefill.instants import utcnow

if TYPE_CHECKING:
    from prefill.settings import Settings

EXIT_PARSE_ERROR = 1
"""Exit status when the document cannot be read (bad input); the error code is on stderr."""

EXIT_USAGE = 2

EXIT_REFUSED = 3
"""Exit status when a command's input is refused (say, a user name already taken)."""

EXIT_NO_DATABASE = 4
"""Exit status when the database cannot be read (unreachable, or not migrated: `prefill migrate`)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="prefill", description="CV parsing and profile prefill.")
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="parse a CV and print its draft profile as JSON")
    parse.add_argument("file", type=Path)
    parse.add_argument("--format", choices=("json", "jsonresume"), default="json")
    parse.add_argument(
        "--pdf-backend",
        choices=("pdfium", "pdfminer"),
        default="pdfium",
        help="PDF text extraction engine (default: pdfium)",
    )

    worker = commands.add_parser("worker", help="run an RQ worker for CV imports (PREFILL_REDIS_URL)")
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    worker.add_argument("--name", help="worker name (default: RQ's)")

    commands.add_parser("serve", help="run the API with its workers; a private Redis when none is configured")
    commands.add_parser("migrate", help="bring the database schema up to date")

    hr_user = commands.add_parser(
        "create-hr-user", help="create an HR account (the only way to get one); password on stdin"
    )
    hr_user.add_argument("username")
    hr_user.add_argument("email")
    hr_user.add_argument("--password-file", type=Path, help="read the password from this file instead")
    hr_user.add_argument("--language", choices=("en", "fr"), default="en", help="language of its mails")
    commands.add_parser("seed-demo", help="add the demo vacancies (English and French) not there yet")
    reparse = commands.add_parser(
        "reparse", help="re-parse a folder or ZIP archive of CVs into a versioned report (resumable)"
    )
    reparse.add_argument("source", type=Path, help="a folder or ZIP archive of CVs and LinkedIn exports")
    reparse.add_argument(
        "--out", type=Path, help="folder for the report (default: PREFILL_REPARSE_REPORT_DIR)"
    )
    reparse.add_argument("--new", action="store_true", help="start a new run even if one can be resumed")
    reparse.add_argument(
        "--workers",
        type=int,
        help="local workers to start (default: PREFILL_WORKERS without a Redis URL, else 0)",
    )
    reparse.add_argument("--quiet", action="store_true", help="no progress output")

    evaluate = commands.add_parser(
        "evaluate", help="score the parser against folders of documents with an expected.json beside them"
    )
    evaluate.add_argument("dirs", nargs="+", type=Path, metavar="DIR")
    only = evaluate.add_mutually_exclusive_group()
    only.add_argument("--exclude-linkedin", action="store_true", help="skip LinkedIn documents")
    only.add_argument("--only-linkedin", action="store_true", help="score LinkedIn documents only")
    evaluate.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    evaluate.add_argument(
        "--per-document", action="store_true", help="print each document's F1 and the values it got wrong"
    )
    evaluate.add_argument("--backend", choices=("pdfium", "pdfminer"), default="pdfium", help="PDF reader")

    accuracy = commands.add_parser(
        "accuracy", help="prefill accuracy in real use: prefilled vs submitted values, per field (HR)"
    )
    accuracy.add_argument("--since", metavar="YYYY-MM-DD", help="first UTC day of submission counted")
    accuracy.add_argument("--until", metavar="YYYY-MM-DD", help="last UTC day of submission counted")
    accuracy.add_argument("--parser-version", help="only drafts of this parser version")
    accuracy.add_argument("--kind", help="only imports of this kind: docx, pdf, linkedin_pdf, linkedin_zip")
    accuracy.add_argument("--language", help="only CVs in this language (ISO 639-1)")
    accuracy.add_argument(
        "--by", nargs="+", metavar="DIMENSION", help="group by parser_version, kind, language and/or period"
    )
    accuracy.add_argument("--period", help="length of a period: day, week or month (default)")
    accuracy.add_argument("--json", action="store_true", help="print the report as JSON instead of a table")
    accuracy.add_argument(
        "--chart", type=Path, metavar="FILE", help="also draw F1 per field and parser version (.svg or .png)"
    )

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "parse":
        return _parse(args)
    if args.command == "evaluate":
        return _evaluate(args)
    from prefill.settings import get_settings

    settings = get_settings()
    if args.command == "worker":
        from prefill.worker import run_worker

        run_worker(settings, burst=args.burst, name=args.name)
        return 0
    if args.command == "migrate":
        from prefill.db import upgrade

        upgrade(settings.database_url)
        return 0
    if args.command == "seed-demo":
        return _seed_demo(settings)
    if args.command == "serve":
        from prefill.serve import serve

        if settings.demo_vacancies_on_first_start:
            _seed_demo(settings, only_if_empty=True)
        return serve(settings)
    if args.command == "accuracy":
        return _accuracy(args, settings)
    if args.command == "create-hr-user":
        return _create_hr_user(args, settings)
    if args.command == "reparse":
        return _reparse(args, settings)
    return EXIT_USAGE


def _create_hr_user(args: argparse.Namespace, settings: Settings) -> int:
    from prefill.db import session_scope
    from prefill.errors import ServiceError
    from prefill.workflow.accounts.service import create_hr_user

    try:
        source = args.password_file.read_text(encoding="utf-8") if args.password_file else sys.stdin.read()
    except OSError as error:
        print(f"prefill: cannot read {args.password_file}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    password = source.splitlines()[0] if source.strip() else ""  # the first line, without its newline
    try:
        with session_scope(settings.database_url) as session:
            user = create_hr_user(
                session,
                settings=settings,
                username=args.username,
                email=args.email,
                password=password,
                language=args.language,
            )
    except (ValueError, ServiceError) as error:
        code = getattr(error, "code", "invalid_request")
        print(json.dumps({"error": {"code": code, "message": str(error)}}), file=sys.stderr)
        return EXIT_REFUSED
    print(json.dumps({"id": user.id, "username": user.username, "role": user.role}))
    return 0


def _reparse(args: argparse.Namespace, settings: Settings) -> int:
    from prefill.errors import ServiceError
    from prefill.pipelines.reparse.command import run

    try:
        return run(args, settings)
    except ServiceError as error:
        print(json.dumps({"error": {"code": error.code, "message": str(error)}}), file=sys.stderr)
        return EXIT_REFUSED


def _seed_demo(settings: Settings, *, only_if_empty: bool = False) -> int:

    from prefill.db import session_scope, upgrade
    from prefill.workflow.vacancies.demo import seed_demo, seed_demo_if_empty

    upgrade(settings.database_url)
    seed = seed_demo_if_empty if only_if_empty else seed_demo
    with session_scope(settings.database_url) as session:
        added = seed(session, now=utcnow())
    if added or not only_if_empty:
        print(f"prefill: {added} demo vacancies added", file=sys.stderr)
    return 0


def _parse(args: argparse.Namespace) -> int:
    from prefill.models.jsonresume import to_json_resume
    from prefill.parser import ParseError, parse_bytes

    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(f"prefill: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    try:
        draft = parse_bytes(data, filename=args.file.name, pdf_backend=args.pdf_backend)
    except ParseError as error:
        print(json.dumps({"error": {"code": error.code, "message": str(error)}}), file=sys.stderr)
        return EXIT_PARSE_ERROR
    if args.format == "jsonresume":
        print(json.dumps(to_json_resume(draft), ensure_ascii=False, indent=2))
    else:
        print(draft.to_json())
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    """A report whatever the scores (exit 0); only a DIR that is not a folder is an error."""
    from prefill.pipelines import evaluate

    for path in args.dirs:
        if not path.is_dir():
            print(f"prefill: not a directory: {path}", file=sys.stderr)
            return EXIT_USAGE
    linkedin = "exclude" if args.exclude_linkedin else "only" if args.only_linkedin else "include"
    evaluation = evaluate.run(args.dirs, backend=args.backend, linkedin=linkedin)
    print(evaluate.format_report(evaluation, per_document=args.per_document))
    if args.json:
        report = evaluate.report_json(evaluation, with_errors=args.per_document)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


def _accuracy(args: argparse.Namespace, settings: Settings) -> int:
    from pydantic import ValidationError
    from sqlalchemy.exc import OperationalError

    from prefill.db import session_scope
    from prefill.pipelines.accuracy import chart, service, table
    from prefill.pipelines.accuracy.schemas import AccuracyQuery

    if args.chart and args.chart.suffix.lower() not in (".svg", ".png"):
        print(f"prefill: --chart: name an .svg or .png file, not {args.chart.name}", file=sys.stderr)
        return EXIT_USAGE
    options = {name: getattr(args, name) for name in AccuracyQuery.model_fields}
    try:
        query = AccuracyQuery.model_validate({name: v for name, v in options.items() if v is not None})
    except ValidationError as error:
        for problem in error.errors():
            print(f"prefill: --{str(problem['loc'][0]).replace('_', '-')}: {problem['msg']}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with session_scope(settings.database_url) as session:
            report = service.report(session=session, query=query)
            drawn = service.report(session=session, query=chart.chart_query(query)) if args.chart else None
    except OperationalError:
        print("prefill: cannot read the database (unreachable, or run prefill migrate)", file=sys.stderr)
        return EXIT_NO_DATABASE
    print(report.model_dump_json(indent=2) if args.json else table.format_table(report))
    if drawn is not None:
        svg = chart.render_svg(drawn)
        try:
            image = svg.encode() if args.chart.suffix.lower() == ".svg" else chart.render_png(svg)
        except FileNotFoundError:
            print(f"prefill: a PNG chart needs {chart.RSVG_CONVERT} (librsvg); write .svg", file=sys.stderr)
            return EXIT_USAGE
        args.chart.write_bytes(image)
    return 0


if __name__ == "__main__":
    sys.exit(main())
