"""Bad input gets its own error code and a human message, never a traceback or CV text."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import BAD_INPUTS, FIXTURE_CVS

from prefill.parser import ParseError, errors, limits, parse_bytes

EXPECTED_ERRORS = json.loads((BAD_INPUTS / "expected_errors.json").read_text())


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "prefill.cli", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(("name", "code"), sorted(EXPECTED_ERRORS.items()))
def test_bad_file_raises_its_error_code(name, code):
    with pytest.raises(ParseError) as raised:
        parse_bytes((BAD_INPUTS / name).read_bytes(), filename=name)
    assert raised.value.code == code
    assert str(raised.value)


def test_every_error_code_the_brief_names_has_a_bad_file():
    codes = set(EXPECTED_ERRORS.values())
    assert {
        "empty_file",
        "unsupported_format",
        "corrupt_docx",
        "encrypted_docx",
        "encrypted_pdf",
        "scanned_pdf_no_text",
        "legacy_doc",
        "macro_enabled_docm",
        "too_many_pages",
    } <= codes


def test_file_over_the_size_limit_is_refused_before_reading():
    data = b"%PDF-1.7\n" + b"0" * limits.MAX_FILE_BYTES
    with pytest.raises(errors.FileTooLarge) as raised:
        parse_bytes(data)
    assert raised.value.code == "file_too_large"


def test_size_and_page_limits_are_settable_per_call():
    pdf = next(p for p in FIXTURE_CVS if p.suffix == ".pdf").read_bytes()
    with pytest.raises(errors.FileTooLarge):
        parse_bytes(pdf, max_bytes=len(pdf) - 1)
    two_pages = next(p for p in FIXTURE_CVS if "two-pages" in p.parent.name).read_bytes()
    with pytest.raises(errors.TooManyPages):
        parse_bytes(two_pages, max_pages=1)


@pytest.mark.parametrize(
    "name", ["encrypted.pdf", "garbage-document-xml.docx", "random-bytes.pdf", "empty.pdf"]
)
def test_cli_prints_the_code_and_exits_non_zero_without_a_traceback(name):
    result = _run_cli("parse", str(BAD_INPUTS / name))
    assert result.returncode == 1
    assert result.stdout == ""
    error = json.loads(result.stderr.strip().splitlines()[-1])["error"]
    assert error["code"] == EXPECTED_ERRORS[name]
    assert error["message"]
    assert "Traceback" not in result.stderr


def test_cli_reports_a_missing_file_as_a_usage_error():
    result = _run_cli("parse", str(BAD_INPUTS / "no-such-file.pdf"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


HOSTILE_ZIPS = json.loads((BAD_INPUTS.parent / "linkedin" / "zip-bad" / "expected_errors.json").read_text())


@pytest.mark.parametrize(("name", "code"), sorted(HOSTILE_ZIPS.items()))
def test_hostile_zip_through_parse_bytes_gives_its_code(name, code):
    data = (BAD_INPUTS.parent / "linkedin" / "zip-bad" / name).read_bytes()
    with pytest.raises(ParseError) as raised:
        parse_bytes(data, filename=name)
    assert raised.value.code == code


def test_a_docx_is_never_taken_for_a_linkedin_export():
    docx = next(p for p in FIXTURE_CVS if p.suffix == ".docx")
    assert parse_bytes(docx.read_bytes()).source.kind == "docx"
