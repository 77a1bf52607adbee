"""Registration: the privacy agreement comes first (refusing stores nothing), unique user names and
addresses, password rules without composition rules, and no way to choose a role."""

from __future__ import annotations

import logging

import pytest
from workflow_harness import PASSWORD, Workflow

from prefill.workflow.accounts.models import AuthSession, UserAccount
from prefill.workflow.consent.agreement import AGREEMENTS, PrivacyAgreement, current_agreement
from prefill.workflow.consent.models import PrivacyConsent
from prefill.workflow.mail.models import OutboxMessage

pytest_plugins = ["workflow_harness"]

VERSION = current_agreement().version


def _body(**changes) -> dict:
    body = {
        "username": "ada.lovelace",
        "email": "ada@example.org",
        "password": PASSWORD,
        "language": "en",
        "accept_privacy": True,
        "privacy_version": VERSION,
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def _assert_nothing_stored(workflow: Workflow) -> None:
    for model in (UserAccount, AuthSession, PrivacyConsent, OutboxMessage):
        assert workflow.rows(model) == [], model.__tablename__


def test_privacy_agreement_is_shown_in_english_and_french(workflow: Workflow):
    english = workflow.client().get("/v1/privacy").json()
    french = workflow.client().get("/v1/privacy", params={"language": "fr"}).json()
    assert english["version"] == french["version"] == VERSION
    assert english["languages"] == ["en", "fr"]
    assert "privacy agreement" in english["text"].lower()
    assert "confidentialité" in french["text"].lower()


def test_registration_creates_a_logged_in_candidate_with_their_consent(workflow: Workflow):
    client = workflow.client()
    response = client.post("/v1/accounts", json=_body(username="Ada.Lovelace", email="Ada@Example.org"))
    assert response.status_code == 201, response.text
    body = response.json()
    account = body["account"]
    assert account["username"] == "ada.lovelace" and account["email"] == "ada@example.org"
    assert account["role"] == "candidate"
    assert account["privacy_accepted_version"] == VERSION and not account["privacy_acceptance_required"]
    assert "password" not in response.text and "hash" not in response.text
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(f"prefill_session={body['session']['token']}".lower())
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/v1/me").json()["id"] == account["id"]  # the cookie works
    bearer = {"Authorization": f"Bearer {body['session']['token']}"}
    assert workflow.client().get("/v1/me", headers=bearer).json()["id"] == account["id"]
    [consent] = workflow.rows(PrivacyConsent)
    assert consent.user_id == account["id"] and consent.version == VERSION and consent.accepted_at


@pytest.mark.parametrize(
    "changes",
    [
        {"accept_privacy": False},
        {"accept_privacy": None},
        {"privacy_version": None},
        {"privacy_version": "1999-01"},
    ],
    ids=["refused", "not-answered", "no-version", "old-version"],
)
def test_registration_without_accepting_the_agreement_in_force_stores_nothing(
    workflow: Workflow, changes: dict, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    response = workflow.client().post("/v1/accounts", json=_body(**changes))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "privacy_not_accepted"
    assert "set-cookie" not in response.headers
    _assert_nothing_stored(workflow)
    assert "ada@example.org" not in caplog.text and "ada.lovelace" not in caplog.text


def test_user_names_are_unique_whatever_their_case(workflow: Workflow):
    workflow.register("ada.lovelace")
    response = workflow.client().post(
        "/v1/accounts", json=_body(username="ADA.Lovelace", email="b@example.org")
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "username_taken"


def test_a_taken_address_gets_a_neutral_409_and_its_owner_a_mail(workflow: Workflow):
    workflow.register("ada", email="ada@example.org", language="fr")
    response = workflow.client().post("/v1/accounts", json=_body(username="mallory", email="ADA@example.org"))
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "email_unavailable"
    assert "exist" not in error["message"] and "already" not in error["message"]
    assert [u.username for u in workflow.rows(UserAccount)] == ["ada"]
    [mail] = workflow.outbox(to="ada@example.org")
    assert mail.subject == "Tentative d'inscription avec votre adresse"  # in the owner's language


@pytest.mark.parametrize(
    "password",
    [
        "short pass",  # 10 characters
        "x" * 1025,
        "Password1234",  # common, whatever the case
        "qwertyuiop123",
        "ada.lovelace",  # the user name (12 characters)
        "ADA.LOVELACE",
    ],
    ids=["too-short", "too-long", "common", "common-2", "user-name", "user-name-upper-case"],
)
def test_weak_passwords_are_refused_without_being_echoed(workflow: Workflow, password: str):
    response = workflow.client().post("/v1/accounts", json=_body(password=password))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "weak_password"
    assert password not in response.text
    _assert_nothing_stored(workflow)


def test_the_email_address_is_not_a_password(workflow: Workflow):
    response = workflow.client().post(
        "/v1/accounts", json=_body(email="ada@example.org", password="Ada@Example.org")
    )
    assert response.json()["error"]["code"] == "weak_password"


@pytest.mark.parametrize(
    "password",
    [
        "twelve chars",
        "no digits no capitals no symbols just a long passphrase",
        "p" * 1024,
        "ça marche très bien ✓",
    ],
    ids=["twelve", "passphrase", "longest", "unicode"],
)
def test_long_passphrases_need_no_composition_rules(workflow: Workflow, password: str):
    user = workflow.register("ada", password=password)
    assert workflow.log_in("ada", password).id == user.id


@pytest.mark.parametrize(
    "changes",
    [
        {"username": "ab"},
        {"username": "a" * 65},
        {"username": "ada lovelace"},
        {"username": "adà"},
        {"email": "not-an-address"},
        {"email": "ada@localhost"},
        {"language": "de"},
    ],
    ids=["short-name", "long-name", "space", "accent", "no-at", "no-domain", "language"],
)
def test_malformed_fields_are_refused(workflow: Workflow, changes: dict):
    response = workflow.client().post("/v1/accounts", json=_body(**changes))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    _assert_nothing_stored(workflow)


def test_role_cannot_be_chosen_through_the_api(workflow: Workflow):
    response = workflow.client().post("/v1/accounts", json={**_body(), "role": "hr"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    _assert_nothing_stored(workflow)


def test_a_new_agreement_version_asks_for_acceptance_again(workflow: Workflow, monkeypatch):
    ada = workflow.register("ada")
    monkeypatch.setitem(
        AGREEMENTS,
        "2099-01",
        PrivacyAgreement("2099-01", current_agreement().published_at, {"en": "New text.", "fr": "Texte."}),
    )
    me = ada.client.get("/v1/me").json()
    assert me["privacy_accepted_version"] == VERSION
    assert me["privacy_current_version"] == "2099-01" and me["privacy_acceptance_required"]

    stale = ada.client.post("/v1/me/privacy", json={"version": VERSION})
    assert stale.status_code == 422 and stale.json()["error"]["code"] == "privacy_not_accepted"
    accepted = ada.client.post("/v1/me/privacy", json={"version": "2099-01"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["privacy_accepted_version"] == "2099-01"
    assert not ada.client.get("/v1/me").json()["privacy_acceptance_required"]
    consents = sorted(workflow.rows(PrivacyConsent), key=lambda c: c.id)
    assert [c.version for c in consents] == [VERSION, "2099-01"]
