"""Revision 0002 builds the account, consent and mail tables as the models describe them, and
downgrades cleanly."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from service_harness import DATABASE_KINDS, open_database
from sqlalchemy import inspect

from prefill.db import alembic_config, engine_for
from prefill.models.tables import Base
from prefill.workflow.accounts import models as _accounts  # noqa: F401  (their tables join Base.metadata)
from prefill.workflow.consent import models as _consent  # noqa: F401
from prefill.workflow.mail import models as _mail  # noqa: F401

TABLES = {"user_account", "auth_session", "login_attempt", "one_time_token", "privacy_consent", "outbox"}


def _differences(url: str) -> list:
    with engine_for(url).connect() as connection:
        found = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    return [d for d in found if TABLES & {getattr(part, "name", None) for part in _parts(d)}]


def _parts(difference) -> list:
    """The table objects a difference is about (alembic nests them variously)."""
    items = difference if isinstance(difference, list) else [difference]
    parts = []
    for item in items:
        for value in item:
            table = getattr(value, "table", None)
            parts.append(table if table is not None else value)
    return parts


@pytest.mark.parametrize("kind", DATABASE_KINDS)
def test_revision_0002_matches_the_models_and_downgrades_cleanly(kind: str, tmp_path):
    with open_database(kind, tmp_path) as database:  # upgraded to head
        assert set(inspect(engine_for(database.url)).get_table_names()) >= TABLES
        assert _differences(database.url) == []
        command.downgrade(alembic_config(database.url), "0001")
        names = set(inspect(engine_for(database.url)).get_table_names())
        assert not TABLES & names and "cv_import" in names
        command.upgrade(alembic_config(database.url), "0002")
        assert set(inspect(engine_for(database.url)).get_table_names()) >= TABLES
