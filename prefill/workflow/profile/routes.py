"""`/v1/me/profile`: the logged-in candidate's own profile, its sections, confirmation and prefill."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response

from prefill.deps import SessionDep
from prefill.errors import NotFound
from prefill.workflow.accounts.deps import CurrentUser, Forbidden
from prefill.workflow.accounts.models import UserAccount
from prefill.workflow.consent import service as consent
from prefill.workflow.consent.agreement import current_agreement
from prefill.workflow.profile import merge, service
from prefill.workflow.profile.schemas import ConfirmCreate, ConfirmPublic, PrefillCreate, PrefillPublic
from prefill.workflow.profile.sections import LIST_SECTIONS

router = APIRouter(prefix="/v1/me/profile", tags=["profile"])


async def candidate(user: CurrentUser) -> UserAccount:
    """Profiles are candidates' (HR accounts have none)."""
    if user.role != "candidate":
        raise Forbidden()
    return user


def consenting_candidate(
    session: SessionDep, user: Annotated[UserAccount, Depends(candidate)]
) -> UserAccount:
    """A candidate who accepted the privacy agreement in force: nothing personal is stored before."""
    if consent.accepted_version(session, user=user) != current_agreement().version:
        raise consent.PrivacyNotAccepted()
    return user


Reader = Annotated[UserAccount, Depends(candidate)]
Writer = Annotated[UserAccount, Depends(consenting_candidate)]
Values = Annotated[Any, Body(description="The section's values by key; `null` clears; `confirm: true`")]


def _section(name: str) -> str:
    if name not in LIST_SECTIONS:
        raise NotFound("No such profile section.")
    return name


@router.get("")
def get_profile(session: SessionDep, user: Reader) -> dict[str, Any]:
    return service.get_profile(session=session, user=user)


@router.get("/personal")
def get_personal(session: SessionDep, user: Reader) -> dict[str, Any]:
    return service.personal_view(service.profile_row(session, user, create=False), user)


@router.put("/personal")
def put_personal(session: SessionDep, user: Writer, body: Values) -> dict[str, Any]:
    return service.update_personal(session=session, user=user, body=body)


@router.get("/alerts")
def get_alerts(session: SessionDep, user: Reader) -> dict[str, Any]:
    return service.alerts_view(service.profile_row(session, user, create=False))


@router.put("/alerts")
def put_alerts(session: SessionDep, user: Writer, body: Values) -> dict[str, Any]:
    return service.update_alerts(session=session, user=user, body=body)


@router.post("/confirm", response_model=ConfirmPublic)
def confirm(session: SessionDep, user: Writer, body: ConfirmCreate) -> dict[str, list[str]]:
    return service.confirm(session=session, user=user, paths=body.paths)


@router.post("/prefill", response_model=PrefillPublic)
def prefill(session: SessionDep, user: Writer, body: PrefillCreate) -> dict[str, Any]:
    return asdict(merge.prefill(session=session, user=user, import_id=body.import_id))


@router.get("/{section}")
def list_entries(session: SessionDep, user: Reader, section: str) -> list[dict[str, Any]]:
    return service.list_entries(session=session, user=user, section=_section(section))


@router.post("/{section}", status_code=201)
def add_entry(session: SessionDep, user: Writer, section: str, body: Values) -> dict[str, Any]:
    return service.add_entry(session=session, user=user, section=_section(section), body=body)


@router.put("/{section}/{entry_id}")
def put_entry(session: SessionDep, user: Writer, section: str, entry_id: str, body: Values) -> dict[str, Any]:
    return service.update_entry(
        session=session, user=user, section=_section(section), entry_id=entry_id, body=body
    )


@router.delete("/{section}/{entry_id}", status_code=204)
def delete_entry(session: SessionDep, user: Writer, section: str, entry_id: str) -> Response:
    service.delete_entry(session=session, user=user, section=_section(section), entry_id=entry_id)
    return Response(status_code=204)
