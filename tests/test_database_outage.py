"""A database that is down: every route that needs it answers 503 `database_unavailable` at once, for an
anonymous caller and for one with a session token alike (regression: the request's session and the
caller lookup run outside the route)."""

from __future__ import annotations

import socket
import time

import pytest

pytest.register_assert_rewrite("service_harness")  # before its first import

from service_harness import api_server  # noqa: E402

from prefill.settings import Settings  # noqa: E402

pytest_plugins = ["service_harness"]

ANSWER_SECONDS = 5.0
"""Longest a refused connection may take to become an answer."""


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer some-token"}], ids=["anonymous", "token"])
def test_a_database_that_is_down_gives_503_database_unavailable(redis_url: str, headers: dict):
    url = f"postgresql+psycopg://nobody@127.0.0.1:{_closed_port()}/none?connect_timeout=2"
    with api_server(Settings(database_url=url, redis_url=redis_url)) as api:
        for path in ("/v1/imports/some-id", "/v1/me", "/v1/vacancies"):
            started = time.monotonic()
            response = api.get(path, headers=headers)
            assert time.monotonic() - started < ANSWER_SECONDS
            if path == "/v1/me" and not headers:
                assert response.status_code == 401  # no token: no lookup, no database needed
                continue
            assert response.status_code == 503, (path, response.text)
            assert response.json()["error"]["code"] == "database_unavailable"
