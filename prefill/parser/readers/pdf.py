"""Read a PDF into a `Document`: a backend extracts characters, the shared layout stage does the rest."""

from __future__ import annotations

import re
from typing import Literal

from prefill.parser import limits
from prefill.parser.document import Document
from prefill.parser.errors import CorruptPdf, ParseError, ScannedPdf
from prefill.parser.readers import layout, pdfium, pdfminer

Backend = Literal["pdfium", "pdfminer"]

XMP_SCAN_BYTES = 2 * 1024 * 1024
"""Only this many leading bytes are searched for an uncompressed XMP `dc:language`."""

_BACKENDS = {"pdfium": pdfium.extract, "pdfminer": pdfminer.extract}
_XMP_LANGUAGE = re.compile(
    rb"<dc:language>\s*<rdf:(?:Bag|Seq|Alt)>\s*<rdf:li[^>]*>([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)<"
)


def read_pdf(data: bytes, *, backend: Backend = "pdfium", max_pages: int = limits.MAX_PAGES) -> Document:
    """Parse PDF bytes into a Document (kind "pdf").

    Raises CorruptPdf, EncryptedPdf (a user password is needed), TooManyPages or ScannedPdf (no text
    layer); never another exception.
    """
    extract = _BACKENDS[backend]
    try:
        pages, metadata, page_count = extract(data, max_pages=max_pages)
        if layout.visible_char_count(pages) < limits.MIN_TEXT_CHARS_PER_PAGE * max(page_count, 1):
            raise ScannedPdf()
        language = _xmp_language(data)
        if language:
            metadata["language"] = language
        return layout.build_document(pages, metadata=metadata, page_count=page_count)
    except ParseError:
        raise
    except Exception:  # any failure inside a parser library means the file is damaged
        raise CorruptPdf() from None


def _xmp_language(data: bytes) -> str | None:
    """The XMP `dc:language`, when the metadata stream is stored uncompressed (as XMP recommends)."""
    head = data[:XMP_SCAN_BYTES]
    if b"dc:language" not in head:
        return None
    match = _XMP_LANGUAGE.search(head)
    return match.group(1).decode("ascii") if match else None
