"""The Alembic migrations as a whole: one linear chain of revisions that builds, from an empty SQLite file
or an empty PostgreSQL schema, exactly the tables the SQLAlchemy models describe, downgrades to nothing
and builds again."""

from __future__ import annotations

import importlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.register_assert_rewrite("service_harness")  # before its first import

from alembic import command  # noqa: E402
from alembic.autogenerate import compare_metadata  # noqa: E402
from alembic.migration import MigrationContext  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402
from service_harness import DATABASE_KINDS, POSTGRES_URL_VARIABLE  # noqa: E402
from sqlalchemy import create_engine, inspect, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from prefill.db import MIGRATIONS, alembic_config, engine_for, upgrade  # noqa: E402
from prefill.models.tables import Base  # noqa: E402

PACKAGE = Path(__file__).resolve().parent.parent / "prefill"

VERSION_TABLE = "alembic_version"


def _import_every_model_module() -> None:
    """Every module that declares tables (`prefill/models/tables.py` and each domain's `models.py`), so
    `Base.metadata` is complete: a new domain's tables are compared without editing this test."""
    paths = [PACKAGE / "models" / "tables.py", *sorted(PACKAGE.rglob("models.py"))]
    for path in paths:
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        importlib.import_module(".".join(relative.parts))


_import_every_model_module()
MODEL_TABLES = set(Base.metadata.tables)


@pytest.fixture(params=DATABASE_KINDS)
def empty_database(request, tmp_path) -> Iterator[str]:
    """The URL of an empty database: a new SQLite file, or a new private PostgreSQL schema (dropped after)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
        yield url
        engine_for(url).dispose()
        return
    base = os.environ[POSTGRES_URL_VARIABLE]
    schema = f"prefill_test_migrations_{secrets.token_hex(6)}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    try:
        yield url_text
    finally:
        engine_for(url_text).dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _tables(url: str) -> set[str]:
    return set(inspect(engine_for(url)).get_table_names())


def _differences(url: str) -> list:
    """What autogenerate would change to make the database match the models (nothing, when they agree)."""
    with engine_for(url).connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def _assert_schema_matches_the_models(url: str) -> None:
    assert _tables(url) == MODEL_TABLES | {VERSION_TABLE}
    assert _differences(url) == []


def test_the_model_modules_declare_tables():
    # Guards the import above: a moved module would leave the comparison with nothing to compare.
    assert {"cv_import", "user_account", "vacancy", "profile", "profile_entry", "outbox"} <= MODEL_TABLES


def test_the_revisions_form_one_linear_numbered_chain():
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(scripts.get_heads()) == 1
    chain = list(reversed(list(scripts.walk_revisions("base", "heads"))))  # oldest first
    assert len(chain) == len(list((MIGRATIONS / "versions").glob("[0-9]*.py")))  # no orphan revision
    previous = None
    for number, revision in enumerate(chain, start=1):
        assert revision.revision == f"{number:04d}"
        assert revision.down_revision == previous
        assert Path(revision.path).name.startswith(f"{revision.revision}_")
        previous = revision.revision


def test_upgrade_builds_the_models_schema_on_an_empty_database(empty_database: str):
    assert _tables(empty_database) == set()

    upgrade(empty_database)

    _assert_schema_matches_the_models(empty_database)


def test_downgrade_to_base_removes_every_table_and_upgrade_builds_them_again(empty_database: str):
    upgrade(empty_database)

    command.downgrade(alembic_config(empty_database), "base")

    engine = engine_for(empty_database)
    engine.dispose()  # SQLite: forget the schema cached by pooled connections
    assert _tables(empty_database) <= {VERSION_TABLE}
    if VERSION_TABLE in _tables(empty_database):
        with engine.connect() as connection:
            assert connection.execute(text(f"SELECT count(*) FROM {VERSION_TABLE}")).scalar_one() == 0
    if engine.dialect.name == "postgresql":
        assert inspect(engine).get_sequence_names() == []  # the SERIAL ids' sequences went with the tables

    upgrade(empty_database)

    _assert_schema_matches_the_models(empty_database)
