"""`GET /v1/health`: Redis, database, live workers, queue depth. 503 when the service cannot work."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from redis.exceptions import RedisError
from rq import Worker
from sqlalchemy.exc import SQLAlchemyError

from prefill.db import ping
from prefill.deps import QueueDep, SettingsDep
from prefill.errors import DatabaseUnavailable, QueueUnavailable

router = APIRouter(prefix="/v1", tags=["health"])


@router.get("/health")
def health(queue: QueueDep, settings: SettingsDep) -> JSONResponse:
    report: dict = {"status": "ok"}
    error = None
    try:
        queue.connection.ping()
        report["redis"] = "ok"
        report["queue_depth"] = queue.count
        report["workers"] = sum(
            1 for worker in Worker.all(queue=queue) if settings.queue_name in worker.queue_names()
        )
    except RedisError:
        report["redis"] = "unreachable"
        error = QueueUnavailable()
    try:
        ping(settings.database_url)
        report["database"] = "ok"
    except SQLAlchemyError:
        report["database"] = "unreachable"
        error = error or DatabaseUnavailable()
    if error is not None:
        report["status"] = "unavailable"
        report["error"] = {"code": error.code, "message": str(error)}
        return JSONResponse(report, status_code=503)
    return JSONResponse(report)
