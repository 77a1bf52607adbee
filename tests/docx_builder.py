"""Builds small real .docx files for tests: python-docx where it has an API, raw OOXML where it has none."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
_DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())


def new_document() -> WordDocument:
    return docx.Document()


def to_bytes(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def append_xml(parent: object, xml: str) -> None:
    """Append raw OOXML (an element written with the w:, r:, mc:, wps: ... prefixes) to `parent`."""
    element = parse_xml(xml.replace(">", f" {_DECLARATIONS}>", 1))
    parent.append(element)  # type: ignore[attr-defined]


def run_xml(text: str, *, properties: str = "") -> str:
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def add_hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    """A w:hyperlink whose r:id points to an external relationship, as Word writes it."""
    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    append_xml(paragraph._p, f'<w:hyperlink r:id="{rid}">{run_xml(text)}</w:hyperlink>')


def field_runs_xml(instruction: str, result: str) -> list[str]:
    """A complex field (begin, instruction, separate, result, end) as the runs Word writes for it."""
    return [
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        run_xml(result),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ]


def text_box_run_xml(lines: list[str], *, drawingml: bool = True) -> str:
    """A floating text box: as Word 2010+ writes it (a DrawingML Choice and a VML Fallback copy of the
    same box), or VML only as Word 2007 did."""
    paragraphs = "".join(f"<w:p>{run_xml(line)}</w:p>" for line in lines)
    content = f"<w:txbxContent>{paragraphs}</w:txbxContent>"
    vml = f"<w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
    if not drawingml:
        return f"<w:r>{vml}</w:r>"
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback>{vml}</mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def rewrite_package(data: bytes, *, replace: dict[str, bytes | None]) -> bytes:
    """Copy a ZIP package, replacing members (None removes one; a new name is added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name not in replace:
                target.writestr(name, source.read(name))
        for name, content in replace.items():
            if content is not None:
                target.writestr(name, content)
    return buffer.getvalue()


def read_member(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)
