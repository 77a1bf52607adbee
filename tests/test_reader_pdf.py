"""The PDF reader: both backends, the shared layout stage, and the errors it raises."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_builder import UNICODE_FONT, Box, Link, Text, build_pdf, lines

from prefill.parser.document import Document
from prefill.parser.errors import CorruptPdf, EncryptedPdf, ScannedPdf, TooManyPages
from prefill.parser.readers.pdf import read_pdf

BACKENDS = ["pdfium", "pdfminer"]
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SIDEBAR = ["Contact", "jane@example.org", "Skills", "Python", "SQL", "Languages", "French", "Spanish"]
MAIN = [
    "Jane Example",
    "Data analyst",
    "Experience",
    "Analyst at Example Corp",
    "Built dashboards",
    "Wrote reports",
    "Education",
    "MSc Statistics",
    "BSc Mathematics",
    "Interests",
]


def _texts(document: Document) -> list[str]:
    return [line.text for _, line in document.lines()]


def _simple_cv() -> bytes:
    return build_pdf(
        [
            [
                Text(50, 60, "Jane Example", "Helvetica-Bold", 20),
                Text(50, 90, "Experience", "Helvetica-Bold", 14),
                Text(50, 110, "Data Analyst, Example Corp"),
                Text(480, 110, "2019 – 2021"),
                Text(50, 124, "Built reporting dashboards"),
            ]
        ]
    )


def _sidebar_cv() -> bytes:
    return build_pdf([lines(30, 60, SIDEBAR, leading=13) + lines(220, 66, MAIN, leading=17)])


def _date_column_cv() -> bytes:
    items: list[Text] = []
    entries = [
        ("2019–2021", "Analyst, Example Corp"),
        ("2016–2019", "Clerk, Sample Ltd"),
        ("2014–2016", "Intern, Demo Inc"),
        ("2012–2014", "Student, City College"),
    ]
    for i, (dates, entry) in enumerate(entries):
        baseline = 80 + i * 50
        items += [
            Text(40, baseline, dates),
            Text(130, baseline, entry, "Helvetica-Bold"),
            Text(130, baseline + 14, "Did useful work for the team"),
            Text(130, baseline + 28, "And more of it, every single day"),
        ]
    return build_pdf([items])


def _two_page_cv() -> bytes:
    footer = [Text(200, 820, "Jane Example – jane@example.org", size=8)]
    first = lines(50, 60, ["Jane Example", "Experience", "Analyst"])
    second = lines(50, 60, ["Education", "MSc Statistics"])
    return build_pdf(
        [
            first + footer + [Text(280, 805, "Page 1 of 2", size=8)],
            second + footer + [Text(280, 805, "Page 2 of 2", size=8)],
        ]
    )


def _linked_cv() -> bytes:
    return build_pdf(
        [
            [
                Text(50, 60, "Contact"),
                Text(50, 74, "jane.example@exam"),
                Text(50, 88, "ple.org"),
                Link(48, 64, 160, 91, "mailto:jane.example@example.org"),
                Text(50, 110, "Skills and more"),
            ]
        ]
    )


def _ligature_cv() -> bytes:
    return build_pdf([lines(50, 60, ["Certiﬁed ofﬁcer", "Second line", "Third line"], font=UNICODE_FONT)])


BUILT = {
    "simple": _simple_cv,
    "sidebar": _sidebar_cv,
    "date_column": _date_column_cv,
    "two_pages": _two_page_cv,
    "links": _linked_cv,
    "ligature": _ligature_cv,
}


@pytest.mark.parametrize("backend", BACKENDS)
def test_reads_lines_in_order_with_bold_and_size(backend: str) -> None:
    document = read_pdf(_simple_cv(), backend=backend)  # type: ignore[arg-type]
    found = [(line.text, line.bold, line.size) for _, line in document.lines()]
    assert found == [
        ("Jane Example", True, 20.0),
        ("Experience", True, 14.0),
        ("Data Analyst, Example Corp\t2019 – 2021", False, 10.0),
        ("Built reporting dashboards", False, 10.0),
    ]
    assert document.kind == "pdf" and document.page_count == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_reads_sidebar_column_before_main_column(backend: str) -> None:
    document = read_pdf(_sidebar_cv(), backend=backend)  # type: ignore[arg-type]
    assert _texts(document) == SIDEBAR + MAIN
    regions = {line.text: block.region for block, line in document.lines()}
    assert all(regions[text] == "sidebar" for text in SIDEBAR)
    assert all(regions[text] == "body" for text in MAIN)


@pytest.mark.parametrize("backend", BACKENDS)
def test_keeps_left_date_column_on_the_entry_lines(backend: str) -> None:
    texts = _texts(read_pdf(_date_column_cv(), backend=backend))  # type: ignore[arg-type]
    assert texts[:3] == [
        "2019–2021\tAnalyst, Example Corp",
        "Did useful work for the team",
        "And more of it, every single day",
    ]
    assert "2012–2014\tStudent, City College" in texts


@pytest.mark.parametrize("backend", BACKENDS)
def test_keeps_repeated_footer_on_first_page_only_and_drops_page_numbers(backend: str) -> None:
    document = read_pdf(_two_page_cv(), backend=backend)  # type: ignore[arg-type]
    first, second = ([line.text for block in page.blocks for line in block.lines] for page in document.pages)
    assert first == ["Jane Example", "Experience", "Analyst", "Jane Example – jane@example.org"]
    assert second == ["Education", "MSc Statistics"]
    assert document.pages[0].blocks[-1].region == "footer"
    assert document.page_count == 2


@pytest.mark.parametrize("backend", BACKENDS)
def test_sets_mailto_link_on_spans_and_lists_it_in_document_links(backend: str) -> None:
    document = read_pdf(_linked_cv(), backend=backend)  # type: ignore[arg-type]
    linked = [line.text for _, line in document.lines() if line.links]
    assert linked == ["jane.example@exam", "ple.org"]
    assert document.links == ["mailto:jane.example@example.org"]
    assert all(not line.links for _, line in document.lines() if line.text in ("Contact", "Skills and more"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_normalises_ligatures(backend: str) -> None:
    document = read_pdf(_ligature_cv(), backend=backend)  # type: ignore[arg-type]
    assert _texts(document)[0] == "Certified officer"


@pytest.mark.parametrize("backend", BACKENDS)
def test_password_protected_pdf_is_rejected_as_encrypted(backend: str) -> None:
    data = build_pdf([lines(50, 60, MAIN)], user_password="user", owner_password="owner")
    with pytest.raises(EncryptedPdf) as raised:
        read_pdf(data, backend=backend)  # type: ignore[arg-type]
    assert raised.value.code == "encrypted_pdf"


@pytest.mark.parametrize("backend", BACKENDS)
def test_owner_password_only_pdf_is_read(backend: str) -> None:
    data = build_pdf([lines(50, 60, MAIN)], owner_password="owner")
    assert _texts(read_pdf(data, backend=backend)) == MAIN  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", BACKENDS)
def test_pdf_without_text_layer_is_rejected_as_scanned(backend: str) -> None:
    data = build_pdf([[Box(40, 40, 500, 700), Text(50, 800, "1")]])
    with pytest.raises(ScannedPdf) as raised:
        read_pdf(data, backend=backend)  # type: ignore[arg-type]
    assert raised.value.code == "scanned_pdf_no_text"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("data", [b"%PDF-1.7\n\x00\x01garbage", _simple_cv()[:300], b""])
def test_damaged_pdf_is_rejected_as_corrupt(backend: str, data: bytes) -> None:
    with pytest.raises(CorruptPdf) as raised:
        read_pdf(data, backend=backend)  # type: ignore[arg-type]
    assert raised.value.code == "corrupt_pdf"


@pytest.mark.parametrize("backend", BACKENDS)
def test_pdf_with_more_pages_than_the_limit_is_rejected(backend: str) -> None:
    data = build_pdf([lines(50, 60, MAIN)] * 3)
    with pytest.raises(TooManyPages):
        read_pdf(data, backend=backend, max_pages=2)  # type: ignore[arg-type]
    assert read_pdf(data, backend=backend, max_pages=3).page_count == 3  # type: ignore[arg-type]


POSITION_TOLERANCE = 1.0
OVERHANG_EM = 0.15


def _summary(document: Document) -> list[tuple[object, ...]]:
    return [
        (line.page, block.region, line.text, line.bold, round(line.size * 2) / 2, line.links)
        for block, line in document.lines()
    ]


def _assert_same_document(data: bytes) -> None:
    fast, reference = read_pdf(data, backend="pdfium"), read_pdf(data, backend="pdfminer")
    assert _summary(fast) == _summary(reference)
    assert [len(page.blocks) for page in fast.pages] == [len(page.blocks) for page in reference.pages]
    for (_, a), (_, b) in zip(fast.lines(), reference.lines(), strict=True):
        assert max(abs(a.x0 - b.x0), abs(a.top - b.top), abs(a.bottom - b.bottom)) <= POSITION_TOLERANCE
        # PDFium's box of a line's last glyph also covers ink past its advance (italics overhang).
        assert abs(a.x1 - b.x1) <= POSITION_TOLERANCE + OVERHANG_EM * a.size
    assert fast.links == reference.links
    assert (fast.metadata, fast.page_count) == (reference.metadata, reference.page_count)


@pytest.mark.parametrize("name", sorted(BUILT))
def test_both_backends_give_the_same_document_for_built_pdfs(name: str) -> None:
    _assert_same_document(BUILT[name]())


FIXTURE_PDFS = sorted(FIXTURES.glob("**/*.pdf"))


@pytest.mark.skipif(not FIXTURE_PDFS, reason="no PDF fixtures generated yet")
@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_both_backends_give_the_same_document_for_fixture_pdfs(path: Path) -> None:
    data = path.read_bytes()
    try:
        read_pdf(data)
    except Exception as error:  # fixtures of bad inputs: both backends must raise the same error
        with pytest.raises(type(error)):
            read_pdf(data, backend="pdfminer")
        return
    _assert_same_document(data)
