"""The `prefill` command."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

EXIT_PARSE_ERROR = 1
"""Exit status when the document cannot be read (bad input); the error code is on stderr."""

EXIT_USAGE = 2


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
    if args.command == "serve":
        from prefill.serve import serve

        return serve(settings)
    return EXIT_USAGE


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
