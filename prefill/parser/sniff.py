"""Decide what a file is from its bytes, never from its name."""

from __future__ import annotations

import contextlib
import io
import zipfile
from typing import Literal

from prefill.parser import errors
from prefill.parser.linkedin.archive import check_end_record

Kind = Literal["docx", "pdf", "zip"]

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_HEADER_WINDOW = 1024
"""PDF readers accept a header anywhere in the first kilobyte (some generators prepend junk)."""

# Stream names inside an OLE2 compound file, UTF-16LE as stored in its directory entries.
_OLE_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_OLE_WORD_DOCUMENT = "WordDocument".encode("utf-16-le")


def sniff(data: bytes) -> Kind:
    """The kind of document `data` holds, or a ParseError saying why it cannot be read."""
    if not data.strip():
        raise errors.EmptyFile()
    if _PDF_MAGIC in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        raise _ole_error(data)
    if data.startswith(_ZIP_MAGIC):
        return _zip_kind(data)
    raise errors.UnsupportedFormat()


def _ole_error(data: bytes) -> errors.ParseError:
    # Word stores a password-protected .docx as an OLE file with an EncryptedPackage stream;
    # a legacy .doc is an OLE file with a WordDocument stream.
    if _OLE_ENCRYPTED_PACKAGE in data:
        return errors.EncryptedDocx()
    if _OLE_WORD_DOCUMENT in data:
        return errors.LegacyWordFormat()
    return errors.UnsupportedFormat()


def _zip_kind(data: bytes) -> Kind:
    # Refuse an archive announcing thousands of members before listing them; a damaged one is
    # classified below (a damaged Word file is corrupt_docx).
    with contextlib.suppress(errors.CorruptZip):
        check_end_record(data)
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        # A damaged ZIP that still names a Word part near its start was meant to be a .docx.
        if b"word/" in data[:4096] or b"[Content_Types].xml" in data[:4096]:
            raise errors.CorruptDocx() from None
        raise errors.UnsupportedFormat() from None
    if any(name.startswith("word/") for name in names):
        return "docx"
    return "zip"
