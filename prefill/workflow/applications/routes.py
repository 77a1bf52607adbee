"""`/v1/applications`: the logged-in candidate's applications ("My applications") and their steps."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response, status

from prefill.deps import SessionDep, SettingsDep
from prefill.instants import utcnow
from prefill.pipelines.imports.upload import Upload, read_upload
from prefill.workflow.accounts.models import UserAccount
from prefill.workflow.applications import service
from prefill.workflow.applications.schemas import (
    AnswersUpdate,
    ApplicationCreate,
    ApplicationPublic,
    ApplicationSummary,
    LetterTextUpdate,
    ReferencesUpdate,
    SignatureCreate,
)
from prefill.workflow.profile.routes import candidate, consenting_candidate

router = APIRouter(prefix="/v1/applications", tags=["applications"])

Reader = Annotated[UserAccount, Depends(candidate)]
Writer = Annotated[UserAccount, Depends(consenting_candidate)]



def _shown(session: SessionDep, user: UserAccount, application_id: str) -> ApplicationPublic:
    session.flush()
    return service.view(session, user=user, application_id=application_id, now=utcnow())


@router.post("", response_model=ApplicationPublic, status_code=status.HTTP_201_CREATED)
def start(
    data: ApplicationCreate, response: Response, session: SessionDep, user: Writer
) -> ApplicationPublic:
    """Start applying (201), or get the application already started for this vacancy (200)."""
    application, created = service.start(session, user=user, reference=data.vacancy_reference, now=utcnow())
    if not created:
        response.status_code = status.HTTP_200_OK
    return _shown(session, user, application.id)


@router.get("", response_model=list[ApplicationSummary])
def my_applications(session: SessionDep, user: Reader) -> list[ApplicationSummary]:
    return service.my_applications(session, user=user, now=utcnow())


@router.get("/{application_id}", response_model=ApplicationPublic)
def get_application(application_id: str, session: SessionDep, user: Reader) -> ApplicationPublic:
    return service.view(session, user=user, application_id=application_id, now=utcnow())


@router.delete("/{application_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_draft(application_id: str, session: SessionDep, user: Reader) -> Response:
    service.delete_draft(session, user=user, application_id=application_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/{application_id}/{questionnaire}-questionnaire", response_model=ApplicationPublic)
def save_answers(
    application_id: str,
    questionnaire: Literal["general", "job"],
    data: AnswersUpdate,
    session: SessionDep,
    user: Writer,
) -> ApplicationPublic:
    service.save_answers(
        session,
        user=user,
        application_id=application_id,
        questionnaire=questionnaire,
        answers=data.answers,
        now=utcnow(),
    )
    return _shown(session, user, application_id)


@router.put("/{application_id}/cover-letter", response_model=ApplicationPublic)
def set_letter_text(
    application_id: str, data: LetterTextUpdate, session: SessionDep, user: Writer
) -> ApplicationPublic:
    service.set_letter_text(session, user=user, application_id=application_id, text=data.text, now=utcnow())
    return _shown(session, user, application_id)


async def _letter_upload(request: Request) -> Upload:
    return await read_upload(request, max_bytes=service.MAX_LETTER_BYTES)


LetterUpload = Annotated[Upload, Depends(_letter_upload)]


@router.post("/{application_id}/cover-letter/file", response_model=ApplicationPublic)
def upload_letter(
    application_id: str, upload: LetterUpload, session: SessionDep, user: Writer
) -> ApplicationPublic:
    """A .docx or .pdf cover letter as the multipart field `file` (replaces a typed letter)."""
    service.upload_letter(
        session,
        user=user,
        application_id=application_id,
        filename=upload.filename,
        data=upload.data,
        now=utcnow(),
    )
    return _shown(session, user, application_id)


@router.put("/{application_id}/references", response_model=ApplicationPublic)
def set_references(
    application_id: str, data: ReferencesUpdate, session: SessionDep, user: Writer
) -> ApplicationPublic:
    service.set_references(
        session, user=user, application_id=application_id, references=data.references, now=utcnow()
    )
    return _shown(session, user, application_id)


@router.post("/{application_id}/signature", response_model=ApplicationPublic)
def sign(
    application_id: str, data: SignatureCreate, request: Request, session: SessionDep, user: Writer
) -> ApplicationPublic:
    service.sign(
        session,
        user=user,
        application_id=application_id,
        data=data,
        address=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
        now=utcnow(),
    )
    return _shown(session, user, application_id)


@router.get("/{application_id}/review")
def review(application_id: str, session: SessionDep, user: Reader) -> dict[str, Any]:
    return service.review(session, user=user, application_id=application_id, now=utcnow())


@router.post("/{application_id}/submit", response_model=ApplicationPublic)
def submit(
    application_id: str, session: SessionDep, settings: SettingsDep, user: Writer
) -> ApplicationPublic:
    """Submit before the deadline; a repeated submit returns the same submission (one mail)."""
    service.submit(session, settings=settings, user=user, application_id=application_id, now=utcnow())
    return _shown(session, user, application_id)


@router.post("/{application_id}/withdraw", response_model=ApplicationPublic)
def withdraw(application_id: str, session: SessionDep, user: Writer) -> ApplicationPublic:
    service.withdraw(session, user=user, application_id=application_id, now=utcnow())
    return _shown(session, user, application_id)
