"""Applications of the logged-in candidate: start, fill the steps, sign, submit, withdraw, delete.

Keyword-only functions taking the request's session and the clock as `now` (the server decides with
UTC instants); every query is limited to the caller's rows, so a missing and a not-yours application
are the same 404.

Rules:
- One application per candidate and vacancy (a unique constraint): starting again returns it.
- Every change needs the vacancy open (`vacancies.service.is_open`) and an application not withdrawn.
  Changing a submitted application makes it an *amended* draft: the last submitted snapshot stands
  (HR sees it, and after the deadline it is the submission of record) until a new submit replaces it.
- A signature covers the SHA-256 of the application's content (`snapshot.content`): any later change,
  profile included, makes the signature stale and the candidate signs again.
- Submit is idempotent: a conditional UPDATE (`status = 'draft' AND revision = :checked`) lets one of
  concurrent requests win, on PostgreSQL (the row lock re-checks the condition) as on SQLite (writers
  are serialised); only the winner queues the acknowledgement mail, which leaves after the commit.
  Each accepted submission (an amended one too) gets its acknowledgement, and its profile is scored
  against the candidate's last prefill for HR's accuracy statistics (`prefill.pipelines.accuracy`).
- Withdrawal is final (starting again returns the withdrawn application); only a never-submitted draft
  can be deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from prefill.errors import FieldErrors, NotFound, ServiceError
from prefill.instants import as_utc
from prefill.parser.errors import ParseError
from prefill.parser.sniff import sniff
from prefill.pipelines.accuracy import service as accuracy
from prefill.settings import Settings
from prefill.workflow.accounts.models import UserAccount
from prefill.workflow.accounts.service import EXPORTERS
from prefill.workflow.applications import snapshot, steps
from prefill.workflow.applications.declaration import current_declaration
from prefill.workflow.applications.general import GENERAL_QUESTIONNAIRE
from prefill.workflow.applications.models import Application, ApplicationLetter
from prefill.workflow.applications.schemas import (
    MAX_TEXT_ANSWER_CHARS,
    AnswerCreate,
    ApplicationPublic,
    ApplicationSummary,
    ReferenceCreate,
    SignatureCreate,
    StepPublic,
)
from prefill.workflow.applications.signature import name_matches
from prefill.workflow.mail.sender import send_mail
from prefill.workflow.mail.templates import render
from prefill.workflow.profile import service as profile
from prefill.workflow.profile import validators as v
from prefill.workflow.profile.service import ProfileInvalid
from prefill.workflow.vacancies.models import Vacancy
from prefill.workflow.vacancies.questionnaire import Question
from prefill.workflow.vacancies.service import find_vacancy, is_open

MAX_LETTER_BYTES = 2 * 1024 * 1024
"""Largest cover-letter file."""
LETTER_KINDS = ("docx", "pdf")
"""What a cover-letter file may be, decided from its bytes."""
QUESTIONNAIRES = ("general", "job")


class DeadlinePassed(ServiceError):
    code = "deadline_passed"
    status = 409
    message = "This vacancy is closed: its deadline has passed."


class ApplicationWithdrawn(ServiceError):
    code = "application_withdrawn"
    status = 409
    message = "This application was withdrawn."


class NotADraft(ServiceError):
    code = "not_a_draft"
    status = 409
    message = "Only a draft that was never submitted can be deleted; withdraw a submitted application."


class StepsIncomplete(FieldErrors):
    code = "steps_incomplete"
    status = 409
    message = "Some steps are not complete: see `fields`."


class ApplicationChanged(ServiceError):
    code = "application_changed"
    status = 409
    message = "The application changed while it was being submitted; review it and submit again."


class SignatureMismatch(FieldErrors):
    code = "signature_mismatch"
    status = 422
    message = "The signature does not match your profile: see `fields`."


class DeclarationOutdated(ServiceError):
    code = "declaration_outdated"
    status = 409
    message = "A newer declaration is in force: read it and sign that one."


class BadLetter(ServiceError):
    code = "unsupported_format"
    status = 422
    message = "Send the cover letter as a .docx or .pdf file."


class ApplicationNotFound(NotFound):
    message = "No such application."


# -- loading -------------------------------------------------------------------------------------


def _load(session: Session, *, user: UserAccount, application_id: str, lock: bool = False) -> Application:
    query = select(Application).where(Application.id == application_id, Application.user_id == user.id)
    if lock:
        query = query.with_for_update()
    row = session.scalars(query).first()
    if row is None:
        raise ApplicationNotFound()
    return row


def _vacancy(session: Session, application: Application) -> Vacancy:
    return session.get_one(Vacancy, application.vacancy_id)


def _letter(session: Session, application: Application) -> ApplicationLetter | None:
    if application.letter_sha256 is None:
        return None
    return session.scalars(
        select(ApplicationLetter).where(
            ApplicationLetter.application_id == application.id,
            ApplicationLetter.sha256 == application.letter_sha256,
        )
    ).first()


def shown_status(application: Application, vacancy: Vacancy, *, now: dt.datetime) -> str:
    if application.status in ("submitted", "withdrawn"):
        return application.status
    if application.snapshot is not None:  # an amended draft: the last submission stands
        return "amended" if is_open(vacancy, now=now) else "submitted"
    return "draft" if is_open(vacancy, now=now) else "closed"


def _summary(application: Application, vacancy: Vacancy, *, now: dt.datetime) -> ApplicationSummary:
    return ApplicationSummary(
        id=application.id,
        vacancy_reference=vacancy.reference,
        vacancy_title=vacancy.title,
        vacancy_kind=vacancy.kind,
        closes_at=as_utc(vacancy.closes_at),
        time_zone=vacancy.time_zone,
        status=shown_status(application, vacancy, now=now),
        hr_status=application.hr_status,
        created_at=as_utc(application.created_at),
        submitted_at=as_utc(application.submitted_at) if application.submitted_at else None,
    )


# -- evaluation ----------------------------------------------------------------------------------


def _job_questions(vacancy: Vacancy) -> list[Question]:
    return [Question.model_validate(question) for question in vacancy.questionnaire or []]


def _evaluate(
    session: Session, *, user: UserAccount, application: Application, vacancy: Vacancy
) -> tuple[list[steps.Step], dict[str, Any], str]:
    """The steps with their states, the content and its hash, from the data as it stands now."""
    row = profile.profile_row(session, user, create=False)
    by_section = {
        name: [entry.fields for entry in profile.entries(session, user, name)]
        for name in steps.PROFILE_STEPS[1:]
    }
    document = snapshot.content(
        application=application,
        vacancy=vacancy,
        profile_json=snapshot.profile_values(session, user),
        letter=_letter(session, application),
    )
    digest = snapshot.content_hash(document)
    evaluated = steps.application_steps(
        profile=steps.profile_steps(row.personal if row else {}, by_section, kind=vacancy.kind),
        job_questions=_job_questions(vacancy),
        answers=application.answers or {},
        has_letter=document["cover_letter"] is not None,
        references=application.references,
        kind=vacancy.kind,
        signature=application.signature,
        content_sha256=digest,
        submitted=application.status == "submitted",
    )
    if application.status == "submitted":  # frozen: what was checked at submission holds
        evaluated = [steps.Step(step.name, "complete") for step in evaluated]
    return evaluated, document, digest


def _edit_path(application: Application, step: str) -> str:
    if step in steps.PROFILE_STEPS:
        return f"/v1/me/profile/{step}"
    return f"/v1/applications/{application.id}/{step.replace('_', '-')}"


def view(session: Session, *, user: UserAccount, application_id: str, now: dt.datetime) -> ApplicationPublic:
    application = _load(session, user=user, application_id=application_id)
    return _public(session, user=user, application=application, now=now)


def _public(
    session: Session, *, user: UserAccount, application: Application, now: dt.datetime
) -> ApplicationPublic:
    vacancy = _vacancy(session, application)
    evaluated, document, digest = _evaluate(session, user=user, application=application, vacancy=vacancy)
    declaration = current_declaration()
    answers = {
        name: {qid: {"value": a["value"], "explanation": a.get("explanation")} for qid, a in saved.items()}
        for name, saved in (application.answers or {}).items()
    }
    return ApplicationPublic(
        **_summary(application, vacancy, now=now).model_dump(),
        steps=[
            StepPublic(name=s.name, state=s.state, messages=s.messages, edit=_edit_path(application, s.name))
            for s in evaluated
        ],
        resume_at=steps.resume_at(evaluated),
        general_questionnaire=[question.model_dump() for question in GENERAL_QUESTIONNAIRE],
        answers=answers,
        cover_letter=document["cover_letter"],
        references=application.references,
        signature=application.signature,
        declaration={"version": declaration.version, "text": declaration.text(user.language)},
        content_sha256=digest,
        submitted=application.snapshot,
    )


def review(session: Session, *, user: UserAccount, application_id: str, now: dt.datetime) -> dict[str, Any]:
    """The whole application, section by section, each with its state and where to edit it."""
    application = _load(session, user=user, application_id=application_id)
    public = _public(session, user=user, application=application, now=now)
    vacancy = _vacancy(session, application)
    _, document, _ = _evaluate(session, user=user, application=application, vacancy=vacancy)
    parts = {
        **{name: document["profile"][name] for name in steps.PROFILE_STEPS},
        "general_questionnaire": public.answers.get("general"),
        "job_questionnaire": public.answers.get("job"),
        "cover_letter": document["cover_letter"],
        "references": document["references"],
        "signature": application.signature,
    }
    return {
        "application_id": application.id,
        "status": public.status,
        "vacancy": document["vacancy"],
        "content_sha256": public.content_sha256,
        "sections": [
            {**step.model_dump(), "content": parts[step.name]} for step in public.steps if step.name in parts
        ],
    }


# -- start, list ---------------------------------------------------------------------------------


def start(
    session: Session, *, user: UserAccount, reference: str, now: dt.datetime
) -> tuple[Application, bool]:
    """The candidate's application for vacancy `reference`, and whether it was created now."""
    vacancy = find_vacancy(session, reference=reference, now=now)
    query = select(Application).where(Application.user_id == user.id, Application.vacancy_id == vacancy.id)
    existing = session.scalars(query).first()
    if existing is not None:
        return existing, False
    if not is_open(vacancy, now=now):
        raise DeadlinePassed()
    try:
        with session.begin_nested():
            application = Application(
                id=str(uuid.uuid4()),
                user_id=user.id,
                vacancy_id=vacancy.id,
                status="draft",
                revision=1,
                answers={},
                created_at=now,
                updated_at=now,
            )
            session.add(application)
    except IntegrityError:  # a concurrent start of the same candidate won
        return session.scalars(query).one(), False
    return application, True


def my_applications(session: Session, *, user: UserAccount, now: dt.datetime) -> list[ApplicationSummary]:
    rows = session.execute(
        select(Application, Vacancy)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Application.user_id == user.id)
        .order_by(Application.created_at.desc(), Application.id)
    )
    return [_summary(application, vacancy, now=now) for application, vacancy in rows]


# -- edits ---------------------------------------------------------------------------------------


def _editable(session: Session, *, user: UserAccount, application_id: str, now: dt.datetime) -> Application:
    """The application, locked, ready to change: open vacancy, not withdrawn; a submitted one becomes an
    amended draft (its snapshot kept)."""
    application = _load(session, user=user, application_id=application_id, lock=True)
    if application.status == "withdrawn":
        raise ApplicationWithdrawn()
    if not is_open(_vacancy(session, application), now=now):
        raise DeadlinePassed()
    application.status = "draft"
    application.revision += 1
    application.updated_at = now
    return application


def _answer(question: Question, answer: AnswerCreate) -> dict[str, Any]:
    value = answer.value
    if question.type == "number" and isinstance(value, float) and value.is_integer():
        value = int(value)
    if question.type == "text" and isinstance(value, str) and len(value) > MAX_TEXT_ANSWER_CHARS:
        raise ValueError(f"Enter at most {MAX_TEXT_ANSWER_CHARS} characters.")
    verdict = question.verdict(value)
    explanation = (answer.explanation or "").strip() or None
    return {
        "value": value,
        "explanation": explanation,
        "outcome": verdict.outcome,
        "explanation_required": verdict.explanation_required,
    }


def save_answers(
    session: Session,
    *,
    user: UserAccount,
    application_id: str,
    questionnaire: str,
    answers: dict[str, AnswerCreate],
    now: dt.datetime,
) -> Application:
    """Replace the saved answers of the `general` or `job` questionnaire; each answer gets its verdict.

    An answer that does not fit its question is refused (422 by question id); a missing answer or
    explanation is saved as is and the step needs attention."""
    application = _editable(session, user=user, application_id=application_id, now=now)
    if questionnaire == "general":
        questions = GENERAL_QUESTIONNAIRE
    else:
        questions = _job_questions(_vacancy(session, application))
    by_id = {question.id: question for question in questions}
    saved: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question_id, answer in answers.items():
        if question_id not in by_id:
            errors[f"answers.{question_id}"] = "No such question."
            continue
        try:
            saved[question_id] = _answer(by_id[question_id], answer)
        except ValueError as error:
            errors[f"answers.{question_id}"] = str(error).split("\n")[0]
    if errors:
        raise ProfileInvalid(errors)
    application.answers = {**(application.answers or {}), questionnaire: saved}
    return application


def set_letter_text(
    session: Session, *, user: UserAccount, application_id: str, text: str, now: dt.datetime
) -> Application:
    application = _editable(session, user=user, application_id=application_id, now=now)
    application.letter_text = text.strip() or None
    application.letter_sha256 = None
    _prune_letters(session, application)
    return application


def upload_letter(
    session: Session,
    *,
    user: UserAccount,
    application_id: str,
    filename: str | None,
    data: bytes,
    now: dt.datetime,
) -> Application:
    """Store a .docx or .pdf cover letter (type decided from the bytes) in place of the current one."""
    try:
        kind = sniff(data)
    except ParseError:
        raise BadLetter() from None
    if kind not in LETTER_KINDS:
        raise BadLetter()
    application = _editable(session, user=user, application_id=application_id, now=now)
    digest = hashlib.sha256(data).hexdigest()
    exists = session.scalars(
        select(ApplicationLetter.id).where(
            ApplicationLetter.application_id == application.id, ApplicationLetter.sha256 == digest
        )
    ).first()
    if exists is None:
        name = (filename or f"cover-letter.{kind}").rsplit("/", 1)[-1][:255]
        session.add(
            ApplicationLetter(
                application_id=application.id,
                sha256=digest,
                filename=name,
                kind=kind,
                size=len(data),
                content=data,
                uploaded_at=now,
            )
        )
    application.letter_text = None
    application.letter_sha256 = digest
    session.flush()
    _prune_letters(session, application)
    return application


def _prune_letters(session: Session, application: Application) -> None:
    """Delete the files neither the draft nor the last submitted snapshot refers to."""
    submitted_letter = ((application.snapshot or {}).get("content") or {}).get("cover_letter") or {}
    keep = [
        sha for sha in (application.letter_sha256, (submitted_letter.get("file") or {}).get("sha256")) if sha
    ]
    query = delete(ApplicationLetter).where(ApplicationLetter.application_id == application.id)
    if keep:
        query = query.where(ApplicationLetter.sha256.not_in(keep))
    session.execute(query)


def set_references(
    session: Session,
    *,
    user: UserAccount,
    application_id: str,
    references: list[ReferenceCreate],
    now: dt.datetime,
) -> Application:
    """Replace the references; every field is required and checked by the profile's validators."""
    application = _editable(session, user=user, application_id=application_id, now=now)
    row = profile.profile_row(session, user, create=False)
    personal = profile.plain(row.personal) if row else {}
    context = {key: personal.get(key) for key in ("address.country", "nationality")}
    checks = {"name": v.text(), "relationship": v.text(), "email": v.email, "phone": v.phone}
    cleaned: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    for index, reference in enumerate(references):
        entry: dict[str, Any] = {}
        for key, check in checks.items():
            raw = getattr(reference, key)
            try:
                if raw is None or (isinstance(raw, str) and not raw.strip()):
                    raise v.Invalid("Required.")
                entry[key] = check(raw, context)
            except v.Invalid as error:
                errors[f"references[{index}].{key}"] = str(error)
        cleaned.append(entry)
    if errors:
        raise ProfileInvalid(errors)
    application.references = cleaned
    return application


def sign(
    session: Session,
    *,
    user: UserAccount,
    application_id: str,
    data: SignatureCreate,
    address: str | None,
    user_agent: str | None,
    now: dt.datetime,
) -> Application:
    """Sign the declaration in force over the application as it stands (every earlier step complete)."""
    # The application first: someone else's is "not found" whatever the request holds.
    application = _editable(session, user=user, application_id=application_id, now=now)
    if data.declaration_version != current_declaration().version:
        raise DeclarationOutdated()
    vacancy = _vacancy(session, application)
    evaluated, _, digest = _evaluate(session, user=user, application=application, vacancy=vacancy)
    missing = {
        s.name: "Complete this step first."
        for s in evaluated
        if s.name in steps.BEFORE_SIGNATURE and s.state != "complete"
    }
    if missing:
        raise StepsIncomplete(missing)
    row = profile.profile_row(session, user, create=False)
    personal = profile.plain(row.personal) if row else {}
    errors: dict[str, str] = {}
    if not name_matches(data.full_name, personal):
        errors["full_name"] = "Type your full name as it is in your profile."
    if data.date_of_birth.strip() != personal.get("date_of_birth"):
        errors["date_of_birth"] = "Type your date of birth as it is in your profile (YYYY-MM-DD)."
    if errors:
        raise SignatureMismatch(errors)
    application.signature = {
        "declaration_version": data.declaration_version,
        "full_name": data.full_name.strip(),
        "date_of_birth": data.date_of_birth.strip(),
        "signed_at": as_utc(now).isoformat(),
        "address": address,
        "user_agent": (user_agent or "")[:500],
        "content_sha256": digest,
    }
    return application


# -- submit, withdraw, delete --------------------------------------------------------------------


def submit(
    session: Session, *, settings: Settings, user: UserAccount, application_id: str, now: dt.datetime
) -> Application:
    """Freeze and submit; a repeated or concurrent submit of the same revision returns the submission."""
    application = _load(session, user=user, application_id=application_id)
    if application.status == "submitted":
        return application
    if application.status == "withdrawn":
        raise ApplicationWithdrawn()
    vacancy = _vacancy(session, application)
    if not is_open(vacancy, now=now):
        raise DeadlinePassed()
    evaluated, document, digest = _evaluate(session, user=user, application=application, vacancy=vacancy)
    missing = {
        s.name: "Complete this step first."
        for s in evaluated
        if s.name not in ("review", "submit") and s.state != "complete"
    }
    if missing:
        raise StepsIncomplete(missing)
    frozen = {
        "content": document,
        "content_sha256": digest,
        "signature": application.signature,
        "submitted_at": as_utc(now).isoformat(),
    }
    checked = application.revision
    won = (
        session.execute(
            update(Application)
            .where(
                Application.id == application.id,
                Application.status == "draft",
                Application.revision == checked,
            )
            .values(
                status="submitted", snapshot=frozen, submitted_at=now, updated_at=now, revision=checked + 1
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )
    session.refresh(application)
    if not won:
        if application.status == "submitted":
            return application
        raise ApplicationChanged()
    _prune_letters(session, application)
    accuracy.record_outcomes(
        session=session, user=user, application_id=application.id, profile=document["profile"], now=now
    )
    text = render(
        "application_received",
        language=user.language,
        username=user.username,
        reference=vacancy.reference,
        title=vacancy.title,
        submitted_at=as_utc(now).isoformat(),
    )
    send_mail(session, to=user.email, subject=text.subject, body=text.body, settings=settings)
    return application


def withdraw(session: Session, *, user: UserAccount, application_id: str, now: dt.datetime) -> Application:
    application = _load(session, user=user, application_id=application_id, lock=True)
    if application.status == "withdrawn":
        return application
    if not is_open(_vacancy(session, application), now=now):
        raise DeadlinePassed()
    application.status = "withdrawn"
    application.withdrawn_at = now
    application.revision += 1
    application.updated_at = now
    return application


def delete_draft(session: Session, *, user: UserAccount, application_id: str) -> None:
    application = _load(session, user=user, application_id=application_id, lock=True)
    if application.status != "draft" or application.snapshot is not None:
        raise NotADraft()
    session.delete(application)


# -- export --------------------------------------------------------------------------------------


def export_applications(session: Session, user: UserAccount) -> tuple[str, list[dict[str, Any]]]:
    """Every application as stored, verdicts and snapshots included (letter files by hash and size)."""
    rows = session.execute(
        select(Application, Vacancy)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Application.user_id == user.id)
        .order_by(Application.created_at)
    )
    exported = []
    for application, vacancy in rows:
        letter = _letter(session, application)
        exported.append(
            {
                "id": application.id,
                "vacancy_reference": vacancy.reference,
                "status": application.status,
                "hr_status": application.hr_status,
                "answers": application.answers,
                "cover_letter": snapshot.letter_json(application, letter),
                "references": application.references,
                "signature": application.signature,
                "submitted": application.snapshot,
                "created_at": as_utc(application.created_at),
                "submitted_at": as_utc(application.submitted_at) if application.submitted_at else None,
                "withdrawn_at": as_utc(application.withdrawn_at) if application.withdrawn_at else None,
            }
        )
    return "applications", exported


if export_applications not in EXPORTERS:
    EXPORTERS.append(export_applications)
