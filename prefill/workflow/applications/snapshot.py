"""The application's content as one JSON document, and its SHA-256: what is signed and frozen."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy.orm import Session

from prefill.workflow.accounts.models import UserAccount
from prefill.workflow.applications.models import Application, ApplicationLetter
from prefill.workflow.profile import service as profile
from prefill.workflow.profile.sections import LIST_SECTIONS
from prefill.workflow.vacancies.models import Vacancy


def profile_values(session: Session, user: UserAccount) -> dict[str, Any]:
    """The profile's values without provenance: `{"personal": {key: value}, "education": [{…}], …}`."""
    row = profile.profile_row(session, user, create=False)
    values: dict[str, Any] = {"personal": profile.plain(row.personal) if row else {}}
    for name in LIST_SECTIONS:
        values[name] = [profile.plain(entry.fields) for entry in profile.entries(session, user, name)]
    return values


def letter_json(application: Application, letter: ApplicationLetter | None) -> dict[str, Any] | None:
    if application.letter_text is not None:
        return {"text": application.letter_text}
    if letter is not None:
        return {
            "file": {
                "filename": letter.filename,
                "kind": letter.kind,
                "size": letter.size,
                "sha256": letter.sha256,
            }
        }
    return None


def content(
    *,
    application: Application,
    vacancy: Vacancy,
    profile_json: dict[str, Any],
    letter: ApplicationLetter | None,
) -> dict[str, Any]:
    """Everything the candidate submits (the signature aside, which covers this)."""
    return {
        "vacancy": {"reference": vacancy.reference, "title": vacancy.title, "kind": vacancy.kind},
        "profile": profile_json,
        "answers": application.answers or {},
        "cover_letter": letter_json(application, letter),
        "references": application.references,
    }


def content_hash(document: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
