"""Safe, in-memory reading of an uploaded ZIP archive: nothing is extracted to disk.

The archive is checked before any member is read: its end record (member count and central directory
size, so a 10,000-entry archive is refused before it is listed), then every name (no absolute path, no
`..`, no nested `.zip`) and the sum of the declared sizes. Members are then read one at a time by
streaming the decompressor with a hard cap, since declared sizes may lie.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Collection

from prefill.parser import errors, limits

READ_CHUNK_BYTES = 64 * 1024
"""Bytes asked of the decompressor at a time, so a member is never inflated past the cap by more than this."""

_END_RECORD = b"PK\x05\x06"
_END_RECORD_BYTES = 22
_MAX_COMMENT_BYTES = 0xFFFF
_ENCRYPTED_FLAG = 0x1
_KEY_NOISE = re.compile(r"[\s_-]+")
_DRIVE = re.compile(r"^[A-Za-z]:")


def member_key(name: str) -> str | None:
    """The key a CSV member is matched by: base name, lower case, `.csv` and spaces, `_`, `-` dropped
    (`Phone Numbers.csv`, `PhoneNumbers.csv` -> `phonenumbers`); None for any other file."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if not base.endswith(".csv"):
        return None
    return _KEY_NOISE.sub("", base[: -len(".csv")])


def _depth(name: str) -> int:
    return name.replace("\\", "/").count("/")


def _is_unsafe_name(name: str) -> bool:
    path = name.replace("\\", "/")
    return "\x00" in path or path.startswith("/") or bool(_DRIVE.match(path)) or ".." in path.split("/")


def check_end_record(data: bytes) -> None:
    """Refuse an archive whose end record announces too many members or too large a directory."""
    position = data.rfind(_END_RECORD, max(0, len(data) - _END_RECORD_BYTES - _MAX_COMMENT_BYTES))
    if position < 0 or position + _END_RECORD_BYTES > len(data):
        raise errors.CorruptZip()
    entries, directory_bytes = struct.unpack_from("<HI", data, position + 10)
    # A ZIP64 archive stores 0xFFFF here, which is over the limit too.
    if entries > limits.MAX_ZIP_MEMBERS or directory_bytes > limits.MAX_ZIP_CENTRAL_DIRECTORY_BYTES:
        raise errors.ZipTooManyMembers()


def open_archive(data: bytes) -> zipfile.ZipFile:
    """The archive, listed and checked (member count, names, nesting, declared sizes); a ParseError else."""
    check_end_record(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise errors.CorruptZip() from None
    infos = archive.infolist()
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise errors.ZipTooManyMembers()
    if any(_is_unsafe_name(info.filename) for info in infos):
        raise errors.ZipUnsafe()
    if any(info.filename.lower().endswith(".zip") for info in infos):
        raise errors.ZipNested()
    if sum(info.file_size for info in infos) > limits.MAX_ZIP_DECLARED_TOTAL_BYTES:
        raise errors.ZipTooLarge()
    return archive


def select_members(
    archive: zipfile.ZipFile, keys: Collection[str]
) -> tuple[dict[str, zipfile.ZipInfo], set[str]]:
    """The member to read for each of `keys` found, and the keys found more than once.

    A key found twice (a re-zipped folder beside the original files) takes the member nearest the root,
    then the first by name, so the choice never depends on the archive's order.
    """
    candidates: dict[str, list[zipfile.ZipInfo]] = {}
    for info in archive.infolist():
        key = None if info.is_dir() else member_key(info.filename)
        if key in keys:
            candidates.setdefault(key, []).append(info)
    chosen = {
        key: min(infos, key=lambda i: (_depth(i.filename), i.filename)) for key, infos in candidates.items()
    }
    return chosen, {key for key, infos in candidates.items() if len(infos) > 1}


class MemberReader:
    """Reads members of one archive under a per-member cap and a total budget."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._budget = limits.MAX_ZIP_READ_TOTAL_BYTES

    def read(self, info: zipfile.ZipInfo) -> bytearray:
        """The member's bytes (a bytearray: copying them into `bytes` would double the peak memory)."""
        if info.flag_bits & _ENCRYPTED_FLAG:
            raise errors.EncryptedZip()
        if info.file_size > limits.MAX_ZIP_MEMBER_BYTES:
            raise errors.ZipMemberTooLarge()
        buffer = bytearray()
        try:
            with self._archive.open(info) as stream:
                while chunk := stream.read(READ_CHUNK_BYTES):
                    buffer += chunk
                    if len(buffer) > limits.MAX_ZIP_MEMBER_BYTES:
                        raise errors.ZipMemberTooLarge()
                    if len(buffer) > self._budget:
                        raise errors.ZipTooLarge()
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, ValueError):
            raise errors.CorruptZip() from None
        self._budget -= len(buffer)
        return buffer
