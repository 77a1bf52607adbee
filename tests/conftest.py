"""Shared fixtures: the generated fixture CVs, parsed once per test session."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from prefill.models.draft import DraftProfile
from prefill.parser import parse_file

# Shared helper modules assert too: rewrite them like test modules, before any test imports them.
pytest.register_assert_rewrite("service_harness", "workflow_harness", "document_builder")

ROOT = Path(__file__).resolve().parent.parent
# The fixture scripts are top-level modules (run as `python fixtures/x.py`): tests import their builders.
sys.path.append(str(ROOT / "fixtures"))
FIXTURE_CVS = sorted(p for p in (ROOT / "fixtures" / "cvs").glob("*/cv.*"))
BAD_INPUTS = ROOT / "fixtures" / "bad"


@pytest.fixture(scope="session")
def parsed_fixtures() -> dict[Path, DraftProfile]:
    """Every fixture CV's draft (parsing all of them takes a few seconds; do it once)."""
    return {path: parse_file(path) for path in FIXTURE_CVS}


def expected_of(path: Path) -> dict:
    return json.loads((path.parent / "expected.json").read_text(encoding="utf-8"))
