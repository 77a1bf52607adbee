"""The authorization matrix (issue 5): every endpoint of the app × anonymous, candidate A, candidate B
and an HR user, each cell its own test on fresh objects, on SQLite (and PostgreSQL where configured).

A owns a finished import, a typed profile (personal values and one job) and a session; an anonymous
import and a published vacancy exist too. Each cell checks its status and then that nothing of A's
shows in the answer to anyone else and that A's data is as it was (except where the call acts on A's
account by design: A's credentials, A's reset code). `test_the_matrix_covers_every_endpoint` fails when
an endpoint has no row, so a new endpoint cannot go without one.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastapi.routing
import httpx
import pytest

pytest.register_assert_rewrite("workflow_harness", "service_harness")  # before their first import

from service_harness import SAMPLES  # noqa: E402
from workflow_harness import User, Workflow, unique_cv  # noqa: E402

from prefill.api import create_app  # noqa: E402
from prefill.db import session_scope  # noqa: E402
from prefill.models.draft import DraftProfile  # noqa: E402
from prefill.models.tables import CvImport  # noqa: E402
from prefill.parser import parse_file  # noqa: E402
from prefill.pipelines.reparse.models import ReparseRun  # noqa: E402
from prefill.settings import Settings  # noqa: E402
from prefill.workflow.consent.agreement import current_agreement  # noqa: E402
from prefill.workflow.vacancies.demo import OPENINGS, opening_data  # noqa: E402
from prefill.workflow.vacancies.service import create_vacancy  # noqa: E402

pytest_plugins = ["workflow_harness"]  # `workflow`: the API on each database, candidates, HR users

ANONYMOUS, A, B, HR = "anonymous", "candidate_a", "candidate_b", "hr"
ACTORS = (ANONYMOUS, A, B, HR)

# A's user name and typed values: invented words no other answer can contain by chance.
A_USERNAME = "quillon"
A_FIRST_NAME = "Ysolde"
A_EMPLOYER = "Brackenfold Survey Office"

NEW_PASSWORD = "a brand new passphrase for quillon"
VACANCY = OPENINGS[0]
_RESET_CODE = re.compile(r"^([A-Za-z0-9_-]{40,})$", re.MULTILINE)
"""The code line of a password-reset mail."""


# -- the objects of one cell -----------------------------------------------------------------------


@dataclass(slots=True)
class World:
    workflow: Workflow
    users: dict[str, User]
    """The accounts logged in so far: A, and B or HR once the cell calls as them."""
    a_import: str
    anonymous_import: str
    a_entry: str
    """A's job (profile entry of the `experience` section)."""
    a_application: str
    """A's application (a draft) to the published vacancy."""
    a_markers: list[str]
    """Values only A's data holds: none may appear in an answer to anyone else."""

    def user(self, actor: str) -> User:
        """The actor's account, created and logged in on first use (a cell needs only its caller's)."""
        if actor not in self.users:
            self.users[actor] = (
                self.workflow.hr_user("hilda") if actor == HR else self.workflow.register("bertrand")
            )
        return self.users[actor]

    def client(self, actor: str) -> httpx.Client:
        return self.workflow.client() if actor == ANONYMOUS else self.user(actor).client

    def caller_id(self, actor: str) -> str | None:
        return None if actor == ANONYMOUS else self.user(actor).id


@pytest.fixture(scope="session")
def drafts() -> dict[str, DraftProfile]:
    """Real drafts: A's import is a Word CV's, the anonymous import another person's PDF CV."""
    return {kind: parse_file(SAMPLES[kind].path) for kind in ("docx", "pdf")}


def _stored_import(workflow: Workflow, *, owner: str | None, draft: DraftProfile) -> str:
    """A finished import as the worker leaves it (no queue needed)."""
    import_id = secrets.token_urlsafe(24)
    with session_scope(workflow.settings.database_url) as session:
        session.add(
            CvImport(
                id=import_id,
                owner_id=owner,
                job_id=f"import-{secrets.token_hex(8)}",
                filename="cv",
                status="finished",
                draft=draft.model_dump(mode="json"),
                parser_version=draft.parser_version,
                finished_at=dt.datetime.now(dt.UTC),
            )
        )
    return import_id


@pytest.fixture
def world(workflow: Workflow, drafts: dict[str, DraftProfile]) -> World:
    a = workflow.register(A_USERNAME)
    typed = a.client.put("/v1/me/profile/personal", json={"first_name": A_FIRST_NAME})
    assert typed.status_code == 200, typed.text
    job = a.client.post(
        "/v1/me/profile/experience", json={"employer": A_EMPLOYER, "title": "Surveyor", "start": "2019-03"}
    )
    assert job.status_code == 201, job.text
    with session_scope(workflow.settings.database_url) as session:
        create_vacancy(session, data=opening_data(VACANCY, now=dt.datetime.now(dt.UTC)))
    a_import = _stored_import(workflow, owner=a.id, draft=drafts["docx"])
    a_entry = job.json()["id"]
    application = a.client.post("/v1/applications", json={"vacancy_reference": VACANCY.reference})
    assert application.status_code == 201, application.text
    a_application = application.json()["id"]
    return World(
        workflow,
        {A: a},
        a_import=a_import,
        anonymous_import=_stored_import(workflow, owner=None, draft=drafts["pdf"]),
        a_entry=a_entry,
        a_application=a_application,
        a_markers=[
            a.id,
            a.username,
            a.email,
            a_import,
            a_entry,
            a_application,
            A_FIRST_NAME,
            A_EMPLOYER,
            drafts["docx"].personal.email.value,
        ],
    )


def _a_data(world: World) -> dict[str, Any]:
    """Everything of A's as A's export shows it, through A's session (so it must still work); the
    moments of the export and of A's log-ins left out."""
    response = world.users[A].client.get("/v1/me/export")
    assert response.status_code == 200, response.text
    return {key: value for key, value in response.json().items() if key not in ("exported_at", "sessions")}


# -- the matrix ------------------------------------------------------------------------------------

Request = Callable[[World], dict[str, Any]]
"""The request's keyword arguments for httpx, built at call time (it may first set up what the call
needs, such as A's reset code)."""
Then = Callable[[World, str, httpx.Response], None]
"""Checks after the call, given the actor and the answer."""


@dataclass(frozen=True, slots=True)
class Case:
    method: str
    route: str
    """The path as the app declares it."""
    expected: dict[str, int]
    """The status each actor gets."""
    target: str = ""
    """Which object the call is about, when several are tried on one route (part of the test id)."""
    url: Callable[[World], str] | None = None
    """The URL called; `route` itself when it has no parameter."""
    request: Request | None = None
    shows_a: bool = False
    """A's own answer holds A's data: proves the leak check looks for values that do show."""
    acts_on_a: bool = False
    """The call acts on A's account by design (A's credentials, A's reset code): A's data may change
    and the answer may be A's."""
    then: Then | None = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.route}" + (f" {self.target}" if self.target else "")


def everyone(status: int) -> dict[str, int]:
    """Public, or an object the bearer of its id may use (an anonymous import)."""
    return dict.fromkeys(ACTORS, status)


def any_account(status: int) -> dict[str, int]:
    """The caller's own account, whatever its role."""
    return {**everyone(status), ANONYMOUS: 401}


def own_profile(status: int) -> dict[str, int]:
    """The caller's own profile: candidates only."""
    return {ANONYMOUS: 401, A: status, B: status, HR: 403}


def a_profile_object(status: int) -> dict[str, int]:
    """An object of A's profile: B cannot tell it from a missing one."""
    return {ANONYMOUS: 401, A: status, B: 404, HR: 403}


def a_application(status: int) -> dict[str, int]:
    """A's application: candidates only, and B cannot tell it from a missing one."""
    return {ANONYMOUS: 401, A: status, B: 404, HR: 403}


A_IMPORT = {ANONYMOUS: 404, A: 200, B: 404, HR: 404}
"""An owned import: only its owner reaches it, by id or otherwise."""

HR_REPORT = {ANONYMOUS: 401, A: 403, B: 403, HR: 200}
"""A report over every candidate's data, for HR only (and nothing of anyone's in it)."""


def _json(body: Any) -> Request:
    return lambda _world: {"json": body}


def _a_import(world: World) -> str:
    return f"/v1/imports/{world.a_import}"


def _anonymous_import(world: World) -> str:
    return f"/v1/imports/{world.anonymous_import}"


def _a_entry(world: World) -> str:
    return f"/v1/me/profile/experience/{world.a_entry}"


def _a_application(suffix: str = "") -> Callable[[World], str]:
    return lambda world: f"/v1/applications/{world.a_application}{suffix}"


def _a_application_gone_only_for_a(world: World, actor: str, _response: httpx.Response) -> None:
    assert _status_of(world.users[A].client, _a_application()(world)) == (404 if actor == A else 200)


def _a_reset_code(world: World) -> dict[str, Any]:
    asked = world.workflow.client().post("/v1/accounts/password-reset", json={"login": A_USERNAME})
    assert asked.status_code == 202, asked.text
    mails = [m for m in world.workflow.outbox(to=world.users[A].email) if _RESET_CODE.search(m.body)]
    code = _RESET_CODE.search(mails[-1].body).group(1)
    return {"json": {"token": code, "new_password": NEW_PASSWORD}}


def _status_of(client: httpx.Client, url: str) -> int:
    return client.get(url).status_code


def _new_import_is_the_callers(world: World, actor: str, response: httpx.Response) -> None:
    [row] = [row for row in world.workflow.rows(CvImport) if row.id == response.json()["id"]]
    assert row.owner_id == world.caller_id(actor)


def _a_import_gone_only_for_a(world: World, actor: str, _response: httpx.Response) -> None:
    assert _status_of(world.users[A].client, _a_import(world)) == (404 if actor == A else 200)


def _caller_logged_out(world: World, actor: str, _response: httpx.Response) -> None:
    if actor != ANONYMOUS:
        assert _status_of(world.client(actor), "/v1/me") == 401


def _a_password_changed_caller_unaffected(world: World, actor: str, _response: httpx.Response) -> None:
    assert _status_of(world.users[A].client, "/v1/me") == 401  # a reset logs out every session of A's
    assert world.workflow.log_in(A_USERNAME, NEW_PASSWORD).id == world.users[A].id
    if actor in (B, HR):
        assert world.client(actor).get("/v1/me").json()["id"] == world.caller_id(actor)


def _answer_is_the_callers(key: str | None = None) -> Then:
    def check(world: World, actor: str, response: httpx.Response) -> None:
        if actor != ANONYMOUS:
            body = response.json()
            assert (body[key] if key else body)["id"] == world.caller_id(actor)

    return check


def _a_entry_changed_only_by_a(world: World, actor: str, _response: httpx.Response) -> None:
    [entry] = world.users[A].client.get("/v1/me/profile/experience").json()
    assert (entry["title"]["value"] == "Chief surveyor") is (actor == A)


def _a_entry_gone_only_for_a(world: World, actor: str, _response: httpx.Response) -> None:
    entries = world.users[A].client.get("/v1/me/profile/experience").json()
    assert [entry["id"] for entry in entries] == ([] if actor == A else [world.a_entry])


def _archive_source(world: World) -> dict[str, Any]:
    """An archive folder holding one CV, as the API's re-parse root."""
    root = Path(tempfile.mkdtemp())
    (root / "batch").mkdir()
    (root / "batch" / "cv.docx").write_bytes(unique_cv())
    world.workflow.settings.reparse_root = str(root)
    return {"json": {"source": "batch"}}


def _run(suffix: str = "") -> Callable[[World], str]:
    """A finished re-parse run (made on first use) and its URL."""

    def url(world: World) -> str:
        with session_scope(world.workflow.settings.database_url) as session:
            if session.get(ReparseRun, RUN_ID) is None:
                session.add(
                    ReparseRun(
                        id=RUN_ID,
                        source=tempfile.gettempdir(),
                        source_kind="folder",
                        parser_version="0.0.9",
                        status="finished",
                        total=0,
                    )
                )
        return f"/v1/hr/reparse/{RUN_ID}{suffix}"

    return url


RUN_ID = "20260101T000000-matrix"


CASES: tuple[Case, ...] = (
    # documentation and service state: public
    Case("GET", "/openapi.json", everyone(200)),
    Case("GET", "/docs", everyone(200)),
    Case("GET", "/docs/oauth2-redirect", everyone(200)),
    Case("GET", "/redoc", everyone(200)),
    Case("GET", "/v1/health", everyone(200)),
    Case("GET", "/v1/privacy", everyone(200)),
    # vacancies: public
    Case("GET", "/v1/vacancies", everyone(200)),
    Case("GET", "/v1/vacancies/feed.rss", everyone(200)),
    Case(
        "GET",
        "/v1/vacancies/{reference:path}",
        everyone(200),
        url=lambda _w: f"/v1/vacancies/{VACANCY.reference}",
    ),
    # imports: an owned import is its owner's alone; an anonymous one is its id's bearer's
    Case(
        "POST",
        "/v1/imports",
        everyone(202),
        request=lambda _w: {"files": {"file": ("cv.docx", unique_cv())}},
        then=_new_import_is_the_callers,
    ),
    Case("GET", "/v1/imports/{import_id}", A_IMPORT, "a-import", url=_a_import, shows_a=True),
    Case("GET", "/v1/imports/{import_id}", everyone(200), "anonymous-import", url=_anonymous_import),
    Case(
        "DELETE",
        "/v1/imports/{import_id}",
        {**A_IMPORT, A: 204},
        "a-import",
        url=_a_import,
        then=_a_import_gone_only_for_a,
    ),
    Case("DELETE", "/v1/imports/{import_id}", everyone(204), "anonymous-import", url=_anonymous_import),
    # accounts: registration, log-in and recovery are public; the rest is the caller's own account
    Case(
        "POST",
        "/v1/accounts",
        everyone(201),
        request=_json(
            {
                "username": "newcomer",
                "email": "newcomer@example.org",
                "password": "a long enough passphrase",
                "accept_privacy": True,
                "privacy_version": current_agreement().version,
            }
        ),
    ),
    Case(
        "POST",
        "/v1/sessions",
        everyone(201),
        "a-credentials",
        acts_on_a=True,
        request=lambda w: {"json": {"login": A_USERNAME, "password": w.users[A].password}},
    ),
    Case("DELETE", "/v1/sessions/current", any_account(204), then=_caller_logged_out),
    Case(
        "POST",
        "/v1/accounts/forgot-username",
        everyone(202),
        request=lambda w: {"json": {"email": w.users[A].email}},
    ),
    Case("POST", "/v1/accounts/password-reset", everyone(202), request=_json({"login": A_USERNAME})),
    Case(
        "POST",
        "/v1/accounts/password-reset/confirm",
        everyone(204),
        "a-reset-code",
        acts_on_a=True,
        request=_a_reset_code,
        then=_a_password_changed_caller_unaffected,
    ),
    Case(
        "POST",
        "/v1/accounts/password-reset/confirm",
        everyone(400),
        "made-up-code",
        request=_json({"token": "x" * 43, "new_password": NEW_PASSWORD}),
    ),
    Case("GET", "/v1/me", any_account(200), shows_a=True, then=_answer_is_the_callers()),
    Case("DELETE", "/v1/me", any_account(204), then=_caller_logged_out),
    Case("GET", "/v1/me/export", any_account(200), shows_a=True, then=_answer_is_the_callers("account")),
    Case("POST", "/v1/me/privacy", any_account(200), request=_json({"version": current_agreement().version})),
    # the profile: the caller's own, candidates only; A's objects are not found by B
    Case("GET", "/v1/me/profile", own_profile(200), shows_a=True),
    Case("GET", "/v1/me/profile/personal", own_profile(200), shows_a=True),
    Case("PUT", "/v1/me/profile/personal", own_profile(200), request=_json({"last_name": "Callerson"})),
    Case("GET", "/v1/me/profile/alerts", own_profile(200)),
    Case(
        "PUT",
        "/v1/me/profile/alerts",
        own_profile(200),
        request=_json({"kinds": ["staff"], "frequency": "weekly"}),
    ),
    # B confirming a value of A's gets what a missing value gets: 422 "No such value." for that path
    Case(
        "POST",
        "/v1/me/profile/confirm",
        {**a_profile_object(200), B: 422},
        "a-entry",
        request=lambda w: {"json": {"paths": [f"experience.{w.a_entry}.title"]}},
    ),
    Case(
        "POST",
        "/v1/me/profile/prefill",
        a_profile_object(200),
        "a-import",
        request=lambda w: {"json": {"import_id": w.a_import}},
    ),
    # an anonymous import is nobody's to prefill from
    Case(
        "POST",
        "/v1/me/profile/prefill",
        a_profile_object(404),
        "anonymous-import",
        request=lambda w: {"json": {"import_id": w.anonymous_import}},
    ),
    Case(
        "GET",
        "/v1/me/profile/{section}",
        own_profile(200),
        "experience",
        url=lambda _w: "/v1/me/profile/experience",
        shows_a=True,
    ),
    Case(
        "POST",
        "/v1/me/profile/{section}",
        own_profile(201),
        "experience",
        url=lambda _w: "/v1/me/profile/experience",
        request=_json({"employer": "Callers Own Employer"}),
    ),
    Case(
        "PUT",
        "/v1/me/profile/{section}/{entry_id}",
        a_profile_object(200),
        "a-entry",
        url=_a_entry,
        request=_json({"title": "Chief surveyor"}),
        then=_a_entry_changed_only_by_a,
    ),
    Case(
        "DELETE",
        "/v1/me/profile/{section}/{entry_id}",
        a_profile_object(204),
        "a-entry",
        url=_a_entry,
        then=_a_entry_gone_only_for_a,
    ),
    # applications: the caller's own, candidates only; A's application is not found by B
    Case(
        "POST",
        "/v1/applications",
        {ANONYMOUS: 401, A: 200, B: 201, HR: 403},  # A started one already: it is returned again
        request=_json({"vacancy_reference": VACANCY.reference}),
    ),
    Case("GET", "/v1/applications", own_profile(200), shows_a=True),
    Case("GET", "/v1/applications/{application_id}", a_application(200), url=_a_application(), shows_a=True),
    Case(
        "DELETE",
        "/v1/applications/{application_id}",
        a_application(204),
        url=_a_application(),
        then=_a_application_gone_only_for_a,
    ),
    Case(
        "PUT",
        "/v1/applications/{application_id}/{questionnaire}-questionnaire",
        a_application(200),
        "general",
        url=_a_application("/general-questionnaire"),
        request=_json({"answers": {}}),
    ),
    Case(
        "PUT",
        "/v1/applications/{application_id}/cover-letter",
        a_application(200),
        url=_a_application("/cover-letter"),
        request=_json({"text": "Dear selection panel, please consider my application."}),
    ),
    Case(
        "POST",
        "/v1/applications/{application_id}/cover-letter/file",
        a_application(200),
        url=_a_application("/cover-letter/file"),
        request=lambda _w: {"files": {"file": ("letter.docx", unique_cv())}},
    ),
    Case(
        "PUT",
        "/v1/applications/{application_id}/references",
        a_application(200),
        url=_a_application("/references"),
        request=_json({"references": []}),
    ),
    # A's own profile is incomplete: signing and submitting are refused on the merits, not by access
    Case(
        "POST",
        "/v1/applications/{application_id}/signature",
        a_application(409),
        url=_a_application("/signature"),
        request=_json({"declaration_version": "x", "full_name": "Ysolde Q", "date_of_birth": "1990-01-01"}),
    ),
    Case(
        "GET", "/v1/applications/{application_id}/review", a_application(200), url=_a_application("/review")
    ),
    Case(
        "POST", "/v1/applications/{application_id}/submit", a_application(409), url=_a_application("/submit")
    ),
    Case(
        "POST",
        "/v1/applications/{application_id}/withdraw",
        a_application(200),
        url=_a_application("/withdraw"),
    ),
    # HR reports
    Case("GET", "/v1/hr/prefill-accuracy", HR_REPORT),
    Case("GET", "/v1/hr/prefill-accuracy/chart.svg", HR_REPORT),
    # HR re-parse runs over the archive folder
    Case("POST", "/v1/hr/reparse", {**HR_REPORT, HR: 202}, request=_archive_source),
    Case("GET", "/v1/hr/reparse", HR_REPORT),
    Case("GET", "/v1/hr/reparse/{run_id}", HR_REPORT, url=_run()),
    Case("POST", "/v1/hr/reparse/{run_id}/pause", HR_REPORT, url=_run("/pause")),
    Case("POST", "/v1/hr/reparse/{run_id}/resume", {**HR_REPORT, HR: 202}, url=_run("/resume")),
    Case("GET", "/v1/hr/reparse/{run_id}/report", HR_REPORT, url=_run("/report")),
)


# -- the tests -------------------------------------------------------------------------------------


def _app_endpoints() -> Iterator[tuple[str, str]]:
    """(method, path) of every route of the app; HEAD goes with GET (Starlette adds it)."""
    # Neither database nor Redis is connected to: the app is only built, to list its routes.
    app = create_app(Settings(database_url="sqlite://", redis_url="redis://127.0.0.1:1/0"))
    # FastAPI 0.16x wraps included routers; `iter_route_contexts` lists their routes with the prefix.
    routes = getattr(fastapi.routing, "iter_route_contexts", list)(app.routes)
    for route in routes:
        assert route.methods, f"{route.path} has no methods (a mount?): give it a matrix row"
        for method in route.methods - ({"HEAD"} if "GET" in route.methods else set()):
            yield method, route.path


def test_the_matrix_covers_every_endpoint():
    endpoints = set(_app_endpoints())
    covered = {(case.method, case.route) for case in CASES}
    assert endpoints - covered == set(), "endpoints without a row in the authorization matrix"
    assert covered - endpoints == set(), "matrix rows for no endpoint"
    assert all(set(case.expected) == set(ACTORS) for case in CASES)
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize(
    ("case", "actor"),
    [pytest.param(case, actor, id=f"{case.id} as {actor}") for case in CASES for actor in ACTORS],
)
def test_an_actor_gets_the_matrix_status_and_nothing_of_a(world: World, case: Case, actor: str):
    watch_a = actor != A and not case.acts_on_a
    before = _a_data(world) if watch_a else None

    response = world.client(actor).request(
        case.method,
        case.url(world) if case.url else case.route,
        **(case.request(world) if case.request else {}),
    )

    assert response.status_code == case.expected[actor], response.text
    if watch_a:
        assert [marker for marker in world.a_markers if marker in response.text] == [], "A's data leaked"
        assert _a_data(world) == before, "A's data changed"
    if case.shows_a and actor == A:
        assert any(marker in response.text for marker in world.a_markers)
    if case.then:
        case.then(world, actor, response)
