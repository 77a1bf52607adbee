"""The account itself: deactivation deletes everything personal, the export holds all of it, and HR
accounts come from the command line only."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from workflow_harness import FAST_HASHING, PASSWORD, Workflow, unique_cv, upload

from prefill.cli import EXIT_REFUSED, main
from prefill.models.tables import CvImport
from prefill.pipelines.imports import store
from prefill.redis_connection import connect
from prefill.settings import get_settings
from prefill.workflow.accounts.models import AuthSession, LoginAttempt, OneTimeToken, UserAccount
from prefill.workflow.consent.agreement import current_agreement
from prefill.workflow.consent.models import PrivacyConsent

pytest_plugins = ["workflow_harness"]


def test_me_shows_the_account_without_its_hash(workflow: Workflow):
    ada = workflow.register("ada", language="fr")
    response = ada.client.get("/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "ada" and body["language"] == "fr" and body["role"] == "candidate"
    assert "argon2" not in response.text and "password" not in response.text


def test_deactivation_deletes_the_account_and_everything_personal(workflow: Workflow):
    ada = workflow.register("ada")
    bob = workflow.register("bob")
    workflow.log_in("ada")
    import_id = upload(ada.client, unique_cv())
    [row] = workflow.rows(CvImport)
    redis = connect(workflow.settings)
    assert row.job_id in store.stored_job_ids(redis)
    workflow.client().post("/v1/sessions", json={"login": "ada", "password": "wrong password!"})
    workflow.client().post("/v1/accounts/password-reset", json={"login": "ada"})
    assert workflow.outbox(to=ada.email) and workflow.rows(OneTimeToken)

    response = ada.client.delete("/v1/me")
    assert response.status_code == 204
    assert [u.username for u in workflow.rows(UserAccount)] == ["bob"]
    assert {s.user_id for s in workflow.rows(AuthSession)} == {bob.id}
    assert {c.user_id for c in workflow.rows(PrivacyConsent)} == {bob.id}
    assert workflow.rows(OneTimeToken) == [] and workflow.rows(CvImport) == []
    assert all(a.user_id is None for a in workflow.rows(LoginAttempt))
    assert workflow.outbox(to=ada.email) == []
    assert row.job_id not in store.stored_job_ids(redis)  # the waiting upload is gone too
    redis.close()
    assert workflow.client().get("/v1/me", headers=ada.bearer).status_code == 401
    assert bob.client.get(f"/v1/imports/{import_id}").status_code == 404
    assert bob.client.get("/v1/me").status_code == 200
    workflow.register("ada")  # the user name and the address are free again


def test_export_holds_all_the_account_data_without_secrets(workflow: Workflow):
    ada = workflow.register("ada")
    import_id = upload(ada.client, unique_cv())
    workflow.register("bob")
    response = ada.client.get("/v1/me/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    export = response.json()
    assert export["account"]["id"] == ada.id and export["account"]["email"] == "ada@example.org"
    assert [c["version"] for c in export["privacy_consents"]] == [current_agreement().version]
    assert [i["id"] for i in export["imports"]] == [import_id]
    assert export["imports"][0]["status"] == "queued" and "draft" in export["imports"][0]
    assert len(export["sessions"]) == 1 and export["sessions"][0]["expires_at"]
    assert {"exported_at", "account", "privacy_consents", "sessions", "imports"} <= export.keys()
    text = response.text
    assert "argon2" not in text and ada.token not in text and "bob" not in text


def test_export_needs_a_session(workflow: Workflow):
    assert workflow.client().get("/v1/me/export").status_code == 401
    assert workflow.client().delete("/v1/me").status_code == 401


def _create_hr_user(workflow: Workflow, *arguments: str, stdin: str = f"{PASSWORD}\n"):
    environment = {
        **os.environ,
        "PREFILL_DATABASE_URL": workflow.settings.database_url,
        **{f"PREFILL_{name.upper()}": str(value) for name, value in FAST_HASHING.items()},
    }
    return subprocess.run(
        [sys.executable, "-m", "prefill.cli", "create-hr-user", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


def test_hr_accounts_are_created_on_the_command_line(workflow: Workflow, tmp_path):
    done = _create_hr_user(workflow, "Hilda", "hilda@example.org")
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    hilda = workflow.log_in("hilda")
    assert hilda.account["role"] == "hr" and not hilda.account["privacy_acceptance_required"]

    password_file = tmp_path / "password"
    password_file.write_text("another long passphrase\n", encoding="utf-8")
    done = _create_hr_user(
        workflow, "hugo", "hugo@example.org", "--password-file", str(password_file), stdin=""
    )
    assert done.returncode == 0, done.stderr
    assert workflow.log_in("hugo", "another long passphrase").account["role"] == "hr"


@pytest.mark.parametrize(
    ("arguments", "stdin", "code"),
    [
        (("hilda", "other@example.org"), f"{PASSWORD}\n", "username_taken"),
        (("hugo", "hilda@example.org"), f"{PASSWORD}\n", "email_unavailable"),
        (("hugo", "hugo@example.org"), "password1234\n", "weak_password"),
        (("hugo", "hugo@example.org"), "", "weak_password"),
        (("h", "hugo@example.org"), f"{PASSWORD}\n", "invalid_request"),
        (("hugo", "hugo"), f"{PASSWORD}\n", "invalid_request"),
    ],
    ids=["taken", "address-taken", "common-password", "no-password", "bad-name", "bad-address"],
)
def test_the_hr_command_refuses_what_registration_refuses(
    workflow: Workflow, monkeypatch, capsys, arguments, stdin, code
):
    workflow.hr_user("hilda")
    # In-process (the command's own code, without a new interpreter's start-up for each case).
    monkeypatch.setenv("PREFILL_DATABASE_URL", workflow.settings.database_url)
    for name, value in FAST_HASHING.items():
        monkeypatch.setenv(f"PREFILL_{name.upper()}", str(value))
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    get_settings.cache_clear()
    try:
        status = main(["create-hr-user", *arguments])
    finally:
        get_settings.cache_clear()
    assert status == EXIT_REFUSED
    assert json.loads(capsys.readouterr().err.strip().splitlines()[-1])["error"]["code"] == code
    assert [u.username for u in workflow.rows(UserAccount)] == ["hilda"]
