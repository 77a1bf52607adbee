"""Errors of the service layer (API, queue): a stable code, an HTTP status, a human message."""

from __future__ import annotations


class ServiceError(Exception):
    code = "internal_error"
    status = 500
    message = "Something went wrong on our side. Please try again."

    def __init__(self, message: str | None = None, *, code: str | None = None, status: int | None = None):
        super().__init__(message or self.message)
        self.code = code or self.code
        self.status = status or self.status


class FieldErrors(ServiceError):
    """An error with per-field messages: `fields` maps a path (`personal.phone`) to its message."""

    def __init__(self, fields: dict[str, str]):
        super().__init__()
        self.fields = fields


class NotFound(ServiceError):
    code = "not_found"
    status = 404
    message = "No such resource."


class UploadTooLarge(ServiceError):
    code = "file_too_large"
    status = 413
    message = "The file is larger than the size limit."


class BadUpload(ServiceError):
    code = "bad_upload"
    status = 422
    message = "Send the CV as a multipart form field named `file`."


class QueueUnavailable(ServiceError):
    code = "queue_unavailable"
    status = 503
    message = "The import queue is unavailable right now. Please try again in a minute."


class DatabaseUnavailable(ServiceError):
    code = "database_unavailable"
    status = 503
    message = "The database is unavailable right now. Please try again in a minute."
