"""The generated fixtures (fixtures/generate.py): reproducible, well-formed, and true to their documents."""

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import msoffcrypto
import pypdfium2
import pytest
from lxml import etree
from pdfminer.high_level import extract_text

from prefill.parser import errors

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(p for p in (FIXTURES / "cvs").iterdir() if p.is_dir())
MIN_CASES = 28
"""The brief asks for at least 28 generated CVs."""
TEXT_KEYS = {
    "personal": ("first_name", "last_name", "email", "street", "postal_code", "city"),
    "experience": ("employer", "title", "location"),
    "education": ("institution", "degree"),
    "certifications": ("name",),
}
"""Expected keys whose values are printed verbatim in the document (up to case and spacing)."""
LONG_CV_CHARS = 4000
"""Text length of the two-page cases (4,000 characters and more; every one-page case holds under 1,100)."""
MIN_TWO_PAGE_CASES = 4
"""The speed benchmark's --pages 2 needs at least four two-page CVs in each format."""


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def _outputs(root: Path) -> set[str]:
    return {f for f in _tree(root) if f.startswith(("cvs/", "bad/")) or f == "expected.schema.json"}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixtures")
    subprocess.run([sys.executable, str(FIXTURES / "generate.py"), "--out", str(out)], check=True)
    return out


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().casefold()


def _printed_values(expected: dict) -> list[str]:
    values = [
        v
        for key, keys in TEXT_KEYS.items()
        if key != "personal"
        for item in expected.get(key, [])
        for k, v in item.items()
        if k in keys
    ]
    values += [expected["personal"][k] for k in TEXT_KEYS["personal"] if k in expected["personal"]]
    return values + expected.get("skills", []) + expected["personal"].get("links", [])


def _document_text(case: Path) -> str:
    if (case / "cv.pdf").exists():
        return extract_text(case / "cv.pdf")
    with zipfile.ZipFile(case / "cv.docx") as package:
        parts = [
            n for n in package.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)
        ]
        roots = [etree.fromstring(package.read(n)) for n in parts]
    # One line per paragraph, text boxes included (their paragraphs nest inside a body paragraph's run).
    return "\n".join(
        "".join(p.xpath("./w:r/w:t/text()", namespaces={"w": W_NS}))
        for root in roots
        for p in root.iter(f"{{{W_NS}}}p")
    )


def test_regeneration_writes_the_same_set_of_files(regenerated: Path) -> None:
    assert _outputs(regenerated) == _outputs(FIXTURES)


def test_regeneration_gives_byte_identical_expected_files(regenerated: Path) -> None:
    names = [f for f in _outputs(FIXTURES) if f.endswith(".json")]
    assert len(names) >= MIN_CASES + 2
    for name in names:
        assert (regenerated / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_there_are_enough_cases_in_both_formats() -> None:
    assert len(CASES) >= MIN_CASES
    formats = [next(c.glob("cv.*")).suffix for c in CASES]
    assert formats.count(".docx") >= MIN_CASES // 2 - 1 and formats.count(".pdf") >= MIN_CASES // 2 - 1


def test_each_expected_json_validates_against_the_schema() -> None:
    schema = json.loads((FIXTURES / "expected.schema.json").read_text(encoding="utf-8"))
    for case in CASES:
        jsonschema.validate(json.loads((case / "expected.json").read_text(encoding="utf-8")), schema)


def test_current_jobs_have_no_end_and_ended_jobs_carry_no_current_flag() -> None:
    for case in CASES:
        for job in json.loads((case / "expected.json").read_text(encoding="utf-8")).get("experience", []):
            assert (job["end"] is None) == job.get("current", False), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_expected_strings_are_in_the_documents_extracted_text(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    text = _normalised(_document_text(case))
    missing = [v for v in _printed_values(expected) if _normalised(v) not in text]
    assert not missing


def _pages(case: Path) -> int:
    """PDF: its page count; DOCX: 1 + its explicit page breaks (it states no <Pages>)."""
    if (case / "cv.pdf").exists():
        return len(pypdfium2.PdfDocument(case / "cv.pdf"))
    with zipfile.ZipFile(case / "cv.docx") as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return 1 + len(root.xpath('//w:br[@w:type="page"]', namespaces={"w": W_NS}))


def test_long_cvs_span_exactly_two_pages_in_both_formats() -> None:
    long_cases = [c for c in CASES if len(_normalised(_document_text(c))) >= LONG_CV_CHARS]
    formats = [next(c.glob("cv.*")).suffix for c in long_cases]
    assert formats.count(".docx") >= MIN_TWO_PAGE_CASES and formats.count(".pdf") >= MIN_TWO_PAGE_CASES
    assert {c.name: _pages(c) for c in long_cases} == {c.name: 2 for c in long_cases}


def test_every_bad_input_maps_to_a_known_error_code() -> None:
    mapping = json.loads((FIXTURES / "bad" / "expected_errors.json").read_text(encoding="utf-8"))
    known = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.ParseError)
    }
    assert set(mapping) == _tree(FIXTURES / "bad") - {"expected_errors.json"}
    assert set(mapping.values()) <= known


def test_bad_inputs_have_the_defect_they_are_named_for() -> None:
    bad = FIXTURES / "bad"
    assert (bad / "empty.pdf").stat().st_size == 0
    with (bad / "encrypted.docx").open("rb") as handle:
        assert msoffcrypto.OfficeFile(handle).is_encrypted()
    with pytest.raises(pypdfium2.PdfiumError):
        pypdfium2.PdfDocument(bad / "encrypted.pdf")
    with pytest.raises(pypdfium2.PdfiumError):
        pypdfium2.PdfDocument(bad / "truncated.pdf")
    assert len(pypdfium2.PdfDocument(bad / "too-many-pages.pdf")) == 25
    scanned = pypdfium2.PdfDocument(bad / "scanned.pdf")
    assert scanned[0].get_textpage().get_text_range().strip() == ""
    assert (bad / "legacy.doc").read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    with zipfile.ZipFile(bad / "macro-enabled.docm") as package:
        assert "word/vbaProject.bin" in package.namelist()
        assert "macroEnabled" in package.read("[Content_Types].xml").decode()


def test_readme_lists_every_case_and_bad_input() -> None:
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    names = [c.name for c in CASES] + sorted(_tree(FIXTURES / "bad") - {"expected_errors.json"})
    assert [n for n in names if f"`{n}`" not in readme] == []
