"""Gold-set evaluation: the parser scored against folders of documents with an `expected.json` beside
them (`prefill evaluate DIR`; `bench/accuracy.py` runs the same command).

Every `*.pdf`, `*.docx` or `*.zip` whose folder holds an `expected.json` is parsed and scored with
`prefill.pipelines.scoring`; the table gives P/R/F1 per field, per group and overall. A report, not a
test: a document the parser fails on scores as an empty output (everything missed) and is counted as a
failure, and the run goes on. The per-document report and the JSON's `errors` quote the values a
document got wrong: a local tool's output, never to be pasted anywhere public when run on real CVs.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from prefill.parser import parse_bytes
from prefill.parser.errors import ParseError
from prefill.pipelines.scoring import DocumentScore, ScoreTable, draft_to_values, score_document

DOCUMENT_SUFFIXES = frozenset({".pdf", ".docx", ".zip"})
"""Files taken as documents; anything else in a case folder (YAML, Markdown, JSON) is ignored."""

TRUTH_NAME = "expected.json"
"""The values-only truth file that must sit beside a document for it to be scored."""

LINKEDIN_KINDS = frozenset({"linkedin_pdf", "linkedin_zip"})
"""`source.kind` values that make a document a LinkedIn one."""

LinkedIn = Literal["include", "exclude", "only"]
"""What a run does with LinkedIn documents: a shown path (`DocumentResult.name`) with `linkedin` in it,
or a LinkedIn parse. Only the shown path counts: not where the evaluated folder happens to live."""


@dataclass
class DocumentResult:
    """One document's parse and score; `failure` is the error code when the parse raised."""

    path: Path
    kind: str | None
    seconds: float
    score: DocumentScore
    failure: str | None = None
    name: str = ""
    """The path shown in reports: from the folder holding the evaluated directory."""


@dataclass
class Evaluation:
    """A run over folders: each document's result, and the run's wall-clock time."""

    backend: str
    results: list[DocumentResult]
    elapsed: float

    @property
    def table(self) -> ScoreTable:
        return ScoreTable.of(result.score for result in self.results)

    @property
    def failures(self) -> int:
        return sum(result.failure is not None for result in self.results)

    @property
    def parse_seconds(self) -> float:
        return sum(result.seconds for result in self.results)


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


def is_linkedin_name(name: str) -> bool:
    return "linkedin" in name.lower()


def evaluate_document(path: Path, *, backend: str) -> DocumentResult:
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


def run(dirs: list[Path], *, backend: str = "pdfium", linkedin: LinkedIn = "include") -> Evaluation:
    """Evaluate every document under `dirs` (see `find_documents`), in path order."""
    started = time.perf_counter()
    results: list[DocumentResult] = []
    for path in find_documents(dirs):
        name = _display_path(path, dirs)
        if linkedin == "exclude" and is_linkedin_name(name):
            continue  # known before parsing: saves the parse
        result = evaluate_document(path, backend=backend)
        is_linkedin = is_linkedin_name(name) or result.kind in LINKEDIN_KINDS
        if (linkedin == "exclude" and is_linkedin) or (linkedin == "only" and not is_linkedin):
            continue
        result.name = name
        results.append(result)
    return Evaluation(backend, results, time.perf_counter() - started)


# ---------------------------------------------------------------------------- reports


def _format_f1(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def _document_lines(result: DocumentResult) -> list[str]:
    status = f"FAILED {result.failure}" if result.failure else result.kind
    lines = [f"{_format_f1(result.score.overall.f1)}  {result.name}  ({status}, {result.seconds:.2f} s)"]
    lines += [f"      {e.path}: expected {e.expected!r}, got {e.actual!r}" for e in result.score.errors]
    return lines


def format_report(evaluation: Evaluation, *, per_document: bool) -> str:
    """The table (after each document's F1 and errors with `per_document`), then counts and times."""
    lines: list[str] = []
    if per_document:
        lines += [line for result in evaluation.results for line in _document_lines(result)]
        lines.append("")
    lines += [
        evaluation.table.format_table(),
        "",
        f"{len(evaluation.results)} documents, {evaluation.failures} failed to parse; "
        f"backend {evaluation.backend}; parse time {evaluation.parse_seconds:.1f} s, "
        f"whole run {evaluation.elapsed:.1f} s",
    ]
    return "\n".join(lines)


def _document_json(result: DocumentResult, *, with_errors: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": result.name,
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


def report_json(evaluation: Evaluation, *, with_errors: bool) -> dict[str, Any]:
    """The run as JSON: the table, and each document's scores (and errors, `with_errors`)."""
    return {
        "backend": evaluation.backend,
        "elapsed_s": round(evaluation.elapsed, 3),
        "parse_s": round(evaluation.parse_seconds, 3),
        "table": evaluation.table.to_dict(),
        "documents": [_document_json(result, with_errors=with_errors) for result in evaluation.results],
    }
