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

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "parse":
        return _parse(args)
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
    if args.command == "create-hr-user":
        return _create_hr_user(args, settings)
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


if __name__ == "__main__":
    sys.exit(main())
