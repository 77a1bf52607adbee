"""Forgotten user name and password reset by mail: the same answer whether or not an account
matches; single-use, expiring reset codes stored hashed; a reset logs out every session."""

from __future__ import annotations

import re
import time

import pytest
from workflow_harness import Workflow

from prefill.workflow.accounts.models import OneTimeToken

pytest_plugins = ["workflow_harness"]

NEW_PASSWORD = "a brand new passphrase"
_CODE = re.compile(r"^([A-Za-z0-9_-]{40,})$", re.MULTILINE)


def _reset_code(workflow: Workflow, address: str) -> str:
    """The code of the latest reset mail sent to `address`."""
    mails = [m for m in workflow.outbox(to=address) if _CODE.search(m.body)]
    return _CODE.search(mails[-1].body).group(1)


def _confirm(workflow: Workflow, token: str, password: str = NEW_PASSWORD):
    return workflow.client().post(
        "/v1/accounts/password-reset/confirm", json={"token": token, "new_password": password}
    )


def test_forgotten_user_name_is_mailed_in_the_account_language(workflow: Workflow):
    workflow.register("ada", email="ada@example.org", language="fr")
    response = workflow.client().post("/v1/accounts/forgot-username", json={"email": "ADA@example.org"})
    assert response.status_code == 202
    [mail] = workflow.outbox(to="ada@example.org")
    assert mail.subject == "Votre nom d'utilisateur Prefill"
    assert "ada" in mail.body and "ada" not in response.text


@pytest.mark.parametrize(
    ("path", "field"),
    [("/v1/accounts/forgot-username", "email"), ("/v1/accounts/password-reset", "login")],
)
def test_recovery_answers_the_same_whether_or_not_an_account_matches(workflow: Workflow, path, field):
    workflow.register("ada", email="ada@example.org")
    known = workflow.client().post(path, json={field: "ada@example.org"})
    unknown = workflow.client().post(path, json={field: "nobody@example.org"})
    malformed = workflow.client().post(path, json={field: "not an address"})
    assert known.status_code == unknown.status_code == malformed.status_code == 202
    assert known.json() == unknown.json() == malformed.json()
    assert [m.recipient for m in workflow.outbox()] == ["ada@example.org"]


def test_password_reset_sets_the_password_and_logs_out_every_session(workflow: Workflow):
    ada = workflow.register("ada")
    second = workflow.log_in("ada")
    assert workflow.client().post("/v1/accounts/password-reset", json={"login": "ada"}).status_code == 202
    code = _reset_code(workflow, "ada@example.org")
    [stored] = workflow.rows(OneTimeToken)
    assert stored.token_hash != code  # only its hash is kept

    assert _confirm(workflow, code).status_code == 204
    assert ada.client.get("/v1/me").status_code == 401
    assert second.client.get("/v1/me").status_code == 401
    old = workflow.client().post("/v1/sessions", json={"login": "ada", "password": ada.password})
    assert old.status_code == 401
    assert workflow.log_in("ada", NEW_PASSWORD).username == "ada"
    assert workflow.outbox(to="ada@example.org")[-1].subject == "Your Prefill password was changed"


def test_a_reset_code_works_once(workflow: Workflow):
    workflow.register("ada")
    workflow.client().post("/v1/accounts/password-reset", json={"login": "ada@example.org"})
    code = _reset_code(workflow, "ada@example.org")
    assert _confirm(workflow, code).status_code == 204
    again = _confirm(workflow, code, "yet another passphrase")
    assert again.status_code == 400 and again.json()["error"]["code"] == "invalid_token"
    assert workflow.rows(OneTimeToken) == []


def test_a_reset_code_expires(workflow: Workflow):
    workflow.settings.password_reset_ttl_seconds = 1
    workflow.register("ada")
    workflow.client().post("/v1/accounts/password-reset", json={"login": "ada"})
    code = _reset_code(workflow, "ada@example.org")
    time.sleep(1.2)
    expired = _confirm(workflow, code)
    assert expired.status_code == 400 and expired.json()["error"]["code"] == "invalid_token"
    assert workflow.log_in("ada").username == "ada"  # the password did not change


def test_a_new_reset_request_replaces_the_earlier_code(workflow: Workflow):
    workflow.register("ada")
    for _ in range(2):
        workflow.client().post("/v1/accounts/password-reset", json={"login": "ada"})
    first, second = (_CODE.search(m.body).group(1) for m in workflow.outbox(to="ada@example.org"))
    assert _confirm(workflow, first).json()["error"]["code"] == "invalid_token"
    assert _confirm(workflow, second).status_code == 204


def test_an_unknown_reset_code_is_refused(workflow: Workflow):
    response = _confirm(workflow, "A" * 43)
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_token"


def test_a_weak_new_password_keeps_the_code_usable(workflow: Workflow):
    workflow.register("ada")
    workflow.client().post("/v1/accounts/password-reset", json={"login": "ada"})
    code = _reset_code(workflow, "ada@example.org")
    weak = _confirm(workflow, code, "short")
    assert weak.status_code == 422 and weak.json()["error"]["code"] == "weak_password"
    assert _confirm(workflow, code).status_code == 204


def test_a_reset_clears_the_log_in_throttle(workflow: Workflow):
    workflow.settings.login_failures_per_account = 2
    workflow.register("ada")
    for _ in range(2):
        workflow.client().post("/v1/sessions", json={"login": "ada", "password": "wrong password!"})
    workflow.client().post("/v1/accounts/password-reset", json={"login": "ada"})
    assert _confirm(workflow, _reset_code(workflow, "ada@example.org")).status_code == 204
    assert workflow.log_in("ada", NEW_PASSWORD).username == "ada"
