"""Limits of the parser. Each can be overridden by a `PREFILL_*` setting (see prefill.settings)."""

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest upload parsed, in bytes (a CV with photos is rarely over 3 MB)."""

MAX_PAGES = 20
"""Most pages read from one document; CVs longer than that are not CVs."""

MAX_DOCX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
"""Largest total uncompressed size of a .docx package (guards against zip bombs)."""

MIN_TEXT_CHARS_PER_PAGE = 20
"""Below this many characters per page on average a PDF is taken as scanned (no text layer)."""

MAX_ZIP_MEMBERS = 2_000
"""Most entries an uploaded archive may list (a LinkedIn export has about 30 to 100)."""

MAX_ZIP_CENTRAL_DIRECTORY_BYTES = 1024 * 1024
"""Largest central directory read from an archive: bounds the cost of listing it before any count check."""

MAX_ZIP_DECLARED_TOTAL_BYTES = 256 * 1024 * 1024
"""Largest sum of the uncompressed sizes an archive declares (a Complete export with messages stays below)."""

MAX_ZIP_MEMBER_BYTES = 16 * 1024 * 1024
"""Largest uncompressed size of one archive member that is read (profile CSVs are kilobytes)."""

MAX_ZIP_READ_TOTAL_BYTES = 32 * 1024 * 1024
"""Most uncompressed bytes read from one archive over all the members read."""

MAX_CSV_FIELD_CHARS = 128 * 1024
"""Longest CSV cell accepted (LinkedIn caps a summary at 2,600 characters); the csv module's default."""

MAX_CSV_HEADER_SCAN_ROWS = 10
"""Records searched for a CSV's header row (a `Notes:` preamble comes before it in some files)."""
