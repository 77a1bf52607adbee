"""Applications over HTTP on each database: steps and their states, questionnaire verdicts, references,
signature, deadlines (service with an explicit clock), concurrent submits, modify / withdraw / re-sign /
snapshot rules, deactivation and export; and, end to end, a candidate from registration to an
acknowledged submission for each vacancy kind with a real SMTP server."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

pytest.register_assert_rewrite("workflow_harness", "service_harness")  # before their first import

from aiosmtpd.controller import Controller  # noqa: E402
from docx_builder import new_document, to_bytes  # noqa: E402
from service_harness import wait_for  # noqa: E402
from sqlalchemy import select  # noqa: E402
from workflow_harness import User, Workflow  # noqa: E402

from prefill.db import session_scope  # noqa: E402
from prefill.workflow.accounts.models import UserAccount  # noqa: E402
from prefill.workflow.applications import service  # noqa: E402
from prefill.workflow.applications.declaration import current_declaration  # noqa: E402
from prefill.workflow.applications.models import Application, ApplicationLetter  # noqa: E402
from prefill.workflow.mail.sender import wait_for_deliveries  # noqa: E402
from prefill.workflow.vacancies.models import Vacancy  # noqa: E402
from prefill.workflow.vacancies.schemas import VacancyCreate  # noqa: E402
from prefill.workflow.vacancies.service import create_vacancy  # noqa: E402
from prefill.workflow.vacancies.zones import local_instant, zone_named  # noqa: E402

pytest_plugins = ["workflow_harness"]

DAY = dt.timedelta(days=1)
SECOND = dt.timedelta(seconds=1)
PARALLEL_SUBMITS = 8
"""Concurrent submit requests of one application."""

JOB_QUESTIONS = [
    {
        "id": "degree",
        "type": "yes_no",
        "text": {"en": "Do you hold a Master's degree?", "fr": "Avez-vous un master ?"},
        "options": [{"id": "yes"}, {"id": "no", "outcome": "disqualify"}],
    },
    {
        "id": "years",
        "type": "number",
        "text": {"en": "Years of experience?"},
        "ranges": [{"max": 5, "outcome": "review", "explanation_required": True}, {"min": 5}],
    },
]
GENERAL_ANSWERS = {
    "worked_for_us": {"value": False},
    "relatives": {"value": False},
    "misconduct": {"value": False},
}
JOB_ANSWERS = {"degree": {"value": True}, "years": {"value": 7}}
PERSONAL = {
    "first_name": "Zoé",
    "last_name": "Lefèvre-Dubois",
    "date_of_birth": "1990-04-12",
    "nationality": "FR",
    "email": "zoe@example.org",
    "phone": "+33 1 42 68 53 00",
    "address": {"city": "Lyon", "country": "FR"},
}
REFERENCES = [
    {
        "name": "Ana Ruiz",
        "relationship": "Former manager",
        "email": "ana@example.org",
        "phone": "+41 22 730 11 11",
    },
    {
        "name": "Ben Okafor",
        "relationship": "Professor",
        "email": "ben@example.org",
        "phone": "+33 1 42 68 53 01",
    },
]


def add_vacancy(
    workflow: Workflow,
    reference: str,
    *,
    kind: str = "staff",
    closes_at: dt.datetime | None = None,
    time_zone: str = "Europe/Zurich",
    questionnaire: list | None = None,
) -> None:
    now = dt.datetime.now(dt.UTC)
    contract = {"staff": "fixed_term", "internship": "internship", "contractor": "individual_contract"}[kind]
    fields = {
        "reference": reference,
        "kind": kind,
        "grade": "P-3" if kind == "staff" else None,
        "title": f"Officer {reference}",
        "language": "en",
        "city": "Geneva",
        "country": "CH",
        "time_zone": time_zone,
        "contract_type": contract,
        "duration_months": 6,
        "published_at": now - 10 * DAY,
        "closes_at": closes_at or now + 5 * DAY,
        "languages": [{"language": "en", "level": "C1", "requirement": "required"}],
        "description": "The officer runs the programme.",
        "questionnaire": JOB_QUESTIONS if questionnaire is None else questionnaire,
    }
    with session_scope(workflow.settings.database_url) as session:
        create_vacancy(session, data=VacancyCreate.model_validate(fields))


def fill_profile(user: User) -> None:
    assert user.client.put("/v1/me/profile/personal", json=PERSONAL).status_code == 200
    for section, body in (
        ("education", {"institution": "Université de Lyon", "degree": "Master"}),
        ("experience", {"employer": "Acme", "title": "Analyst", "start": "2015-01"}),
        ("languages", {"language": "fr", "mother_tongue": True}),
    ):
        response = user.client.post(f"/v1/me/profile/{section}", json=body)
        assert response.status_code == 201, response.text


def start(user: User, reference: str) -> dict:
    response = user.client.post("/v1/applications", json={"vacancy_reference": reference})
    assert response.status_code == 201, response.text
    return response.json()


def fill_steps(user: User, application_id: str, *, references: list | None = None) -> dict:
    base = f"/v1/applications/{application_id}"
    for path, body in (
        ("general-questionnaire", {"answers": GENERAL_ANSWERS}),
        ("job-questionnaire", {"answers": JOB_ANSWERS}),
        ("cover-letter", {"text": "I would like to join the team."}),
        ("references", {"references": REFERENCES if references is None else references}),
    ):
        response = user.client.put(f"{base}/{path}", json=body)
        assert response.status_code == 200, response.text
    return response.json()


def sign(user: User, application_id: str, **changes) -> object:
    body = {
        "declaration_version": current_declaration().version,
        "full_name": "zoe LEFEVRE dubois",
        "date_of_birth": "1990-04-12",
    } | changes
    return user.client.post(f"/v1/applications/{application_id}/signature", json=body)


def ready(workflow: Workflow, name: str, reference: str, **vacancy) -> tuple[User, str]:
    """A candidate with a complete profile and a signed application for a new vacancy."""
    add_vacancy(workflow, reference, **vacancy)
    user = workflow.register(name)
    fill_profile(user)
    application_id = start(user, reference)["id"]
    fill_steps(user, application_id)
    assert sign(user, application_id).status_code == 200
    return user, application_id


def states(application: dict) -> dict[str, str]:
    return {step["name"]: step["state"] for step in application["steps"]}


# -- steps and their states ----------------------------------------------------------------------


def test_steps_are_ordered_and_their_states_follow_the_data(workflow: Workflow):
    add_vacancy(workflow, "VA/1")
    ada = workflow.register("ada")
    application = start(ada, "VA/1")
    assert list(states(application)) == [
        "personal",
        "education",
        "experience",
        "languages",
        "certifications",
        "general_questionnaire",
        "job_questionnaire",
        "cover_letter",
        "references",
        "signature",
        "review",
        "submit",
    ]
    assert states(application)["personal"] == "needs_attention"
    assert application["steps"][0]["messages"]["personal.first_name"] == "Required."
    assert application["resume_at"] == "personal"
    fill_profile(ada)
    application = ada.client.get(f"/v1/applications/{application['id']}").json()
    assert states(application)["personal"] == "complete"
    assert states(application)["certifications"] == "complete"
    assert states(application)["general_questionnaire"] == "current"
    assert states(application)["job_questionnaire"] == "to_do"
    assert application["resume_at"] == "general_questionnaire"
    # resumable at any step: a later step can be filled first
    ada.client.put(f"/v1/applications/{application['id']}/cover-letter", json={"text": "Hello."})
    application = ada.client.get(f"/v1/applications/{application['id']}").json()
    assert states(application)["cover_letter"] == "complete"
    assert states(application)["general_questionnaire"] == "current"


def test_starting_twice_returns_the_same_application_and_others_cannot_see_it(workflow: Workflow):
    add_vacancy(workflow, "VA/2")
    ada, bob = workflow.register("ada"), workflow.register("bob")
    first = start(ada, "VA/2")
    again = ada.client.post("/v1/applications", json={"vacancy_reference": "va/2"})
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert bob.client.get(f"/v1/applications/{first['id']}").status_code == 404
    assert bob.client.get("/v1/applications").json() == []
    assert [a["status"] for a in ada.client.get("/v1/applications").json()] == ["draft"]


def test_questionnaire_answers_get_verdicts_and_explanations_are_required(workflow: Workflow):
    add_vacancy(workflow, "VA/3")
    ada = workflow.register("ada")
    application_id = start(ada, "VA/3")["id"]
    url = f"/v1/applications/{application_id}/job-questionnaire"
    bad = ada.client.put(url, json={"answers": {"degree": {"value": "maybe"}, "nope": {"value": 1}}})
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"answers.degree", "answers.nope"}
    response = ada.client.put(url, json={"answers": {"degree": {"value": False}, "years": {"value": 3}}})
    step = next(s for s in response.json()["steps"] if s["name"] == "job_questionnaire")
    assert step["state"] == "needs_attention" and step["messages"] == {
        "years": "Explain this answer in a few words."
    }
    ada.client.put(
        url, json={"answers": {"degree": {"value": False}, "years": {"value": 3, "explanation": "Six"}}}
    )
    with session_scope(workflow.settings.database_url) as session:
        stored = session.scalars(select(Application)).one().answers["job"]
    assert stored["degree"]["outcome"] == "disqualify"
    assert stored["years"]["outcome"] == "review"


def test_an_internship_needs_two_valid_references(workflow: Workflow):
    add_vacancy(workflow, "VA/4", kind="internship")
    ada = workflow.register("ada")
    application_id = start(ada, "VA/4")["id"]
    url = f"/v1/applications/{application_id}/references"
    bad = ada.client.put(
        url, json={"references": [{"name": "Ana", "relationship": "Tutor", "email": "x@", "phone": "12"}]}
    )
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"references[0].email", "references[0].phone"}
    one = ada.client.put(url, json={"references": REFERENCES[:1]}).json()
    assert states(one)["references"] == "needs_attention"
    two = ada.client.put(url, json={"references": REFERENCES}).json()
    assert states(two)["references"] == "complete"
    assert two["references"][0]["phone"] == "+41227301111"


def test_a_cover_letter_file_is_checked_by_content_and_kept_in_the_database(workflow: Workflow):
    add_vacancy(workflow, "VA/5")
    ada = workflow.register("ada")
    application_id = start(ada, "VA/5")["id"]
    url = f"/v1/applications/{application_id}/cover-letter/file"
    fake = ada.client.post(url, files={"file": ("letter.pdf", b"just text", "application/pdf")})
    assert fake.status_code == 422 and fake.json()["error"]["code"] == "unsupported_format"
    document = new_document()
    document.add_paragraph("Dear committee, I apply.")
    response = ada.client.post(
        url, files={"file": ("letter.docx", to_bytes(document), "application/octet-stream")}
    )
    assert response.status_code == 200, response.text
    assert response.json()["cover_letter"]["file"]["kind"] == "docx"
    assert len(workflow.rows(ApplicationLetter)) == 1
    ada.client.put(f"/v1/applications/{application_id}/cover-letter", json={"text": "Typed instead."})
    assert workflow.rows(ApplicationLetter) == []  # replaced, and never submitted


# -- signature -----------------------------------------------------------------------------------


def test_the_signature_must_match_the_profile_and_records_its_context(workflow: Workflow):
    add_vacancy(workflow, "VA/6")
    ada = workflow.register("ada")
    fill_profile(ada)
    application_id = start(ada, "VA/6")["id"]
    early = sign(ada, application_id)
    assert early.status_code == 409 and early.json()["error"]["code"] == "steps_incomplete"
    fill_steps(ada, application_id)
    wrong = sign(ada, application_id, full_name="Zoe Martin", date_of_birth="1990-04-13")
    assert wrong.status_code == 422
    assert set(wrong.json()["error"]["fields"]) == {"full_name", "date_of_birth"}
    signed = sign(ada, application_id, full_name="DUBOIS Lefevre Zoé")
    assert signed.status_code == 200, signed.text
    signature = signed.json()["signature"]
    assert signature["address"] == "127.0.0.1" and signature["user_agent"].startswith("python-httpx")
    assert signature["content_sha256"] == signed.json()["content_sha256"]
    assert states(signed.json())["signature"] == "complete" and states(signed.json())["review"] == "complete"


def test_a_change_after_signing_asks_for_a_new_signature(workflow: Workflow):
    ada, application_id = ready(workflow, "ada", "VA/7")
    ada.client.put("/v1/me/profile/personal", json={"phone": "+33 1 42 68 53 09"})
    application = ada.client.get(f"/v1/applications/{application_id}").json()
    assert states(application)["signature"] == "needs_attention"
    refused = ada.client.post(f"/v1/applications/{application_id}/submit")
    assert refused.status_code == 409 and "signature" in refused.json()["error"]["fields"]
    assert sign(ada, application_id).status_code == 200
    assert ada.client.post(f"/v1/applications/{application_id}/submit").status_code == 200


# -- submit, snapshot, modify, withdraw, delete -------------------------------------------------


def test_submit_freezes_a_snapshot_and_mails_an_acknowledgement_in_the_candidates_language(
    workflow: Workflow,
):
    add_vacancy(workflow, "VA/8")
    ada = workflow.register("ada", language="fr")
    fill_profile(ada)
    application_id = start(ada, "VA/8")["id"]
    fill_steps(ada, application_id)
    sign(ada, application_id)
    submitted = ada.client.post(f"/v1/applications/{application_id}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    again = ada.client.post(f"/v1/applications/{application_id}/submit")
    assert again.status_code == 200
    mails = workflow.outbox(to=ada.email)
    assert len(mails) == 1 and mails[0].subject == "Candidature reçue : VA/8"
    ada.client.put("/v1/me/profile/personal", json={"first_name": "Zoë"})
    snapshot = ada.client.get(f"/v1/applications/{application_id}").json()["submitted"]
    assert snapshot["content"]["profile"]["personal"]["first_name"] == "Zoé"
    assert snapshot["signature"]["content_sha256"] == snapshot["content_sha256"]


def test_modifying_a_submitted_application_keeps_the_snapshot_until_it_is_signed_and_submitted_again(
    workflow: Workflow,
):
    ada, application_id = ready(workflow, "ada", "VA/9")
    base = f"/v1/applications/{application_id}"
    ada.client.post(f"{base}/submit")
    amended = ada.client.put(f"{base}/cover-letter", json={"text": "A better letter."}).json()
    assert amended["status"] == "amended"
    assert states(amended)["signature"] == "needs_attention"
    assert amended["submitted"]["content"]["cover_letter"] == {"text": "I would like to join the team."}
    assert ada.client.post(f"{base}/submit").status_code == 409
    sign(ada, application_id)
    resubmitted = ada.client.post(f"{base}/submit").json()
    assert resubmitted["status"] == "submitted"
    assert resubmitted["submitted"]["content"]["cover_letter"] == {"text": "A better letter."}
    assert len(workflow.outbox(to=ada.email)) == 2  # one acknowledgement per submission


def test_withdraw_is_idempotent_and_final_and_only_drafts_can_be_deleted(workflow: Workflow):
    ada, application_id = ready(workflow, "ada", "VA/10")
    base = f"/v1/applications/{application_id}"
    ada.client.post(f"{base}/submit")
    assert ada.client.delete(base).status_code == 409
    assert ada.client.post(f"{base}/withdraw").json()["status"] == "withdrawn"
    assert ada.client.post(f"{base}/withdraw").status_code == 200
    edit = ada.client.put(f"{base}/cover-letter", json={"text": "Back?"})
    assert edit.status_code == 409 and edit.json()["error"]["code"] == "application_withdrawn"
    add_vacancy(workflow, "VA/11")
    draft = start(ada, "VA/11")["id"]
    assert ada.client.delete(f"/v1/applications/{draft}").status_code == 204
    assert ada.client.get(f"/v1/applications/{draft}").status_code == 404


def test_concurrent_submits_make_one_submission_and_one_mail(workflow: Workflow):
    ada, application_id = ready(workflow, "ada", "VA/12")
    barrier = threading.Barrier(PARALLEL_SUBMITS)
    codes: list[int] = []

    def submit() -> None:
        client = workflow.client()
        barrier.wait()
        codes.append(client.post(f"/v1/applications/{application_id}/submit", headers=ada.bearer).status_code)

    threads = [threading.Thread(target=submit) for _ in range(PARALLEL_SUBMITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * PARALLEL_SUBMITS
    assert len(workflow.outbox(to=ada.email)) == 1
    (row,) = workflow.rows(Application)
    assert (
        row.status == "submitted" and row.revision == 7
    )  # 1 at start; 4 steps, the signature and one submit


# -- deadlines (the service with an explicit clock) ---------------------------------------------


def _submit_at(workflow: Workflow, application_id: str, user: User, now: dt.datetime) -> str:
    with session_scope(workflow.settings.database_url) as session:
        account = session.get_one(UserAccount, user.id)
        try:
            service.submit(
                session, settings=workflow.settings, user=account, application_id=application_id, now=now
            )
        except service.DeadlinePassed as error:
            return error.code
        return "submitted"


@pytest.mark.parametrize(
    ("zone", "local_deadline", "utc_deadline"),
    [
        # the duty station's clocks jump from +01:00 to +02:00 early that day, and back late in October
        ("Europe/Zurich", dt.datetime(2030, 3, 31, 23, 59), dt.datetime(2030, 3, 31, 21, 59, tzinfo=dt.UTC)),
        (
            "Europe/Zurich",
            dt.datetime(2030, 10, 27, 23, 59),
            dt.datetime(2030, 10, 27, 22, 59, tzinfo=dt.UTC),
        ),
        # UTC+14: the deadline falls a day earlier in UTC than on the duty station's calendar
        (
            "Pacific/Kiritimati",
            dt.datetime(2030, 6, 1, 23, 59),
            dt.datetime(2030, 6, 1, 9, 59, tzinfo=dt.UTC),
        ),
    ],
)
def test_the_deadline_is_the_utc_closing_instant_whatever_the_zones(
    workflow: Workflow, zone: str, local_deadline: dt.datetime, utc_deadline: dt.datetime
):
    closes_at = local_instant(local_deadline, zone_named(zone))
    assert closes_at == utc_deadline
    ada, application_id = ready(workflow, "ada", "VA/13", time_zone=zone, closes_at=closes_at)
    bob, other_id = ready(workflow, "bob", "VA/14", time_zone=zone, closes_at=closes_at)
    # a candidate at UTC-11, whose own clock reads hours (or a day) earlier, is still past the deadline
    far_away = closes_at.astimezone(zone_named("Pacific/Pago_Pago"))
    assert far_away.replace(tzinfo=None) < local_deadline
    assert _submit_at(workflow, other_id, bob, far_away) == "deadline_passed"
    assert _submit_at(workflow, application_id, ada, closes_at - SECOND) == "submitted"


def test_a_closed_vacancy_refuses_starts_and_edits_and_a_draft_shows_closed(workflow: Workflow):
    ada, application_id = ready(workflow, "ada", "VA/15")
    with session_scope(workflow.settings.database_url) as session:
        vacancy = session.scalars(select(Vacancy).where(Vacancy.reference == "VA/15")).one()
        vacancy.closes_at = dt.datetime.now(dt.UTC) - SECOND
    response = ada.client.post(f"/v1/applications/{application_id}/submit")
    assert response.status_code == 409 and response.json()["error"]["code"] == "deadline_passed"
    assert ada.client.post(f"/v1/applications/{application_id}/withdraw").status_code == 409
    assert ada.client.get("/v1/applications").json()[0]["status"] == "closed"
    add_vacancy(workflow, "VA/16", closes_at=dt.datetime.now(dt.UTC) + 10 * DAY)
    with session_scope(workflow.settings.database_url) as session:
        session.scalars(select(Vacancy).where(Vacancy.reference == "VA/16")).one().closes_at = (
            dt.datetime.now(dt.UTC) - DAY
        )
    refused = ada.client.post("/v1/applications", json={"vacancy_reference": "VA/16"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "deadline_passed"


# -- privacy -------------------------------------------------------------------------------------


def test_export_includes_applications_and_deactivation_deletes_them(workflow: Workflow):
    ada, application_id = ready(workflow, "ada", "VA/17")
    ada.client.post(f"/v1/applications/{application_id}/submit")
    exported = ada.client.get("/v1/me/export").json()["applications"]
    assert [a["id"] for a in exported] == [application_id]
    assert exported[0]["answers"]["job"]["degree"]["outcome"] == "pass"
    assert ada.client.delete("/v1/me").status_code == 204
    assert workflow.rows(Application) == []


# -- end to end: registration to an acknowledged submission, real HTTP and SMTP -----------------


@contextmanager
def smtp_inbox() -> Iterator[tuple[list, int]]:
    received: list = []

    class Handler:
        async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
            received.append(envelope)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield received, port
    finally:
        controller.stop()


@pytest.mark.parametrize("kind", ["staff", "internship", "contractor"])
def test_a_candidate_registers_applies_and_receives_the_acknowledgement_by_smtp(
    workflow: Workflow, kind: str
):
    with smtp_inbox() as (received, port):
        workflow.settings.smtp_url = f"smtp://127.0.0.1:{port}"
        add_vacancy(workflow, f"VA/E2E/{kind.upper()}", kind=kind)
        zoe = workflow.register("zoe", email="zoe@example.org")
        fill_profile(zoe)
        application_id = start(zoe, f"VA/E2E/{kind.upper()}")["id"]
        fill_steps(zoe, application_id)
        assert sign(zoe, application_id).status_code == 200
        review = zoe.client.get(f"/v1/applications/{application_id}/review").json()
        assert all(section["state"] == "complete" for section in review["sections"])
        assert zoe.client.post(f"/v1/applications/{application_id}/submit").status_code == 200
        wait_for_deliveries()
        mail = wait_for(lambda: received, timeout=10, what="the acknowledgement")
        assert mail[0].rcpt_tos == ["zoe@example.org"]
        assert f"VA/E2E/{kind.upper()}" in mail[0].content.decode()
