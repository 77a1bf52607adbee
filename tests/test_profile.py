"""The candidate profile and its prefill from a CV import, through the API, on SQLite (and PostgreSQL
where `PREFILL_TEST_POSTGRES_URL` is set). Drafts are real: fixture CVs parsed by the parser."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

pytest.register_assert_rewrite("workflow_harness", "service_harness")  # before their first import

from service_harness import Database  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from workflow_harness import User, Workflow  # noqa: E402

from prefill.db import session_scope  # noqa: E402
from prefill.models.draft import DraftProfile, ExperienceEntry  # noqa: E402
from prefill.models.tables import CvImport  # noqa: E402
from prefill.parser import parse_file  # noqa: E402
from prefill.workflow.profile.models import Profile, ProfileEntry  # noqa: E402
from prefill.workflow.profile.values import NOTICES  # noqa: E402

CVS = Path(__file__).resolve().parent.parent / "fixtures" / "cvs"

pytest_plugins = ["workflow_harness"]  # `workflow`: the API on each database, candidates, HR users


@pytest.fixture(scope="session")
def docx_draft() -> DraftProfile:
    return parse_file(CVS / "gareth-pryce-docx-two-column-table" / "cv.docx")


@pytest.fixture(scope="session")
def pdf_draft() -> DraftProfile:
    return parse_file(CVS / "gareth-pryce-pdf-one-column" / "cv.pdf")


def stored_import(
    database: Database, *, owner: str | None, draft: DraftProfile, status: str = "finished"
) -> str:
    """An import row as the worker leaves it (no queue needed)."""
    import_id = secrets.token_urlsafe(24)
    with session_scope(database.url) as session:
        session.add(
            CvImport(
                id=import_id,
                owner_id=owner,
                job_id=f"import-{secrets.token_hex(8)}",
                filename="cv",
                status=status,
                draft=draft.model_dump(mode="json") if status == "finished" else None,
                parser_version=draft.parser_version,
            )
        )
    return import_id


def prefill(who: User, import_id: str) -> dict:
    response = who.client.post("/v1/me/profile/prefill", json={"import_id": import_id})
    assert response.status_code == 200, response.text
    return response.json()


def personal(who: User) -> dict:
    response = who.client.get("/v1/me/profile/personal")
    assert response.status_code == 200, response.text
    return response.json()


def section(who: User, name: str) -> list[dict]:
    response = who.client.get(f"/v1/me/profile/{name}")
    assert response.status_code == 200, response.text
    return response.json()


def with_phone(draft: DraftProfile, phone: str) -> DraftProfile:
    """The same CV with another phone number (as an updated CV would have)."""
    person = draft.personal.model_copy(
        update={"phone": draft.personal.phone.model_copy(update={"value": phone})}
    )
    return draft.model_copy(update={"personal": person})


# -- prefill rules -------------------------------------------------------------------------------


def test_prefill_proposes_values_with_their_provenance(workflow: Workflow, docx_draft):
    who = workflow.register("gwen")
    import_id = stored_import(workflow.database, owner=who.id, draft=docx_draft)

    report = prefill(who, import_id)

    phone = personal(who)["phone"]
    assert phone["value"] == docx_draft.personal.phone.value
    assert phone["origin"] == "cv" and phone["confirmed"] is False
    assert phone["notice"] == NOTICES["en"]
    assert phone["source"] == {
        "import_id": import_id,
        "kind": "docx",
        "parser_version": docx_draft.parser_version,
        "confidence": docx_draft.personal.phone.confidence,
        "snippet": docx_draft.personal.phone.source.model_dump(),
    }
    city = personal(who)["address"]["city"]
    assert city["value"] == docx_draft.personal.address.value.city and city["origin"] == "cv"
    assert "personal.phone" in report["proposed"] and not report["kept"]
    jobs = section(who, "experience")
    assert [job["employer"]["value"] for job in jobs] == [
        job.employer.value if job.employer else None for job in docx_draft.experience
    ]
    assert len(report["added"]) == sum(
        len(getattr(docx_draft, name)) for name in ("experience", "education", "certifications", "languages")
    )
    levels = {entry["language"]["value"]: entry for entry in section(who, "languages")}
    assert levels["en"]["mother_tongue"]["value"] is True  # "native"
    assert {
        levels["cy"][skill]["value"] for skill in ("reading", "writing", "speaking", "understanding")
    } == {"C1"}


def test_prefill_never_overwrites_a_typed_value(workflow: Workflow, docx_draft):
    who = workflow.register("gwen")
    typed = who.client.put(
        "/v1/me/profile/personal",
        json={"first_name": "Gwenllian", "phone": "+41 22 555 01 23"},
    )
    assert typed.status_code == 200, typed.text

    report = prefill(who, stored_import(workflow.database, owner=who.id, draft=docx_draft))

    now = personal(who)
    assert now["first_name"]["value"] == "Gwenllian" and now["first_name"]["origin"] == "typed"
    assert now["phone"]["value"] == "+41225550123" and now["phone"]["source"] is None
    assert {"personal.first_name", "personal.phone"} <= set(report["kept"])
    assert now["last_name"]["origin"] == "cv"  # an empty value is filled


def test_prefill_never_overwrites_a_confirmed_value(workflow: Workflow, docx_draft):
    who = workflow.register("gwen")
    first = stored_import(workflow.database, owner=who.id, draft=docx_draft)
    prefill(who, first)
    confirmed = who.client.post("/v1/me/profile/confirm", json={"paths": ["personal.phone"]})
    assert confirmed.status_code == 200, confirmed.text

    report = prefill(
        who, stored_import(workflow.database, owner=who.id, draft=with_phone(docx_draft, "+442079460958"))
    )

    phone = personal(who)["phone"]
    assert phone["value"] == docx_draft.personal.phone.value
    assert phone["confirmed"] is True and phone["source"]["import_id"] == first
    assert "personal.phone" in report["kept"]


def test_newer_import_replaces_unconfirmed_cv_values(workflow: Workflow, docx_draft, pdf_draft):
    who = workflow.register("gwen")
    prefill(who, stored_import(workflow.database, owner=who.id, draft=docx_draft))
    newer = stored_import(workflow.database, owner=who.id, draft=with_phone(pdf_draft, "+442079460958"))

    report = prefill(who, newer)

    now = personal(who)
    assert now["phone"]["value"] == "+442079460958"
    assert now["phone"]["source"]["import_id"] == newer and now["phone"]["source"]["kind"] == "pdf"
    assert now["last_name"]["source"]["import_id"] == newer
    assert "personal.phone" in report["proposed"] and not report["kept"]


def test_list_entries_are_matched_not_duplicated(workflow: Workflow, docx_draft):
    who = workflow.register("gwen")
    job = docx_draft.experience[0]
    shouted = job.employer.value.upper().replace(" ", "  ")  # case and spaces differ
    typed = who.client.post(
        "/v1/me/profile/experience",
        json={"employer": shouted, "start": job.start.value, "title": "My own title"},
    )
    assert typed.status_code == 201, typed.text
    entry_id = typed.json()["id"]

    first = prefill(who, stored_import(workflow.database, owner=who.id, draft=docx_draft))
    second = prefill(who, stored_import(workflow.database, owner=who.id, draft=docx_draft))

    jobs = section(who, "experience")
    assert len(jobs) == len(docx_draft.experience)  # the typed job took the CV's, no duplicate
    mine = next(j for j in jobs if j["id"] == entry_id)
    assert mine["title"]["value"] == "My own title" and mine["title"]["origin"] == "typed"
    assert mine["employer"]["value"] == " ".join(shouted.split())
    assert mine["current"]["value"] is job.current is True and mine["current"]["origin"] == "cv"
    assert mine["description"]["value"] == job.description.value  # empty values of a matched entry filled
    assert f"experience.{entry_id}" in first["matched"]
    assert f"experience.{entry_id}.title" in first["kept"]
    assert not second["added"] and len(second["matched"]) == len(first["matched"]) + len(first["added"])
    assert len(section(who, "languages")) == len(docx_draft.languages)


def test_a_new_entry_of_a_later_import_is_added(workflow: Workflow, docx_draft):
    who = workflow.register("gwen")
    prefill(who, stored_import(workflow.database, owner=who.id, draft=docx_draft))
    template = docx_draft.experience[0]
    new_job = ExperienceEntry(
        employer=template.employer.model_copy(update={"value": "Harbourside Data Cooperative"}),
        title=template.title,
        start=template.start.model_copy(update={"value": "2024-02"}),
        current=True,
    )
    updated = docx_draft.model_copy(update={"experience": [new_job, *docx_draft.experience]})

    report = prefill(who, stored_import(workflow.database, owner=who.id, draft=updated))

    jobs = section(who, "experience")
    assert len(jobs) == len(docx_draft.experience) + 1
    added = [j for j in jobs if f"experience.{j['id']}" in report["added"]]
    assert [j["employer"]["value"] for j in added] == ["Harbourside Data Cooperative"]
    assert added[0]["current"]["value"] is True and added[0]["end"]["value"] is None


def test_a_later_cv_closes_a_job_it_proposed_as_current(workflow: Workflow, docx_draft):
    who = workflow.register("gwen")
    prefill(who, stored_import(workflow.database, owner=who.id, draft=docx_draft))
    ongoing = docx_draft.experience[0]
    assert ongoing.current
    closed = ongoing.model_copy(
        update={"current": False, "end": ongoing.start.model_copy(update={"value": "2024-06"})}
    )
    later = docx_draft.model_copy(update={"experience": [closed, *docx_draft.experience[1:]]})

    prefill(who, stored_import(workflow.database, owner=who.id, draft=later))

    job = section(who, "experience")[0]
    assert job["current"]["value"] is False and job["end"]["value"] == "2024-06"
    assert len(section(who, "experience")) == len(docx_draft.experience)


def test_a_cleared_value_is_not_brought_back(workflow: Workflow, docx_draft):
    who = workflow.register("gwen")
    prefill(who, stored_import(workflow.database, owner=who.id, draft=docx_draft))
    cleared = who.client.put("/v1/me/profile/personal", json={"date_of_birth": None})
    assert cleared.status_code == 200, cleared.text

    prefill(who, stored_import(workflow.database, owner=who.id, draft=docx_draft))

    born = personal(who)["date_of_birth"]
    assert born["value"] is None and born["origin"] == "typed"


def test_confirm_flips_the_flag_and_removes_the_notice(workflow: Workflow, docx_draft):
    who = workflow.register("gwen", language="fr")
    prefill(who, stored_import(workflow.database, owner=who.id, draft=docx_draft))
    before = personal(who)
    assert before["email"]["notice"] == NOTICES["fr"]
    job_id = section(who, "experience")[0]["id"]

    response = who.client.post(
        "/v1/me/profile/confirm",
        json={"paths": ["personal.email", "personal.address", f"experience.{job_id}"]},
    )

    assert response.status_code == 200, response.text
    assert "personal.address.city" in response.json()["confirmed"]
    after = personal(who)
    assert after["email"]["confirmed"] is True and after["email"]["notice"] is None
    assert after["email"]["origin"] == "cv"  # still the CV's value, now checked
    assert after["address"]["city"]["notice"] is None
    assert after["phone"]["notice"] == NOTICES["fr"]  # not confirmed
    job = section(who, "experience")[0]
    assert all(value["confirmed"] for key, value in job.items() if key != "id" and value["origin"])
    unknown = who.client.post("/v1/me/profile/confirm", json={"paths": ["personal.other_names"]})
    assert unknown.status_code == 422 and "paths[0]" in unknown.json()["error"]["fields"]


def test_confirm_flag_on_put_confirms_the_values_sent_back(workflow: Workflow, docx_draft):
    who = workflow.register("gwen")
    prefill(who, stored_import(workflow.database, owner=who.id, draft=docx_draft))
    job = section(who, "experience")[0]

    response = who.client.put(
        f"/v1/me/profile/experience/{job['id']}",
        json={"title": job["title"]["value"], "confirm": True},
    )

    assert response.status_code == 200, response.text
    title = response.json()["title"]
    assert title["origin"] == "cv" and title["confirmed"] is True and title["notice"] is None


# -- validation ----------------------------------------------------------------------------------


def test_personal_values_get_per_field_errors(workflow: Workflow):
    who = workflow.register("gwen")
    response = who.client.put(
        "/v1/me/profile/personal",
        json={
            "nationality": "Atlantis",
            "phone": "12",
            "email": "not an address",
            "date_of_birth": "2031-02-30",
            "address": {"street": "12 Quay Street, tel. +41 22 555 01 23", "city": "Geneva", "country": "XX"},
            "role": "hr",
        },
    )

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert set(error["fields"]) == {
        "personal.nationality",
        "personal.phone",
        "personal.email",
        "personal.date_of_birth",
        "personal.address.street",
        "personal.address.country",
        "personal.role",
    }
    assert "phone number" in error["fields"]["personal.address.street"]
    assert "555" not in str(error)  # the value is never echoed
    assert personal(who)["address"]["city"]["value"] is None  # nothing stored


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"employer": "Lakeside Trust", "start": "2020-05", "end": "2019"}, "experience[1].end"),
        (
            {"employer": "Lakeside Trust", "start": "2020", "end": "2021", "current": True},
            "experience[1].end",
        ),
        ({"employer": "Lakeside Trust", "start": "May 2020"}, "experience[1].start"),
        ({"employer": "Lakeside Trust", "location": "https://example.org"}, "experience[1].location"),
    ],
)
def test_entries_get_per_field_errors(workflow: Workflow, body, path):
    who = workflow.register("gwen")
    created = who.client.post("/v1/me/profile/experience", json={"employer": "Quayside"})
    assert created.status_code == 201, created.text

    response = who.client.post("/v1/me/profile/experience", json=body)

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [path]
    assert len(section(who, "experience")) == 1


def test_language_and_alert_values_are_validated(workflow: Workflow):
    who = workflow.register("gwen")
    language = who.client.post("/v1/me/profile/languages", json={"language": "Klingonese", "reading": "D1"})
    alerts = who.client.put(
        "/v1/me/profile/alerts",
        json={"kinds": ["staff", "cruise"], "grades": ["P3", "Z-9"]},
    )

    assert set(language.json()["error"]["fields"]) == {"languages[0].language", "languages[0].reading"}
    assert set(alerts.json()["error"]["fields"]) == {"alerts.kinds[1]", "alerts.grades[1]"}


# -- access --------------------------------------------------------------------------------------


def test_another_users_import_is_not_found(workflow: Workflow, docx_draft):
    owner, other = workflow.register("owen"), workflow.register("olwen")
    theirs = stored_import(workflow.database, owner=owner.id, draft=docx_draft)
    anonymous = stored_import(workflow.database, owner=None, draft=docx_draft)
    waiting = stored_import(workflow.database, owner=other.id, draft=docx_draft, status="queued")

    for import_id in (theirs, anonymous, "no-such-import"):
        response = other.client.post("/v1/me/profile/prefill", json={"import_id": import_id})
        assert response.status_code == 404, response.text
    unfinished = other.client.post("/v1/me/profile/prefill", json={"import_id": waiting})
    assert unfinished.status_code == 409 and unfinished.json()["error"]["code"] == "import_not_finished"
    assert personal(other)["last_name"]["value"] is None


def test_another_users_entry_is_not_found(workflow: Workflow):
    owner, other = workflow.register("owen"), workflow.register("olwen")
    entry = owner.client.post("/v1/me/profile/education", json={"institution": "Northbank College"})

    url = f"/v1/me/profile/education/{entry.json()['id']}"
    assert other.client.put(url, json={"degree": "BA"}).status_code == 404
    assert other.client.delete(url).status_code == 404
    wrong_section = f"/v1/me/profile/experience/{entry.json()['id']}"
    assert owner.client.put(wrong_section, json={}).status_code == 404
    assert section(other, "education") == []


def test_anonymous_and_hr_have_no_profile(workflow: Workflow):
    assert workflow.client().get("/v1/me/profile").status_code == 401
    hr = workflow.hr_user("hilda")
    assert hr.client.get("/v1/me/profile").status_code == 403
    assert hr.client.put("/v1/me/profile/personal", json={"first_name": "Hilda"}).status_code == 403


# -- sections ------------------------------------------------------------------------------------


def test_sections_are_editable(workflow: Workflow):
    who = workflow.register("gwen")
    put = who.client.put(
        "/v1/me/profile/personal",
        json={
            "first_name": " Aoife ",
            "other_names": "Máire",
            "nationality": "irlandaise",
            "phone": "022 555 01 23",
            "email": "Aoife@Example.org",
            "address": {
                "street": "4 Chemin des Vignes",
                "postal_code": "1201",
                "city": "Genève",
                "country": "CH",
            },
        },
    )
    assert put.status_code == 200, put.text
    mine = put.json()
    assert mine["first_name"] == {
        "value": "Aoife",
        "origin": "typed",
        "confirmed": True,
        "notice": None,
        "source": None,
    }
    assert mine["nationality"]["value"] == "IE"
    assert mine["phone"]["value"] == "+41225550123"  # read with the address country
    assert mine["email"]["value"] == "aoife@example.org"

    created = who.client.post(
        "/v1/me/profile/certifications",
        json={"name": "Project Management Professional", "date": "2019-06"},
    )
    assert created.status_code == 201, created.text
    url = f"/v1/me/profile/certifications/{created.json()['id']}"
    edited = who.client.put(url, json={"issuer": "PMI", "date": None})
    assert edited.status_code == 200, edited.text
    assert edited.json()["issuer"]["value"] == "PMI" and edited.json()["date"]["value"] is None
    assert edited.json()["name"]["value"] == "Project Management Professional"  # left out: unchanged

    alerts = who.client.put(
        "/v1/me/profile/alerts",
        json={"kinds": ["staff"], "grades": ["p3", "NO-B"], "countries": ["Kenya"], "frequency": "weekly"},
    )
    assert alerts.status_code == 200, alerts.text
    assert alerts.json()["grades"] == ["P-3", "NO-B"] and alerts.json()["countries"] == ["KE"]

    whole = who.client.get("/v1/me/profile").json()
    assert whole["personal"]["address"]["city"]["value"] == "Genève"
    assert [c["issuer"]["value"] for c in whole["certifications"]] == ["PMI"]
    assert whole["alerts"]["frequency"] == "weekly"
    assert who.client.delete(url).status_code == 204
    assert section(who, "certifications") == []
    assert who.client.get("/v1/me/profile/hobbies").status_code == 404


def test_export_has_the_profile_and_deactivation_deletes_it(workflow: Workflow, docx_draft):
    who = workflow.register("gwen")
    import_id = stored_import(workflow.database, owner=who.id, draft=docx_draft)
    prefill(who, import_id)

    retyped = who.client.put("/v1/me/profile/personal", json={"phone": "+442079460958"})
    assert retyped.status_code == 200, retyped.text

    exported = who.client.get("/v1/me/export")
    assert exported.status_code == 200, exported.text
    profile = exported.json()["profile"]
    assert profile["personal"]["email"]["source"]["import_id"] == import_id
    phone = profile["personal"]["phone"]
    assert phone["value"] == "+442079460958" and phone["origin"] == "typed"
    assert phone["proposal"]["value"] == docx_draft.personal.phone.value  # kept to measure prefill accuracy
    assert phone["proposal"]["kind"] == "docx"
    assert len(profile["experience"]) == len(docx_draft.experience)

    assert who.client.delete("/v1/me").status_code == 204
    with session_scope(workflow.database.url) as session:
        assert session.get(Profile, who.id) is None
        count = select(func.count()).select_from(ProfileEntry).where(ProfileEntry.user_id == who.id)
        assert session.scalar(count) == 0
