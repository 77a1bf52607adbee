"""Shared fixtures for the workflow domains (accounts, consent, vacancies, profile, applications).

`workflow` (one per test) gives the API served on a real socket on each database (SQLite always,
PostgreSQL too when `PREFILL_TEST_POSTGRES_URL` is set; the database is the import tests' `database`
fixture, migrated to head), emptied before the test, and helpers to register candidates and create HR
users. Use it from a test module with:

    pytest_plugins = ["workflow_harness"]

    def test_something(workflow: Workflow):
        ada = workflow.register("ada")                 # a candidate, logged in (cookie and token)
        assert ada.client.get("/v1/me").status_code == 200
        hr = workflow.hr_user("hilda")                 # an HR account (as `prefill create-hr-user`)
        anonymous = workflow.client()

`workflow.settings` are the running API's settings: a test may change a field (say
`login_failures_per_account`); every field is restored before the next test. Passwords are hashed with
cheap argon2id parameters here, to keep the tests fast.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import httpx
import pytest
from docx_builder import new_document, to_bytes
from service_harness import HTTP_TIMEOUT_SECONDS, Database, api_server
from sqlalchemy import MetaData, Table, select

from prefill.db import engine_for, session_scope
from prefill.settings import Settings
from prefill.workflow.accounts.service import create_hr_user
from prefill.workflow.consent.agreement import current_agreement
from prefill.workflow.mail.models import OutboxMessage

pytest_plugins = ["service_harness"]  # its `database` (per kind) and `redis_url` fixtures

FAST_HASHING = {
    "password_hash_time_cost": 1,
    "password_hash_memory_kib": 1024,
    "password_hash_parallelism": 1,
}
"""argon2id parameters of the test API: far below production's, so a log-in costs ~1 ms."""

PASSWORD = "correct horse battery staple"
"""The password the helpers give every account unless told otherwise."""

LOCAL_ADDRESS = "127.0.0.1"
"""The client address of `workflow.client()`; any 127.x.y.z works on Linux, to act as another client."""


@dataclass(slots=True)
class User:
    """A logged-in account: `client` carries its session cookie; `token` works as a bearer token."""

    client: httpx.Client
    account: dict[str, Any]
    token: str
    password: str

    @property
    def id(self) -> str:
        return self.account["id"]

    @property
    def username(self) -> str:
        return self.account["username"]

    @property
    def email(self) -> str:
        return self.account["email"]

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass(slots=True)
class Workflow:
    settings: Settings
    database: Database
    base_url: str
    clients: list[httpx.Client] = field(default_factory=list)

    def client(self, *, address: str = LOCAL_ADDRESS) -> httpx.Client:
        """A new client (own cookie jar) connecting from `address`; closed after the test."""
        # Plain HTTP on loopback: verify=False skips loading the CA bundle (~23 ms per client).
        client = httpx.Client(
            base_url=self.base_url,
            timeout=HTTP_TIMEOUT_SECONDS,
            verify=False,
            transport=httpx.HTTPTransport(local_address=address, verify=False),
        )
        self.clients.append(client)
        return client

    def register(
        self, username: str, *, email: str | None = None, password: str = PASSWORD, language: str = "en"
    ) -> User:
        """Register a candidate (accepting the privacy agreement in force); they are logged in."""
        client = self.client()
        response = client.post(
            "/v1/accounts",
            json={
                "username": username,
                "email": email or f"{username}@example.org",
                "password": password,
                "language": language,
                "accept_privacy": True,
                "privacy_version": current_agreement().version,
            },
        )
        assert response.status_code == 201, response.text
        body = response.json()
        return User(client, body["account"], body["session"]["token"], password)

    def log_in(self, login: str, password: str = PASSWORD, *, address: str = LOCAL_ADDRESS) -> User:
        client = self.client(address=address)
        response = client.post("/v1/sessions", json={"login": login, "password": password})
        assert response.status_code == 201, response.text
        body = response.json()
        return User(client, body["account"], body["session"]["token"], password)

    def hr_user(self, username: str, *, email: str | None = None, password: str = PASSWORD) -> User:
        """Create an HR account the way `prefill create-hr-user` does, and log it in."""
        with session_scope(self.settings.database_url) as session:
            create_hr_user(
                session,
                settings=self.settings,
                username=username,
                email=email or f"{username}@example.org",
                password=password,
            )
        return self.log_in(username, password)

    def rows(self, model: type) -> list[Any]:
        """Every row of a mapped class's table."""
        with session_scope(self.settings.database_url) as session:
            return list(session.scalars(select(model)))

    def outbox(self, *, to: str | None = None) -> list[OutboxMessage]:
        """The mails written to the outbox (no SMTP configured), oldest first."""
        return [m for m in sorted(self.rows(OutboxMessage), key=lambda m: m.id) if to in (None, m.recipient)]

    def clear(self) -> None:
        """Empty every table (children first), whichever domain created it."""
        with engine_for(self.database.url).begin() as connection:
            for table in reversed(_tables(self.database.url)):
                connection.execute(table.delete())


def unique_cv() -> bytes:
    """A small real .docx no other test uploads (its own parse job)."""
    document = new_document()
    document.add_paragraph(f"Curriculum vitae {uuid.uuid4()}")
    document.add_paragraph("Experience: project officer, 2019 - 2024")
    return to_bytes(document)


def upload(client: httpx.Client, data: bytes) -> str:
    """POST /v1/imports with `client` (its session, if any); the import's id."""
    response = client.post("/v1/imports", files={"file": ("cv.docx", data, "application/octet-stream")})
    assert response.status_code == 202, response.text
    return response.json()["id"]


@cache
def _tables(url: str) -> list[Table]:
    """The database's tables (as migrated) in dependency order, without Alembic's own."""
    metadata = MetaData()
    metadata.reflect(bind=engine_for(url))
    return [table for table in metadata.sorted_tables if table.name != "alembic_version"]


@pytest.fixture(scope="session")
def workflow_api(database: Database, redis_url: str) -> Iterator[tuple[Settings, str]]:
    """The API on `database`, served for the whole session: its settings and its base URL."""
    settings = Settings(
        database_url=database.url,
        redis_url=redis_url,
        queue_name=f"prefill-test-workflow-{secrets.token_hex(4)}",
        reparse_queue_name=f"prefill-test-workflow-reparse-{secrets.token_hex(4)}",
        **FAST_HASHING,
    )
    with api_server(settings) as client:
        yield settings, str(client.base_url)


@pytest.fixture
def workflow(workflow_api: tuple[Settings, str], database: Database) -> Iterator[Workflow]:
    settings, base_url = workflow_api
    defaults = settings.model_copy()
    harness = Workflow(settings, database, base_url)
    harness.clear()
    try:
        yield harness
    finally:
        for client in harness.clients:
            client.close()
        for name in Settings.model_fields:
            setattr(settings, name, getattr(defaults, name))
