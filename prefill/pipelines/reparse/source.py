"""What a re-parse reads: the documents of a folder or of a ZIP archive, listed once when a run is
planned, then read one at a time by the jobs.

A folder's documents are its files (sub-folders included, hidden entries and symbolic links left out)
whose suffix names a CV format; an archive's are its members with such a suffix. A LinkedIn export is a
ZIP among them. An archive is listed from its central directory and each member's place in the file is
kept, so a job reads its member directly instead of listing a large archive again.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefill.parser import errors as parse_errors
from prefill.parser.linkedin.archive import READ_CHUNK_BYTES
from prefill.pipelines.reparse.errors import (
    SourceNotFound,
    SourceNotSupported,
    SourceTooLarge,
    SourceUnreadable,
)

DOCUMENT_SUFFIXES = frozenset({".pdf", ".docx", ".docm", ".doc", ".zip"})
"""Files taken as documents (their content still decides how they are read); other files are ignored."""

MAX_DOCUMENTS = 500_000
"""Most documents one run takes: the run's rows and jobs are created up front."""

_LOCAL_HEADER = struct.Struct("<4s5HLLLHH")
_LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"
_STORED, _DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
_ENCRYPTED_FLAG = 0x1


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """One document of a source: its key (path inside the source) and, in an archive, its locator."""

    key: str
    locator: dict[str, Any] | None = None


def source_kind(path: Path) -> str:
    """`folder` or `zip`; SourceNotFound or SourceNotSupported for anything else."""
    if path.is_dir():
        return "folder"
    if not path.is_file():
        raise SourceNotFound()
    try:
        is_zip = zipfile.is_zipfile(path)
    except OSError:
        raise SourceUnreadable() from None
    if not is_zip:
        raise SourceNotSupported()
    return "zip"


def list_documents(path: Path, kind: str) -> list[DocumentRef]:
    """The source's documents, sorted by key."""
    documents = _folder_documents(path) if kind == "folder" else _archive_documents(path)
    if len(documents) > MAX_DOCUMENTS:
        raise SourceTooLarge()
    return sorted(documents, key=lambda document: document.key)


def _is_document(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in DOCUMENT_SUFFIXES


def _folder_documents(root: Path) -> list[DocumentRef]:
    found = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [name for name in subdirectories if not name.startswith(".")]
        for name in files:
            path = Path(directory, name)
            if name.startswith(".") or not _is_document(name) or path.is_symlink() or not path.is_file():
                continue
            found.append(DocumentRef(path.relative_to(root).as_posix()))
    return found


def _archive_documents(path: Path) -> list[DocumentRef]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SourceNotSupported() from None
    found = []
    for info in infos:
        name = info.filename.replace("\\", "/")
        if info.is_dir() or name.startswith("__MACOSX/") or not _is_document(name):
            continue
        locator = {
            "offset": info.header_offset,
            "compressed": info.compress_size,
            "size": info.file_size,
            "method": info.compress_type,
            "crc": info.CRC,
            "flags": info.flag_bits,
        }
        found.append(DocumentRef(name, locator))
    return found


def read_document(source: Path, document: DocumentRef, *, max_bytes: int) -> bytes:
    """The document's bytes; a ParseError when it is over `max_bytes` or an unreadable member, OSError
    when the file is gone."""
    if document.locator is None:
        path = source / document.key
        if path.stat().st_size > max_bytes:
            raise parse_errors.FileTooLarge()
        return path.read_bytes()
    return _read_member(source, document.locator, max_bytes=max_bytes)


def _read_member(archive: Path, locator: dict[str, Any], *, max_bytes: int) -> bytes:
    if locator["flags"] & _ENCRYPTED_FLAG:
        raise parse_errors.EncryptedZip()
    if locator["size"] > max_bytes:
        raise parse_errors.FileTooLarge()
    if locator["method"] not in (_STORED, _DEFLATED):
        raise parse_errors.CorruptZip()
    with archive.open("rb") as stream:
        stream.seek(locator["offset"])
        header = stream.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != _LOCAL_HEADER_SIGNATURE:
            raise parse_errors.CorruptZip()
        *_, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        stream.seek(name_length + extra_length, os.SEEK_CUR)
        data = _inflate(stream, locator, max_bytes=max_bytes)
    if zlib.crc32(data) != locator["crc"]:
        raise parse_errors.CorruptZip()
    return data


def _inflate(stream, locator: dict[str, Any], *, max_bytes: int) -> bytes:
    """The member's bytes, never inflated past `max_bytes` whatever its header declares."""
    remaining = locator["compressed"]
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if locator["method"] == _DEFLATED else None
    out = bytearray()
    try:
        while remaining > 0:
            chunk = stream.read(min(READ_CHUNK_BYTES, remaining))
            if not chunk:
                raise parse_errors.CorruptZip()
            remaining -= len(chunk)
            out += inflater.decompress(chunk, max_bytes + 1 - len(out)) if inflater else chunk
            if len(out) > max_bytes or (inflater and inflater.unconsumed_tail):
                raise parse_errors.FileTooLarge()
        if inflater:
            out += inflater.flush()
    except zlib.error:
        raise parse_errors.CorruptZip() from None
    if len(out) > max_bytes:
        raise parse_errors.FileTooLarge()
    return bytes(out)
