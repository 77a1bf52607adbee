"""Errors of a re-parse run, with stable codes."""

from __future__ import annotations

from prefill.errors import ServiceError


class SourceNotFound(ServiceError):
    code = "source_not_found"
    status = 404
    message = "No folder or ZIP archive at that path."


class SourceUnreadable(ServiceError):
    code = "source_unreadable"
    status = 422
    message = "The source could not be read (permissions, or a damaged archive)."


class SourceNotSupported(ServiceError):
    code = "source_not_supported"
    status = 422
    message = "The source must be a folder or a ZIP archive of CVs and LinkedIn exports."


class SourceOutsideArchive(ServiceError):
    code = "source_outside_archive"
    status = 422
    message = "The source must be a path inside the archive folder, without `..`."


class SourceTooLarge(ServiceError):
    code = "source_too_large"
    status = 422
    message = "The source holds more documents than one run may take; split it into several runs."


class RunBusy(ServiceError):
    code = "reparse_busy"
    status = 409
    message = "Another process is planning or resuming this run right now; try again in a moment."
