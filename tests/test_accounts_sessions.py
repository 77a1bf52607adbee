"""Log-in sessions: opaque tokens (cookie or bearer) that log out and expire, throttling of failed
log-ins per account and per client address (held in the database), rehash on new parameters."""

from __future__ import annotations

import time

from service_harness import api_server
from workflow_harness import PASSWORD, Workflow

from prefill.workflow.accounts.models import AuthSession, LoginAttempt, UserAccount

ANOTHER_ADDRESS = "127.0.0.2"
A_THIRD_ADDRESS = "127.0.0.3"


def _log_in(client, login: str, password: str = PASSWORD):
    return client.post("/v1/sessions", json={"login": login, "password": password})


pytest_plugins = ["workflow_harness"]


def test_log_in_with_user_name_or_address_whatever_the_case(workflow: Workflow):
    ada = workflow.register("ada", email="ada@example.org")
    for login in ("ada", "ADA", "ada@example.org", "Ada@Example.ORG"):
        response = _log_in(workflow.client(), login)
        assert response.status_code == 201, (login, response.text)
        assert response.json()["account"]["id"] == ada.id
        assert "prefill_session=" in response.headers["set-cookie"]


def test_wrong_password_and_unknown_account_get_the_same_401(workflow: Workflow):
    workflow.register("ada")
    wrong = _log_in(workflow.client(), "ada", "not the right password")
    unknown = _log_in(workflow.client(), "nobody", "not the right password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


def test_only_the_hash_of_a_session_token_is_stored(workflow: Workflow):
    ada = workflow.register("ada")
    [row] = workflow.rows(AuthSession)
    assert row.token_hash != ada.token and ada.token not in row.token_hash


def test_log_out_stops_the_token(workflow: Workflow):
    ada = workflow.register("ada")
    other = workflow.log_in("ada")
    response = ada.client.delete("/v1/sessions/current")
    assert response.status_code == 204
    assert ada.client.get("/v1/me").status_code == 401  # the cookie was dropped by the client
    assert workflow.client().get("/v1/me", headers=ada.bearer).json()["error"]["code"] == "not_authenticated"
    assert other.client.get("/v1/me").status_code == 200  # another session of the account is untouched


def test_log_out_by_bearer_token(workflow: Workflow):
    ada = workflow.register("ada")
    client = workflow.client()
    assert client.delete("/v1/sessions/current", headers=ada.bearer).status_code == 204
    assert client.get("/v1/me", headers=ada.bearer).status_code == 401


def test_sessions_expire(workflow: Workflow):
    workflow.settings.session_ttl_seconds = 1
    ada = workflow.register("ada")
    assert ada.client.get("/v1/me").status_code == 200
    time.sleep(1.2)
    assert workflow.client().get("/v1/me", headers=ada.bearer).status_code == 401


def test_failed_log_ins_per_account_are_throttled_with_retry_after(workflow: Workflow):
    workflow.settings.login_failures_per_account = 3
    workflow.register("ada")
    for address in ("127.0.0.1", ANOTHER_ADDRESS, A_THIRD_ADDRESS):  # one account, several addresses
        assert _log_in(workflow.client(address=address), "ada", "wrong password!").status_code == 401
    throttled = _log_in(workflow.client(), "ada@example.org")  # even with the right password
    assert throttled.status_code == 429
    assert throttled.json()["error"]["code"] == "too_many_attempts"
    window = workflow.settings.login_failure_window_seconds
    assert window - 5 <= int(throttled.headers["retry-after"]) <= window
    workflow.register("bob")
    assert _log_in(workflow.client(), "bob").status_code == 201  # other accounts are not affected


def test_a_successful_log_in_clears_the_account_counter(workflow: Workflow):
    workflow.settings.login_failures_per_account = 3
    workflow.register("ada")
    for _ in range(2):
        assert _log_in(workflow.client(), "ada", "wrong password!").status_code == 401
    assert _log_in(workflow.client(), "ada").status_code == 201
    for _ in range(2):
        assert _log_in(workflow.client(), "ada", "wrong password!").status_code == 401
    assert _log_in(workflow.client(), "ada").status_code == 201


def test_failed_log_ins_per_address_are_throttled(workflow: Workflow):
    workflow.settings.login_failures_per_address = 4
    workflow.register("ada")
    attacker = workflow.client(address=ANOTHER_ADDRESS)
    for name in ("ada", "bob", "carol", "dave"):  # spread over accounts, known or not
        assert _log_in(attacker, name, "wrong password!").status_code == 401
    throttled = _log_in(attacker, "ada")
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0
    assert _log_in(workflow.client(address=A_THIRD_ADDRESS), "ada").status_code == 201


def test_the_throttle_is_shared_by_every_api_instance(workflow: Workflow):
    workflow.settings.login_failures_per_account = 2
    workflow.register("ada")
    with api_server(workflow.settings) as second_api:
        assert _log_in(workflow.client(), "ada", "wrong password!").status_code == 401
        assert _log_in(second_api, "ada", "wrong password!").status_code == 401
        assert _log_in(second_api, "ada").status_code == 429
        assert _log_in(workflow.client(), "ada").status_code == 429


def test_failures_are_counted_without_storing_the_address(workflow: Workflow):
    workflow.register("ada")
    _log_in(workflow.client(address=ANOTHER_ADDRESS), "ada", "wrong password!")
    [attempt] = workflow.rows(LoginAttempt)
    assert ANOTHER_ADDRESS not in attempt.address_hash


def test_old_failures_leave_the_window(workflow: Workflow):
    workflow.settings.login_failures_per_account = 2
    workflow.settings.login_failure_window_seconds = 1
    workflow.register("ada")
    for _ in range(2):
        _log_in(workflow.client(), "ada", "wrong password!")
    assert _log_in(workflow.client(), "ada").status_code == 429
    time.sleep(1.1)
    assert _log_in(workflow.client(), "ada").status_code == 201


def test_a_password_is_rehashed_at_log_in_when_the_parameters_changed(workflow: Workflow):
    workflow.register("ada")
    [before] = workflow.rows(UserAccount)
    assert "t=1," in before.password_hash
    workflow.settings.password_hash_time_cost = 2
    workflow.log_in("ada")
    [after] = workflow.rows(UserAccount)
    assert "t=2," in after.password_hash and after.password_hash.startswith("$argon2id$")
    assert workflow.log_in("ada").username == "ada"


def test_me_needs_a_session(workflow: Workflow):
    response = workflow.client().get("/v1/me")
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"
    forged = workflow.client().get("/v1/me", headers={"Authorization": "Bearer forged-token"})
    assert forged.status_code == 401
