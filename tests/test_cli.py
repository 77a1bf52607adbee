"""The `prefill` command."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import FIXTURE_CVS

from prefill.models.draft import DraftProfile


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "prefill.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_parse_prints_the_draft_profile_json():
    path = next(p for p in FIXTURE_CVS if p.suffix == ".docx")
    result = _run("parse", str(path))
    assert result.returncode == 0, result.stderr
    draft = DraftProfile.model_validate_json(result.stdout)
    assert draft.source.kind == "docx"
    assert draft.source.filename == "cv.docx"
    assert draft.personal.email is not None


def test_parse_exports_json_resume():
    path = next(p for p in FIXTURE_CVS if p.suffix == ".pdf")
    result = _run("parse", str(path), "--format", "jsonresume")
    assert result.returncode == 0, result.stderr
    resume = json.loads(result.stdout)
    assert resume["basics"]["name"]
    assert resume["work"] and all("name" in job or "position" in job for job in resume["work"])
    assert resume["meta"]["version"] == "v1.0.0"


def test_pdf_backends_give_the_same_draft():
    path = next(p for p in FIXTURE_CVS if p.suffix == ".pdf")
    pdfium = json.loads(_run("parse", str(path)).stdout)
    pdfminer = json.loads(_run("parse", str(path), "--pdf-backend", "pdfminer").stdout)
    assert pdfium == pdfminer
