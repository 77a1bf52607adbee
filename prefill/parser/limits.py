"""Limits of the parser. Each can be overridden by a `PREFILL_*` setting (see prefill.settings)."""

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest upload parsed, in bytes (a CV with photos is rarely over 3 MB)."""

MAX_PAGES = 20
"""Most pages read from one document; CVs longer than that are not CVs."""

MAX_DOCX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
"""Largest total uncompressed size of a .docx package (guards against zip bombs)."""

MIN_TEXT_CHARS_PER_PAGE = 20
"""Below this many characters per page on average a PDF is taken as scanned (no text layer)."""
