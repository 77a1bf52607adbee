"""Character extraction with pdfminer.six: the slow, pure-Python reference backend.

Its characters go through the same layout stage as PDFium's, so the two can be compared document by
document. pdfminer's own layout analysis (LAParams) is not used.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from prefill.parser.errors import CorruptPdf, EncryptedPdf, TooManyPages
from prefill.parser.readers.layout import (
    Char,
    LinkArea,
    PageChars,
    Style,
    is_bold_font,
    is_italic_font,
    rgb_color,
)

_METADATA_KEYS = {
    "Title": "title",
    "Author": "author",
    "Subject": "subject",
    "Creator": "creator",
    "Producer": "producer",
}


def font_weight_from_stem(stem_v: float) -> int:
    """PDFium's estimate of a font's weight from its descriptor's StemV, so both backends agree."""
    return int(stem_v * 5 if stem_v < 140 else stem_v * 4 + 140)


class _CharCollector(PDFPageAggregator):
    """Keeps each character as a layout `Char` as it is drawn, in content-stream order."""

    def __init__(self, resources: PDFResourceManager) -> None:
        super().__init__(resources, laparams=None)
        self.chars: list[Char] = []
        self.page_top = 0.0
        self._styles: dict[tuple[int, float, int | None], Style] = {}

    def handle_undefined_char(self, font: Any, cid: int) -> str:
        return ""  # a glyph without a Unicode value (icon fonts): PDFium's reader drops it too

    def render_char(
        self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float, *args: Any
    ) -> float:
        advance = super().render_char(matrix, font, fontsize, scaling, rise, *args)
        item = self.cur_item._objs[-1]
        a, b, c, d, _, f = item.matrix
        if isinstance(item, LTChar) and abs(b) <= 1e-3 and abs(c) <= 1e-3 and a > 0 and d * scaling > 0:
            key = (id(font), item.size, _fill_color(item.graphicstate.ncolor))
            style = self._styles.get(key)
            if style is None:
                style = self._styles[key] = _style(font, item.size, key[2])
            self.chars.append((item.get_text(), item.x0, item.x1, self.page_top - f, style))
        return advance


def _fill_color(color: Any) -> int | None:
    """0xRRGGBB of a gray, RGB or CMYK (naive conversion) fill colour; None for other colour spaces."""
    components = color if isinstance(color, (tuple, list)) else (color,)
    if not all(isinstance(c, (int, float)) for c in components):
        return None
    if len(components) == 1:
        return rgb_color(components[0], components[0], components[0])
    if len(components) == 3:
        return rgb_color(*components)
    if len(components) == 4:
        cyan, magenta, yellow, black = components
        return rgb_color((1 - cyan) * (1 - black), (1 - magenta) * (1 - black), (1 - yellow) * (1 - black))
    return None


def _style(font: Any, size: float, color: int | None) -> Style:
    descriptor = font.descriptor or {}
    weight = font_weight_from_stem(float(resolve1(descriptor.get("StemV", 0)) or 0))
    flags = int(resolve1(descriptor.get("Flags", 0)) or 0)
    name = font.fontname if isinstance(font.fontname, str) else str(font.fontname)
    return Style(round(size, 2), is_bold_font(name, weight), is_italic_font(name, flags), color)


def extract(data: bytes, *, max_pages: int) -> tuple[list[PageChars], dict[str, str], int]:
    """Characters and links of every page, the Info metadata and the page count."""
    try:
        document = PDFDocument(PDFParser(BytesIO(data)), password="")
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise EncryptedPdf() from None
    declared = resolve1(resolve1(document.catalog.get("Pages", {})).get("Count", 0))
    if isinstance(declared, int) and declared > max_pages:
        raise TooManyPages()
    pdf_pages = []
    for page in PDFPage.create_pages(document):
        pdf_pages.append(page)
        if len(pdf_pages) > max_pages:
            raise TooManyPages()
    if not pdf_pages:
        raise CorruptPdf()
    resources = PDFResourceManager(caching=True)
    device = _CharCollector(resources)
    interpreter = PDFPageInterpreter(resources, device)
    pages: list[PageChars] = []
    for number, page in enumerate(pdf_pages, start=1):
        x0, y0, x1, y1 = page.cropbox
        device.chars = []
        device.page_top = y1 - y0
        interpreter.process_page(page)
        pages.append(PageChars(number, x1 - x0, y1 - y0, device.chars, _links(page, x0, y1)))
    return pages, _metadata(document), len(pdf_pages)


def _metadata(document: PDFDocument) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for info in document.info:
        for name, key in _METADATA_KEYS.items():
            value = resolve1(info.get(name))
            text = decode_text(value) if isinstance(value, bytes) else value if isinstance(value, str) else ""
            if text.strip():
                metadata.setdefault(key, text.strip())
    return metadata


def _links(page: PDFPage, left: float, top: float) -> list[LinkArea]:
    links: list[LinkArea] = []
    for annotation in resolve1(page.annots) or []:
        annotation = resolve1(annotation)
        if not isinstance(annotation, dict) or _name(annotation.get("Subtype")) != "Link":
            continue
        action = resolve1(annotation.get("A"))
        if not isinstance(action, dict) or _name(action.get("S")) != "URI":
            continue
        uri = resolve1(action.get("URI"))
        uri = uri.decode("utf-8", errors="replace").strip() if isinstance(uri, bytes) else ""
        rect = [float(resolve1(v)) for v in resolve1(annotation.get("Rect")) or []]
        if uri and len(rect) == 4:
            x0, x1 = sorted((rect[0] - left, rect[2] - left))
            y0, y1 = sorted((top - rect[1], top - rect[3]))
            links.append(LinkArea(x0, y0, x1, y1, uri))
    return links


def _name(value: Any) -> str:
    value = resolve1(value)
    return value.name if isinstance(value, PSLiteral) else str(value)
