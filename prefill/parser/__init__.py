"""Bytes in, DraftProfile out. Pure: no database, no Redis, no network.

from prefill.parser import parse_bytes
draft = parse_bytes(data, filename="cv.pdf")
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from prefill import __version__
from prefill.models.draft import DraftProfile, Source
from prefill.parser import errors, limits
from prefill.parser.document import Document
from prefill.parser.errors import ParseError
from prefill.parser.extract import build_draft
from prefill.parser.linkedin.pdf_profile import build_draft_from_linkedin_pdf, is_linkedin_pdf
from prefill.parser.linkedin.zip_export import build_draft_from_export
from prefill.parser.sniff import sniff

PARSER_VERSION = __version__
"""Stored with every draft; bump when the output for the same bytes can change."""

PdfBackend = Literal["pdfium", "pdfminer"]

__all__ = ["PARSER_VERSION", "ParseError", "parse_bytes", "parse_file", "read_document"]


def read_document(
    data: bytes,
    *,
    max_bytes: int = limits.MAX_FILE_BYTES,
    max_pages: int = limits.MAX_PAGES,
    pdf_backend: PdfBackend = "pdfium",
) -> Document:
    """The Document a file's bytes hold, whatever the reader; a ParseError when it cannot be read."""
    if len(data) > max_bytes:
        raise errors.FileTooLarge()
    return _read(data, sniff(data), max_pages=max_pages, pdf_backend=pdf_backend)


def _read(data: bytes, kind: str, *, max_pages: int, pdf_backend: PdfBackend) -> Document:
    # The readers import this package's modules: load them on first use, not at package import.
    if kind == "pdf":
        from prefill.parser.readers.pdf import read_pdf

        return read_pdf(data, backend=pdf_backend, max_pages=max_pages)
    if kind == "docx":
        from prefill.parser.readers.docx import read_docx

        return read_docx(data, max_pages=max_pages)
    raise errors.UnsupportedFormat()


def parse_bytes(
    data: bytes,
    *,
    filename: str | None = None,
    max_bytes: int = limits.MAX_FILE_BYTES,
    max_pages: int = limits.MAX_PAGES,
    pdf_backend: PdfBackend = "pdfium",
) -> DraftProfile:
    """The draft profile of a CV file (DOCX, PDF, LinkedIn PDF or data-export ZIP); a ParseError else."""
    if len(data) > max_bytes:
        raise errors.FileTooLarge()
    kind = sniff(data)
    source = Source(
        kind="linkedin_zip" if kind == "zip" else kind,
        filename=Path(filename).name if filename else None,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=1,
        language=None,
    )
    if kind == "zip":
        # Every other ZIP is a LinkedIn export or nothing; its own checks give hostile archives their codes.
        return build_draft_from_export(data, source=source, parser_version=PARSER_VERSION)
    document = _read(data, kind, max_pages=max_pages, pdf_backend=pdf_backend)
    source = source.model_copy(update={"pages": max(document.page_count, len(document.pages), 1)})
    if kind == "pdf" and is_linkedin_pdf(document):
        return build_draft_from_linkedin_pdf(document, source=source, parser_version=PARSER_VERSION)
    return build_draft(document, source=source, parser_version=PARSER_VERSION)


def parse_file(path: Path | str, **options) -> DraftProfile:
    path = Path(path)
    return parse_bytes(path.read_bytes(), filename=path.name, **options)
