"""CSV files of a LinkedIn export as tables of rows keyed by canonical column names.

Every layout seen since 2018 is read the same way (notes A4/D): the encoding from the BOM (UTF-16LE/BE,
UTF-8 with BOM), else strict UTF-8, else Windows-1252; the header found among the first records (a
`Notes:` preamble precedes it in some files) by its known column names, which also decides between
comma and TAB; then the csv module, so quoted commas and multi-line cells survive. Column names are
matched case-insensitively through aliases, so `Started On` and `Start Date` land in the same column.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from prefill.parser import errors, limits

logger = logging.getLogger(__name__)

DELIMITERS = (",", "\t")
"""Delimiters tried, in order of preference on a tie: LinkedIn writes commas, Excel's Unicode text TABs."""

FALLBACK_ENCODING = "cp1252"
_NOT_TEXT = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x81\x8d\x8f\x90\x9d]")
"""Bytes no text file in UTF-8 or Windows-1252 holds: control bytes and Windows-1252's undefined ones."""
"""Encoding of a file that is not UTF-8: what Excel on Windows writes when a user re-saves a CSV."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADER_NOISE = re.compile(r"[\s_]+")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


@dataclass(slots=True)
class Table:
    """The rows of one CSV file: canonical column -> cell text as the csv module gave it."""

    rows: list[dict[str, str]]
    fallback_encoding: bool = False
    """True when the bytes were not UTF-8 and were read as `FALLBACK_ENCODING`."""
    unknown_columns: list[str] = field(default_factory=list)


def decode(data: bytes | bytearray) -> tuple[str, bool]:
    """The text of a file and whether the fallback encoding was needed.

    Raises `CsvNotText` for bytes that are neither UTF-8 nor Windows-1252 text (control bytes, bytes
    Windows-1252 leaves undefined): a spreadsheet re-saved by Excel is still text, a binary blob is not.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), False
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        if _NOT_TEXT.search(data):
            raise errors.CsvNotText() from None
        return data.decode(FALLBACK_ENCODING, errors="replace"), True


def header_key(cell: str) -> str:
    """A header cell as looked up in the aliases: lower case, runs of spaces and `_` as one space."""
    return _HEADER_NOISE.sub(" ", cell.strip().lstrip("\ufeff")).strip().lower()


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` with their endings, as a file opened with `newline=''` gives them. Not a
    StringIO: it would hold a second, four-bytes-a-character copy of the text."""
    return (match.group() for match in _LINE.finditer(text))


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(_lines(text), delimiter=delimiter, skipinitialspace=True)
    try:
        for record in reader:
            if any(len(cell) > limits.MAX_CSV_FIELD_CHARS for cell in record):
                raise errors.CsvFieldTooLarge()
            yield record
    except csv.Error as error:
        if "field limit" in str(error):
            raise errors.CsvFieldTooLarge() from None
        raise


def _header_score(record: list[str], aliases: Mapping[str, str]) -> int:
    """Known column names in a record, or 0 when they are not at least half of its non-empty cells."""
    cells = [header_key(cell) for cell in record if cell.strip()]
    known = sum(cell in aliases for cell in cells)
    return known if known * 2 >= len(cells) else 0


def _find_header(text: str, aliases: Mapping[str, str]) -> tuple[str, int, list[str]] | None:
    """(delimiter, record index, header record) of the best header among the first records."""
    best: tuple[int, str, int, list[str]] | None = None
    for delimiter in DELIMITERS:
        head = itertools.islice(_records(text, delimiter), limits.MAX_CSV_HEADER_SCAN_ROWS)
        for index, record in enumerate(head):
            score = _header_score(record, aliases)
            if score and (best is None or score > best[0]):
                best = (score, delimiter, index, record)
            if score:
                break
    return best[1:] if best else None


def read_table(data: bytes | bytearray, aliases: Mapping[str, str], *, file_name: str) -> Table | None:
    """The rows of a CSV file whose header uses `aliases` (header key -> canonical column); None when no
    header is found. Rows with only empty cells are dropped; missing trailing cells read as empty.

    Raises `CsvFieldTooLarge` for a cell over the limit; any other csv error gives None (unreadable).
    """
    text, fallback = decode(data)
    del data  # the bytes are not needed once decoded: keeps the peak memory of a large file down
    if fallback:
        logger.info("%s is not UTF-8; read as %s", file_name, FALLBACK_ENCODING)
    if "\x00" in text:
        text = text.replace("\x00", "")  # the csv module refuses NUL; only damaged files hold any
    try:
        found = _find_header(text, aliases)
        if found is None:
            return None
        delimiter, index, header = found
        columns: dict[str, int] = {}
        unknown: list[str] = []
        for position, cell in enumerate(header):
            canonical = aliases.get(header_key(cell))
            if canonical is None:
                if cell.strip():
                    unknown.append(header_key(cell))
            else:
                columns.setdefault(canonical, position)  # a duplicated header name keeps its first column
        rows = [
            {name: record[position] if position < len(record) else "" for name, position in columns.items()}
            for record in itertools.islice(_records(text, delimiter), index + 1, None)
            if any(cell.strip() for cell in record)
        ]
    except csv.Error:
        logger.info("%s is not readable as CSV", file_name)
        return None
    if unknown:
        logger.debug("%s: unknown columns %s", file_name, unknown)
    return Table(rows=rows, fallback_encoding=fallback, unknown_columns=unknown)
