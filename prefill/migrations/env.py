"""Alembic environment: the URL comes from the caller's config (prefill.db.alembic_config)."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from prefill.models.tables import Base
from prefill.pipelines.accuracy import models as _accuracy  # noqa: F401  (its tables join Base.metadata)
from prefill.pipelines.reparse import models as _reparse  # noqa: F401  (its tables join Base.metadata)
from prefill.workflow.accounts import models as _accounts  # noqa: F401  (its tables join Base.metadata)
from prefill.workflow.applications import models as _applications  # noqa: F401
from prefill.workflow.consent import models as _consent  # noqa: F401
from prefill.workflow.mail import models as _mail  # noqa: F401
from prefill.workflow.profile import models as _profile  # noqa: F401
from prefill.workflow.vacancies import models as _vacancies  # noqa: F401

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
