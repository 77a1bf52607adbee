"""The profile migration (0004) downgrades cleanly and upgrades again, on every test database."""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("service_harness")  # before its first import

from alembic import command  # noqa: E402
from service_harness import DATABASE_KINDS, open_database  # noqa: E402
from sqlalchemy import inspect  # noqa: E402

from prefill.db import alembic_config, engine_for, upgrade  # noqa: E402

PROFILE_TABLES = {"profile", "profile_entry"}


@pytest.mark.parametrize("kind", DATABASE_KINDS)
def test_profile_migration_downgrades_and_upgrades_again(kind, tmp_path):
    with open_database(kind, tmp_path) as database:
        tables = set(inspect(engine_for(database.url)).get_table_names())
        assert tables >= PROFILE_TABLES and "user_account" in tables

        command.downgrade(alembic_config(database.url), "0003")
        engine_for(database.url).dispose()
        assert not PROFILE_TABLES & set(inspect(engine_for(database.url)).get_table_names())

        upgrade(database.url)
        assert set(inspect(engine_for(database.url)).get_table_names()) >= PROFILE_TABLES
