"""`GET /v1/privacy` (the agreement in force) and `POST /v1/me/privacy` (accept it again)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from prefill.deps import SessionDep
from prefill.workflow.accounts import service as accounts
from prefill.workflow.accounts.deps import CurrentUser
from prefill.workflow.accounts.schemas import AccountPublic, PrivacyAcceptance
from prefill.workflow.consent.agreement import current_agreement
from prefill.workflow.consent.schemas import PrivacyAgreementPublic

router = APIRouter(prefix="/v1", tags=["privacy"])


@router.get("/privacy", response_model=PrivacyAgreementPublic)
def privacy(language: Literal["en", "fr"] = "en") -> PrivacyAgreementPublic:
    """The privacy agreement in force, to show before registering."""
    agreement = current_agreement()
    return PrivacyAgreementPublic(
        version=agreement.version,
        published_at=agreement.published_at,
        language=language,
        text=agreement.texts[language],
        languages=sorted(agreement.texts),
    )


@router.post("/me/privacy", response_model=AccountPublic)
def accept(data: PrivacyAcceptance, session: SessionDep, user: CurrentUser) -> AccountPublic:
    """Accept the agreement in force (when `privacy_acceptance_required` says it changed)."""
    accounts.accept_privacy(session, user=user, version=data.version)
    session.flush()
    return accounts.account_public(session, user=user)
