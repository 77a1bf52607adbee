"""Character extraction with PDFium (pypdfium2): the fast backend and the default.

The page text is read in one call; per character it makes four cheap C calls (text object, Unicode
mapping error, origin, loose box); the style (size, weight, name, flags) is read once per text object.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from prefill.parser.errors import CorruptPdf, EncryptedPdf, TooManyPages
from prefill.parser.readers.layout import Char, LinkArea, PageChars, Style, is_bold_font, is_italic_font

_METADATA_KEYS = {
    "Title": "title",
    "Author": "author",
    "Subject": "subject",
    "Creator": "creator",
    "Producer": "producer",
}
_HYPHEN_MARKS = "\x02\ufffe"
"""How PDFium's page text marks a hyphen at the end of a line."""
_FONT_NAME_BYTES = 256
"""Buffer for a font's base name (PostScript names are at most 127 characters)."""


def _fast(function: Any, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """The same C function with plain pointer types: no per-call wrapping of ctypes pointer objects."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_P, _I = ctypes.c_void_p, ctypes.c_int
_text_object = _fast(raw.FPDFText_GetTextObject, _P, _P, _I)
_loose_box = _fast(raw.FPDFText_GetLooseCharBox, _I, _P, _I, _P)
_char_origin = _fast(raw.FPDFText_GetCharOrigin, _I, _P, _I, _P, _P)
_is_generated = _fast(raw.FPDFText_IsGenerated, _I, _P, _I)
_unmapped = _fast(raw.FPDFText_HasUnicodeMapError, _I, _P, _I)


def extract(data: bytes, *, max_pages: int) -> tuple[list[PageChars], dict[str, str], int]:
    """Characters and links of every page, the Info metadata and the page count."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code == raw.FPDF_ERR_PASSWORD:
            raise EncryptedPdf() from None
        raise CorruptPdf() from None
    try:
        page_count = len(document)
        if page_count > max_pages:
            raise TooManyPages()
        metadata = {key: document.get_metadata_value(name).strip() for name, key in _METADATA_KEYS.items()}
        pages = [_page_chars(document, index) for index in range(page_count)]
    finally:
        document.close()
    return pages, {k: v for k, v in metadata.items() if v}, page_count


def _page_chars(document: pdfium.PdfDocument, index: int) -> PageChars:
    page = document[index]
    try:
        left, bottom, right, top = page.get_bbox()
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage, left, top)
        finally:
            textpage.close()
        links = _links(document, page, left, top)
    finally:
        page.close()
    return PageChars(number=index + 1, width=right - left, height=top - bottom, chars=chars, links=links)


def _chars(textpage: pdfium.PdfTextPage, left: float, top: float) -> list[Char]:
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # characters outside the BMP: one UTF-16 unit each no longer holds
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(count))
    rect, x, y = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    rect_address, x_address, y_address = ctypes.addressof(rect), ctypes.addressof(x), ctypes.addressof(y)
    styles: dict[int, Style | None] = {}
    out: list[Char] = []
    current_object = None
    style: Style | None = None
    for i, ch in enumerate(text):
        if ch in "\r\n" or (ch == " " and _is_generated(handle, i)):
            continue  # PDFium's own line breaks and word spaces: the layout stage makes its own
        if ch in _HYPHEN_MARKS:
            ch = "-"
        text_object = _text_object(handle, i)
        if text_object != current_object:
            current_object = text_object
            if text_object and text_object not in styles:
                styles[text_object] = _style(textpage, i)
            style = styles.get(text_object) if text_object else None
        if style is None or _unmapped(handle, i):
            continue  # rotated text, or a glyph without a Unicode value (icon fonts)
        _char_origin(handle, i, x_address, y_address)
        _loose_box(handle, i, rect_address)
        # The loose box's left edge also covers glyph ink left of the origin; the pen position does not.
        out.append((ch, x.value - left, rect.right - left, top - y.value, style))
    return out


def _style(textpage: pdfium.PdfTextPage, index: int) -> Style | None:
    """The style of the text object of character `index`; None for rotated or skewed text."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(textpage, index, matrix)
    if abs(matrix.b) > 1e-3 or abs(matrix.c) > 1e-3 or matrix.a <= 0 or matrix.d <= 0:
        return None
    name_buffer = ctypes.create_string_buffer(_FONT_NAME_BYTES)
    flags = ctypes.c_int(0)
    length = raw.FPDFText_GetFontInfo(textpage, index, name_buffer, _FONT_NAME_BYTES, flags)
    name = name_buffer.raw[: max(0, min(length, _FONT_NAME_BYTES) - 1)].decode("utf-8", errors="replace")
    weight = raw.FPDFText_GetFontWeight(textpage, index)
    size = raw.FPDFText_GetFontSize(textpage, index)
    return Style(
        round(size, 2),
        is_bold_font(name, weight),
        is_italic_font(name, flags.value),
        _fill_color(textpage, index),
    )


def _fill_color(textpage: pdfium.PdfTextPage, index: int) -> int | None:
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    if not raw.FPDFText_GetFillColor(textpage, index, red, green, blue, alpha):
        return None
    return (red.value << 16) | (green.value << 8) | blue.value


def _links(document: pdfium.PdfDocument, page: pdfium.PdfPage, left: float, top: float) -> list[LinkArea]:
    links: list[LinkArea] = []
    position = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    rect = raw.FS_RECTF()
    while raw.FPDFLink_Enumerate(page, position, link):
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != raw.PDFACTION_URI:
            continue
        size = raw.FPDFAction_GetURIPath(document, action, None, 0)
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFAction_GetURIPath(document, action, buffer, size)
        uri = buffer.raw[: max(0, size - 1)].decode("utf-8", errors="replace").strip()
        if uri and raw.FPDFLink_GetAnnotRect(link, rect):
            x0, x1 = sorted((rect.left - left, rect.right - left))
            y0, y1 = sorted((top - rect.top, top - rect.bottom))
            links.append(LinkArea(x0, y0, x1, y1, uri))
    return links
