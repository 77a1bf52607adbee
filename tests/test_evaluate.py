"""`prefill evaluate DIR`: the gold-set evaluation, and `bench/accuracy.py`, which runs the same command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BAD_INPUTS, ROOT

from prefill.cli import EXIT_USAGE, main

CASES = ("gareth-pryce-docx-two-column-table", "gareth-pryce-pdf-one-column")
"""Fixture folders (a document and its `expected.json`) the tests evaluate."""

CORRUPT = "truncated.pdf"
"""A bad input the parser refuses with `corrupt_pdf`."""

TIMES = re.compile(r"\d+\.\d+ s\b")
"""Durations in a report: they differ from run to run."""


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    """A gold set: two fixture folders, and a third whose document is corrupt (its truth is a copy)."""
    root = tmp_path / "gold"
    for name in CASES:
        shutil.copytree(ROOT / "fixtures" / "cvs" / name, root / name)
    broken = root / "broken"
    broken.mkdir()
    shutil.copy(BAD_INPUTS / CORRUPT, broken / "cv.pdf")
    shutil.copy(root / CASES[1] / "expected.json", broken / "expected.json")
    (root / CASES[0] / "notes.md").write_text("not a document", encoding="utf-8")
    return root


def _evaluate(capsys, *args: str) -> tuple[int, str]:
    code = main(["evaluate", *args])
    return code, capsys.readouterr().out


def test_evaluate_prints_the_table_and_writes_json_counting_a_failed_parse(gold: Path, tmp_path, capsys):
    report = tmp_path / "report.json"

    code, out = _evaluate(capsys, str(gold), "--json", str(report))

    assert code == 0  # a report whatever the scores
    lines = out.splitlines()
    assert lines[0] == "3 documents"
    assert lines[1].split() == ["field", "P", "R", "F1", "support", "TP", "FP", "FN"]
    assert any(line.startswith("[experience]") for line in lines)
    assert lines[-1].startswith("3 documents, 1 failed to parse; backend pdfium;")
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["table"]["documents"] == 3
    assert [document["path"] for document in data["documents"]] == [
        "gold/broken/cv.pdf",
        f"gold/{CASES[0]}/cv.docx",
        f"gold/{CASES[1]}/cv.pdf",
    ]
    broken, *parsed = data["documents"]
    assert broken["failure"] == "corrupt_pdf" and broken["kind"] is None
    assert broken["overall"]["tp"] == 0 and broken["overall"]["fn"] == broken["overall"]["support"] > 0
    assert all(document["failure"] is None and document["overall"]["f1"] > 0.9 for document in parsed)
    assert data["table"]["overall"]["fn"] >= broken["overall"]["fn"]  # the failure's truth counts as missed


def test_evaluate_per_document_lists_each_documents_errors(gold: Path, capsys):
    code, out = _evaluate(capsys, str(gold), "--per-document", "--exclude-linkedin")

    assert code == 0
    assert re.search(r"^0\.000  gold/broken/cv\.pdf  \(FAILED corrupt_pdf, \d+\.\d\d s\)$", out, re.MULTILINE)
    assert "      personal.first_name: expected " in out  # the corrupt document missed everything


def test_evaluate_only_linkedin_skips_the_others(gold: Path, capsys):
    # the test's folder has "linkedin" in its name: only the path under it may count
    code, out = _evaluate(capsys, str(gold), "--only-linkedin")

    assert code == 0
    assert out.splitlines()[0] == "0 documents"


def test_evaluate_refuses_a_directory_that_does_not_exist(tmp_path: Path, capsys):
    assert main(["evaluate", str(tmp_path / "missing")]) == EXIT_USAGE
    assert "not a directory" in capsys.readouterr().err


def test_bench_accuracy_prints_what_prefill_evaluate_prints(gold: Path, capsys):
    bench = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "accuracy.py"), str(gold), "--per-document"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    code, out = _evaluate(capsys, str(gold), "--per-document")

    assert bench.returncode == code == 0, bench.stderr
    assert TIMES.sub("", bench.stdout) == TIMES.sub("", out)
