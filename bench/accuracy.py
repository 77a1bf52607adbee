"""Accuracy of the parser against folders of documents with an `expected.json` beside them.

    python bench/accuracy.py DIR [DIR ...] [--exclude-linkedin | --only-linkedin]
                             [--json OUT] [--per-document] [--backend pdfium|pdfminer]

Every `*.pdf`, `*.docx` or `*.zip` whose folder holds an `expected.json` is parsed and scored with
`prefill.pipelines.scoring`; the table gives P/R/F1 per field, per group and overall. A report, not a
test: the exit code is 0 whatever the scores. `--per-document` prints the values each document got
wrong (a local tool: never paste that output anywhere public when run on real CVs).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runs from a checkout without installing

from prefill.parser import parse_bytes  # noqa: E402
from prefill.parser.errors import ParseError  # noqa: E402
from prefill.pipelines.scoring import DocumentScore, ScoreTable, draft_to_values, score_document  # noqa: E402

DOCUMENT_SUFFIXES = frozenset({".pdf", ".docx", ".zip"})
"""Files taken as documents; anything else in a case folder (YAML, Markdown, JSON) is ignored."""

TRUTH_NAME = "expected.json"
"""The values-only truth file that must sit beside a document for it to be scored."""

LINKEDIN_KINDS = frozenset({"linkedin_pdf", "linkedin_zip"})
"""`source.kind` values that make a document a LinkedIn one."""


@dataclass
class DocumentResult:
    """One document's parse and score; `failure` is the error code when the parse raised."""

    path: Path
    kind: str | None
    seconds: float
    score: DocumentScore
    failure: str | None = None


def find_documents(dirs: list[Path]) -> list[Path]:
    """Every document under `dirs` with a truth file beside it, sorted, each once."""
    found = {
        path.resolve()
        for root in dirs
        for path in root.rglob("*")
        if path.suffix.lower() in DOCUMENT_SUFFIXES
        and path.is_file()
        and (path.parent / TRUTH_NAME).is_file()
    }
    return sorted(found)


def is_linkedin_path(path: Path) -> bool:
    return "linkedin" in str(path).lower()


def evaluate(path: Path, *, backend: str) -> DocumentResult:
    """Parse one document and score it; a failed parse scores as an empty output (all missed)."""
    expected = json.loads((path.parent / TRUTH_NAME).read_text(encoding="utf-8"))
    data = path.read_bytes()
    started = time.perf_counter()
    try:
        draft = parse_bytes(data, filename=path.name, pdf_backend=backend)
    except Exception as error:  # a report must survive parser bugs; the code/class name carries no CV text
        failure = error.code if isinstance(error, ParseError) else type(error).__name__
        seconds = time.perf_counter() - started
        return DocumentResult(path, None, seconds, score_document(expected, {}), failure)
    seconds = time.perf_counter() - started
    return DocumentResult(path, draft.source.kind, seconds, score_document(expected, draft_to_values(draft)))


def _display_path(path: Path, dirs: list[Path]) -> str:
    for root in dirs:
        if path.is_relative_to(root.resolve()):
            return str(path.relative_to(root.resolve().parent))
    return str(path)


def _format_f1(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def _document_report(result: DocumentResult, name: str) -> list[str]:
    status = f"FAILED {result.failure}" if result.failure else result.kind
    lines = [f"{_format_f1(result.score.overall.f1)}  {name}  ({status}, {result.seconds:.2f} s)"]
    lines += [f"      {e.path}: expected {e.expected!r}, got {e.actual!r}" for e in result.score.errors]
    return lines


def _document_json(result: DocumentResult, name: str, *, with_errors: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": name,
        "kind": result.kind,
        "seconds": round(result.seconds, 4),
        "failure": result.failure,
        "overall": result.score.overall.to_dict(),
        "groups": {group: counts.to_dict() for group, counts in result.score.groups().items()},
    }
    if with_errors:
        entry["errors"] = [
            {"path": e.path, "expected": e.expected, "actual": e.actual} for e in result.score.errors
        ]
    return entry


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="+", type=Path, metavar="DIR")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--exclude-linkedin", action="store_true", help="skip LinkedIn documents")
    only.add_argument("--only-linkedin", action="store_true", help="score LinkedIn documents only")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    parser.add_argument(
        "--per-document", action="store_true", help="print each document's F1 and the values it got wrong"
    )
    parser.add_argument("--backend", choices=("pdfium", "pdfminer"), default="pdfium", help="PDF reader")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = time.perf_counter()
    results: list[DocumentResult] = []
    for path in find_documents(args.dirs):
        if args.exclude_linkedin and is_linkedin_path(path):
            continue  # known before parsing: saves the parse
        result = evaluate(path, backend=args.backend)
        linkedin = is_linkedin_path(path) or result.kind in LINKEDIN_KINDS
        if (args.exclude_linkedin and linkedin) or (args.only_linkedin and not linkedin):
            continue
        results.append(result)
    elapsed = time.perf_counter() - started

    names = [_display_path(result.path, args.dirs) for result in results]
    if args.per_document:
        for result, name in zip(results, names, strict=True):
            print("\n".join(_document_report(result, name)))
        print()
    table = ScoreTable.of(result.score for result in results)
    print(table.format_table())
    failures = sum(result.failure is not None for result in results)
    parse_seconds = sum(result.seconds for result in results)
    print(
        f"\n{len(results)} documents, {failures} failed to parse; backend {args.backend}; "
        f"parse time {parse_seconds:.1f} s, whole run {elapsed:.1f} s"
    )

    if args.json:
        report = {
            "backend": args.backend,
            "elapsed_s": round(elapsed, 3),
            "parse_s": round(parse_seconds, 3),
            "table": table.to_dict(),
            "documents": [
                _document_json(result, name, with_errors=args.per_document)
                for result, name in zip(results, names, strict=True)
            ],
        }
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
