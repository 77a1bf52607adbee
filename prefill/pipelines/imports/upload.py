"""Read a multipart upload from the request stream into memory, refusing it once it is too large.

Starlette's form parser spools large files to disk; a CV must never touch the disk, and a body over
the limit must be refused while it streams, before it has all been read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from prefill.errors import BadUpload, UploadTooLarge

FILE_FIELD = b"file"
"""The form field that carries the CV."""

MULTIPART_OVERHEAD_BYTES = 16 * 1024
"""Room for boundaries and part headers on top of the file-size limit."""

MAX_FILENAME_CHARS = 255


@dataclass(slots=True)
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    data: bytearray = field(default_factory=bytearray)


@dataclass(slots=True)
class Upload:
    filename: str | None
    data: bytes


async def read_upload(request: Request, *, max_bytes: int) -> Upload:
    content_type, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise BadUpload()
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + MULTIPART_OVERHEAD_BYTES:
        raise UploadTooLarge()

    parts: list[_Part] = []
    header: dict[str, bytearray] = {"field": bytearray(), "value": bytearray()}

    def on_part_begin() -> None:
        parts.append(_Part())

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header["value"] += data[start:end]

    def on_header_end() -> None:
        parts[-1].headers[bytes(header["field"]).lower()] = bytes(header["value"])
        header["field"].clear()
        header["value"].clear()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        part = parts[-1]
        part.data += data[start:end]
        if len(part.data) > max_bytes:
            raise UploadTooLarge()

    parser = MultipartParser(
        boundary,
        callbacks={
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
        },
    )
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_bytes + MULTIPART_OVERHEAD_BYTES:
                raise UploadTooLarge()
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError:
        raise BadUpload("The multipart body is malformed.") from None

    for part in parts:
        _, disposition = parse_options_header(part.headers.get(b"content-disposition"))
        if disposition.get(b"name") == FILE_FIELD:
            filename = disposition.get(b"filename")
            # Browsers on Windows may send a full path ("C:\\fakepath\\cv.pdf"): keep the last part.
            name = (
                filename.decode("utf-8", "replace").replace("\\", "/").rsplit("/", 1)[-1]
                if filename
                else None
            )
            name = name[:MAX_FILENAME_CHARS] if name else None
            return Upload(filename=name, data=bytes(part.data))
    raise BadUpload()
