"""The HTTP API: `create_app(settings)`; `app` for `uvicorn prefill.api:app`."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from prefill import __version__, health
from prefill.errors import FieldErrors, ServiceError
from prefill.parser.errors import ParseError
from prefill.pipelines.accuracy import routes as accuracy_routes
from prefill.pipelines.imports import routes as imports_routes
from prefill.pipelines.imports.service import make_queue
from prefill.pipelines.reparse import routes as reparse_routes
from prefill.redis_connection import connect
from prefill.settings import Settings, get_settings
from prefill.workflow.accounts import routes as accounts_routes
from prefill.workflow.applications import routes as applications_routes
from prefill.workflow.consent import routes as consent_routes
from prefill.workflow.profile import routes as profile_routes
from prefill.workflow.vacancies import routes as vacancies_routes

log = logging.getLogger(__name__)


def _error(status: int, code: str, message: str, *, fields: dict[str, str] | None = None) -> JSONResponse:
    error: dict[str, object] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields  # per-field messages, by path (`personal.phone`)
    return JSONResponse({"error": error}, status_code=status)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="Prefill", version=__version__, description="CV parsing and profile prefill.")
    app.state.settings = settings
    app.state.queue = make_queue(connect(settings), settings)
    app.include_router(imports_routes.router)
    app.include_router(vacancies_routes.router)
    app.include_router(health.router)
    app.include_router(accounts_routes.router)
    app.include_router(consent_routes.router)
    app.include_router(profile_routes.router)
    app.include_router(applications_routes.router)
    app.include_router(accuracy_routes.router)
    app.include_router(reparse_routes.router)

    @app.exception_handler(ServiceError)
    async def service_error(_request: Request, error: ServiceError) -> JSONResponse:
        fields = error.fields if isinstance(error, FieldErrors) else None
        return _error(error.status, error.code, str(error), fields=fields)

    @app.exception_handler(ParseError)
    async def parse_error(_request: Request, error: ParseError) -> JSONResponse:
        status = 413 if error.code in ("file_too_large", "too_many_pages") else 422
        return _error(status, error.code, str(error))

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, error: HTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return _error(error.status_code, code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        # Per-field messages by path ("body.email"), never the submitted values (a password, a CV line).
        fields = {".".join(str(p) for p in e["loc"]): e["msg"] for e in error.errors()}
        message = "The request is not valid: " + "; ".join(f"{path}: {msg}" for path, msg in fields.items())
        return _error(422, "invalid_request", message, fields=fields)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.error("unhandled %s", type(error).__name__)  # the type only: a message could quote a CV
        return _error(500, ServiceError.code, ServiceError.message)

    return app


def __getattr__(name: str):
    # `uvicorn prefill.api:app` builds the app from the environment on first access only.
    if name == "app":
        return create_app()
    raise AttributeError(name)
