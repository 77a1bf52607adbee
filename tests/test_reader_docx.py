"""The DOCX reader on real .docx files built by python-docx (raw OOXML where python-docx has no API)."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.shared import Pt
from docx_builder import (
    add_hyperlink,
    append_xml,
    field_runs_xml,
    new_document,
    read_member,
    rewrite_package,
    run_xml,
    text_box_run_xml,
    to_bytes,
)

from prefill.parser.errors import CorruptDocx, FileTooLarge, MacroEnabledDocument, ParseError, TooManyPages
from prefill.parser.readers.docx import LAYOUT_CELL_MIN_PARAGRAPHS, read_docx


def texts(document) -> list[str]:
    return [line.text for _, line in document.lines()]


def test_paragraphs_keep_order_with_size_and_bold_from_the_style_chain():
    document = new_document()
    name_style = document.styles.add_style("CV Name", WD_STYLE_TYPE.PARAGRAPH)
    name_style.font.size = Pt(20)
    name_style.font.bold = True
    tagline_style = document.styles.add_style("CV Tagline", WD_STYLE_TYPE.PARAGRAPH)
    tagline_style.base_style = name_style
    tagline_style.font.italic = True
    document.add_paragraph("Jane Example", style="CV Name")
    document.add_paragraph("Data engineer", style="CV Tagline")
    document.add_heading("Experience", level=1)
    body = document.add_paragraph("Built pipelines ")
    body.add_run("at scale").bold = True
    document.add_paragraph("Not bold here", style="CV Name").runs[0].bold = False

    result = read_docx(to_bytes(document))

    blocks = list(result.blocks())
    assert [block.lines[0].text for block in blocks] == [
        "Jane Example",
        "Data engineer",
        "Experience",
        "Built pipelines at scale",
        "Not bold here",
    ]
    assert [block.style for block in blocks] == ["CV Name", "CV Tagline", "Heading 1", "Normal", "CV Name"]
    name, tagline, heading, body_block, unbolded = (block.lines[0].spans for block in blocks)
    assert (name[0].size, name[0].bold, name[0].italic) == (20.0, True, False)
    assert (tagline[0].size, tagline[0].bold, tagline[0].italic) == (20.0, True, True)
    assert (heading[0].size, heading[0].bold) == (14.0, True)
    # The template's document defaults give 11 pt to text with no size of its own.
    assert [(span.text, span.size, span.bold) for span in body_block] == [
        ("Built pipelines ", 11.0, False),
        ("at scale", 11.0, True),
    ]
    assert unbolded[0].bold is False
    assert result.kind == "docx" and result.page_count == 1


def test_soft_break_splits_a_paragraph_into_lines_and_tab_is_kept():
    document = new_document()
    paragraph = document.add_paragraph("Phone\t+33 1 99 00 00 00")
    paragraph.add_run().add_break()
    paragraph.add_run("Email")

    result = read_docx(to_bytes(document))

    [block] = result.blocks()
    assert [line.text for line in block.lines] == ["Phone\t+33 1 99 00 00 00", "Email"]


def test_short_table_row_is_zipped_line_by_line_with_tabs():
    document = new_document()
    table = document.add_table(rows=1, cols=3)
    left, empty, right = table.rows[0].cells
    left.paragraphs[0].add_run("Jane Example").bold = True
    left.add_paragraph("Data engineer")
    right.paragraphs[0].text = "Paris, France"
    right.add_paragraph("jane@example.org")
    right.add_paragraph("+33 1 99 00 00 00")
    assert empty.text == ""

    result = read_docx(to_bytes(document))

    [block] = result.blocks()
    assert [line.text for line in block.lines] == [
        "Jane Example\tParis, France",
        "Data engineer\tjane@example.org",
        "+33 1 99 00 00 00",
    ]
    first = block.lines[0].spans
    assert [(span.text, span.bold) for span in first] == [
        ("Jane Example", True),
        ("\t", False),
        ("Paris, France", False),
    ]


def test_layout_table_with_two_long_cells_is_read_cell_after_cell():
    document = new_document()
    sidebar, main = document.add_table(rows=1, cols=2).rows[0].cells
    sidebar.paragraphs[0].text = "Contact"
    main.paragraphs[0].text = "Experience"
    for index in range(LAYOUT_CELL_MIN_PARAGRAPHS):
        sidebar.add_paragraph(f"side {index}")
        main.add_paragraph(f"main {index}")

    result = read_docx(to_bytes(document))

    sides = [f"side {index}" for index in range(LAYOUT_CELL_MIN_PARAGRAPHS)]
    mains = [f"main {index}" for index in range(LAYOUT_CELL_MIN_PARAGRAPHS)]
    assert texts(result) == ["Contact", *sides, "Experience", *mains]
    assert all(len(block.lines) == 1 for block in result.blocks())


def test_row_with_one_long_cell_is_still_zipped():
    document = new_document()
    dates, details = document.add_table(rows=1, cols=2).rows[0].cells
    dates.paragraphs[0].text = "2020 – 2024"
    details.paragraphs[0].text = "Engineer"
    bullets = [f"task {index}" for index in range(LAYOUT_CELL_MIN_PARAGRAPHS)]
    for bullet in bullets:
        details.add_paragraph(bullet)

    result = read_docx(to_bytes(document))

    [block] = result.blocks()
    assert [line.text for line in block.lines] == ["2020 – 2024\tEngineer", *bullets]


def test_nested_table_inside_a_cell_is_read():
    document = new_document()
    outer = document.add_table(rows=1, cols=1).rows[0].cells[0]
    outer.paragraphs[0].text = "Languages"
    inner = outer.add_table(rows=2, cols=2)
    for row, (language, level) in zip(inner.rows, [("French", "C1"), ("Spanish", "B2")], strict=True):
        row.cells[0].text = language
        row.cells[1].text = level

    result = read_docx(to_bytes(document))

    assert texts(result) == ["Languages", "French\tC1", "Spanish\tB2"]


@pytest.mark.parametrize("drawingml", [True, False], ids=["choice and fallback", "vml only"])
def test_text_box_is_read_once_as_sidebar_after_its_anchor(drawingml):
    document = new_document()
    document.add_paragraph("Before")
    anchor = document.add_paragraph("Anchor text")
    append_xml(anchor._p, text_box_run_xml(["Box line one", "Box line two"], drawingml=drawingml))
    document.add_paragraph("After")

    result = read_docx(to_bytes(document))

    assert texts(result) == ["Before", "Anchor text", "Box line one", "Box line two", "After"]
    regions = [block.region for block in result.blocks()]
    assert regions == ["body", "body", "sidebar", "sidebar", "body"]


def test_header_comes_first_and_footer_last_without_page_numbers():
    document = new_document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Curriculum vitae"
    section.footer.paragraphs[0].text = "jane@example.org"
    page_label = section.footer.add_paragraph("Page ")
    for xml in [*field_runs_xml("PAGE", "1"), run_xml(" of "), *field_runs_xml("NUMPAGES", "2")]:
        append_xml(page_label._p, xml)
    document.add_paragraph("Body text")

    result = read_docx(to_bytes(document))

    assert [(block.region, line.text) for block, line in result.lines()] == [
        ("header", "Curriculum vitae"),
        ("body", "Body text"),
        ("footer", "jane@example.org"),
    ]


def test_hyperlink_targets_are_on_spans_and_in_document_links():
    document = new_document()
    add_hyperlink(document.add_paragraph("Email: "), "mailto:jane@example.org", "jane@example.org")
    add_hyperlink(document.add_paragraph("Site: "), "https://example.org/jane", "example.org/jane")
    field = document.add_paragraph()
    for xml in field_runs_xml('HYPERLINK "https://example.com/profile" \\o "tip"', "profile"):
        append_xml(field._p, xml)

    result = read_docx(to_bytes(document))

    spans = [span for _, line in result.lines() for span in line.spans]
    assert [(span.text, span.link) for span in spans] == [
        ("Email: ", None),
        ("jane@example.org", "mailto:jane@example.org"),
        ("Site: ", None),
        ("example.org/jane", "https://example.org/jane"),
        ("profile", "https://example.com/profile"),
    ]
    assert result.links == [
        "mailto:jane@example.org",
        "https://example.org/jane",
        "https://example.com/profile",
    ]


def test_deleted_revisions_are_skipped_and_insertions_read():
    document = new_document()
    paragraph = document.add_paragraph("Senior ")
    append_xml(paragraph._p, '<w:del w:id="1" w:author="a"><w:r><w:delText>Junior </w:delText></w:r></w:del>')
    append_xml(paragraph._p, f'<w:ins w:id="2" w:author="a">{run_xml("engineer")}</w:ins>')

    assert texts(read_docx(to_bytes(document))) == ["Senior engineer"]


def test_invisible_characters_are_dropped_and_nbsp_kept():
    document = new_document()
    document.add_paragraph("Jean\u200b-Pierre\u00ad\u00a0Example\ufeff")

    assert texts(read_docx(to_bytes(document))) == ["Jean-Pierre\u00a0Example"]


def test_metadata_comes_from_document_properties():
    document = new_document()
    document.core_properties.title = "CV"
    document.core_properties.author = "Jane Example"
    document.core_properties.language = "fr-FR"
    document.add_paragraph("x")

    metadata = read_docx(to_bytes(document)).metadata

    assert metadata["title"] == "CV"
    assert metadata["author"] == "Jane Example"
    assert metadata["language"] == "fr-FR"
    assert metadata["producer"]


def test_lines_carry_the_page_of_the_last_rendered_page_break():
    document = new_document()
    document.add_paragraph("First page")
    second = document.add_paragraph()
    append_xml(second._p, "<w:r><w:lastRenderedPageBreak/><w:t>Second page</w:t></w:r>")

    result = read_docx(to_bytes(document))

    assert result.page_count == 2
    assert [[line.text for block in page.blocks for line in block.lines] for page in result.pages] == [
        ["First page"],
        ["Second page"],
    ]


def test_too_many_pages_is_refused():
    document = new_document()
    for _ in range(3):
        document.add_paragraph("Page").add_run().add_break(WD_BREAK.PAGE)

    with pytest.raises(TooManyPages) as error:
        read_docx(to_bytes(document), max_pages=3)
    assert error.value.code == "too_many_pages"


def test_page_count_stated_by_word_is_enforced_before_reading():
    data = to_bytes(new_document())
    app = read_member(data, "docProps/app.xml").replace(b"<Pages>1</Pages>", b"<Pages>40</Pages>")

    with pytest.raises(TooManyPages):
        read_docx(rewrite_package(data, replace={"docProps/app.xml": app}))


def test_macro_enabled_package_is_refused():
    data = to_bytes(new_document())
    types = read_member(data, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )

    with pytest.raises(MacroEnabledDocument) as error:
        read_docx(rewrite_package(data, replace={"[Content_Types].xml": types}))
    assert error.value.code == "macro_enabled_docm"
    with pytest.raises(MacroEnabledDocument):
        read_docx(rewrite_package(data, replace={"word/vbaProject.bin": b"\0" * 16}))


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda data: b"PK\x03\x04" + b"\0" * 64, id="garbage zip"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated zip"),
        pytest.param(
            lambda data: rewrite_package(data, replace={"word/document.xml": None}), id="no document"
        ),
        pytest.param(
            lambda data: rewrite_package(data, replace={"word/document.xml": b"<w:document"}), id="bad xml"
        ),
    ],
)
def test_broken_package_is_corrupt_docx(make):
    document = new_document()
    document.add_paragraph("x")

    with pytest.raises(CorruptDocx) as error:
        read_docx(make(to_bytes(document)))
    assert error.value.code == "corrupt_docx"


def test_package_that_unpacks_too_large_is_refused():
    document = new_document()
    document.add_paragraph("x" * 10_000)
    data = to_bytes(document)
    total = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())

    with pytest.raises(FileTooLarge) as error:
        read_docx(data, max_uncompressed=total - 1)
    assert error.value.code == "file_too_large"
    assert "unpacked" in str(error.value)


def test_damaged_bytes_raise_only_parse_errors():
    document = new_document()
    document.sections[0].header.paragraphs[0].text = "Curriculum vitae"
    add_hyperlink(document.add_paragraph("Email: "), "mailto:jane@example.org", "jane@example.org")
    document.add_table(rows=2, cols=2).rows[0].cells[0].text = "cell"
    data = to_bytes(document)
    rng = random.Random(0)
    refused = 0

    for _ in range(150):
        damaged = bytearray(data)
        for _ in range(3):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            read_docx(bytes(damaged))
        except ParseError:
            refused += 1

    assert refused > 0
