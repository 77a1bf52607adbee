"""`/v1/imports`: upload a CV, follow its parse, delete it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from prefill.deps import QueueDep, SessionDep, SettingsDep
from prefill.pipelines.imports import service
from prefill.pipelines.imports.schemas import ImportPublic
from prefill.pipelines.imports.service import ImportView
from prefill.pipelines.imports.upload import Upload, read_upload
from prefill.workflow.accounts.deps import OptionalUserId

BASE_PATH = "/v1/imports"
router = APIRouter(prefix=BASE_PATH, tags=["imports"])


async def _upload(request: Request, settings: SettingsDep) -> Upload:
    return await read_upload(request, max_bytes=settings.max_upload_bytes)


UploadDep = Annotated[Upload, Depends(_upload)]


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ImportPublic,
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                }
            }
        }
    },
)
def create_import(
    upload: UploadDep, session: SessionDep, queue: QueueDep, settings: SettingsDep, owner_id: OptionalUserId
) -> ImportPublic:
    """Upload a CV (.docx, PDF, LinkedIn PDF or data-export ZIP) as the form field `file`."""
    row, must_enqueue = service.submit_import(
        session=session,
        queue=queue,
        settings=settings,
        data=upload.data,
        filename=upload.filename,
        owner_id=owner_id,
    )
    session.commit()  # the job is enqueued only once its import is recorded
    if must_enqueue:
        service.enqueue_import(queue=queue, settings=settings, row=row, data=upload.data)
    return ImportPublic.of(ImportView(row), base_path=BASE_PATH)


@router.get("/{import_id}", response_model=ImportPublic)
def read_import(
    import_id: str, session: SessionDep, queue: QueueDep, owner_id: OptionalUserId
) -> ImportPublic:
    view = service.get_import(session=session, queue=queue, import_id=import_id, owner_id=owner_id)
    return ImportPublic.of(view, base_path=BASE_PATH)


@router.delete("/{import_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_import(import_id: str, session: SessionDep, queue: QueueDep, owner_id: OptionalUserId) -> Response:
    service.delete_import(session=session, queue=queue, import_id=import_id, owner_id=owner_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
