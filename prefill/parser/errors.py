"""Errors of the parser layer. Each has a stable machine `code` and a human message.

Messages never quote the document's content: they may end up in logs and API responses.
"""


class ParseError(Exception):
    """Base of every error the parser raises on bad input."""

    code = "parse_error"
    message = "The document could not be read."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)


class EmptyFile(ParseError):
    code = "empty_file"
    message = "The file is empty."


class UnsupportedFormat(ParseError):
    code = "unsupported_format"
    message = "This is not a CV format we can read. Upload a Word (.docx) or PDF file, or a LinkedIn export."


class LegacyWordFormat(ParseError):
    code = "legacy_doc"
    message = "Old Word (.doc) files are not supported. Save the CV as .docx or PDF and upload it again."


class MacroEnabledDocument(ParseError):
    code = "macro_enabled_docm"
    message = "Macro-enabled Word files (.docm) are not accepted. Save the CV as .docx or PDF."


class CorruptDocx(ParseError):
    code = "corrupt_docx"
    message = "The Word file is damaged and cannot be opened. Save it again from Word and re-upload it."


class CorruptPdf(ParseError):
    code = "corrupt_pdf"
    message = "The PDF file is damaged and cannot be opened. Export it again and re-upload it."


class EncryptedDocx(ParseError):
    code = "encrypted_docx"
    message = "The Word file is password-protected. Remove the password and upload it again."


class EncryptedPdf(ParseError):
    code = "encrypted_pdf"
    message = "The PDF is password-protected. Remove the password and upload it again."


class ScannedPdf(ParseError):
    code = "scanned_pdf_no_text"
    message = "The PDF has no text layer (it looks scanned). Upload the original Word file or a text PDF."


class FileTooLarge(ParseError):
    code = "file_too_large"
    message = "The file is larger than the size limit."


class TooManyPages(ParseError):
    code = "too_many_pages"
    message = "The document has more pages than the limit."


class ZipUnsafe(ParseError):
    """An archive refused for safety; the subclasses below say which limit or rule it broke."""

    code = "zip_unsafe"
    message = "The archive holds unsafe file names (absolute or with '..'). Upload the LinkedIn export as is."


class ZipTooManyMembers(ZipUnsafe):
    code = "zip_too_many_members"
    message = "The archive holds more files than the limit. Upload the original LinkedIn export."


class ZipTooLarge(ZipUnsafe):
    code = "zip_too_large"
    message = "The archive's files add up to more than the size limit once uncompressed."


class ZipMemberTooLarge(ZipUnsafe):
    code = "zip_member_too_large"
    message = "A file inside the archive is larger than the size limit once uncompressed."


class ZipNested(ZipUnsafe):
    code = "zip_nested"
    message = "The archive holds another archive. Upload the LinkedIn export itself, not a ZIP inside a ZIP."


class CorruptZip(ParseError):
    code = "corrupt_zip"
    message = "The archive is damaged and cannot be read. Download the export again and re-upload it."


class EncryptedZip(ParseError):
    code = "encrypted_zip"
    message = "The archive is password-protected. Upload the LinkedIn export without a password."


class CsvNotText(ParseError):
    code = "csv_not_text"
    message = "A CSV file in the archive is not text (it holds binary or undecodable bytes)."


class CsvFieldTooLarge(ParseError):
    code = "csv_field_too_large"
    message = "A value in one of the archive's CSV files is longer than the size limit."
