"""Prefill accuracy: recorded when a candidate applies an import and when they submit; summed for HR.

Rules:
- `record_prefill` (from the profile's prefill, `workflow/profile/merge.py`) keeps what the draft
  proposes — every value of the scope, not only those the merge wrote: a value the candidate had typed
  before still says how good the parse was. It outlives the import and goes with the account.
- `record_outcomes` (from `applications.service.submit`, in the transaction of the submit that won)
  compares the latest prefill recorded up to the submission with the submitted profile
  (`compare.outcomes`) and replaces the application's rows, so an amended application counts once,
  with its last submission. A candidate who never applied an import adds nothing. Earlier imports'
  values the latest one lacks are not counted: the latest prefill is what the candidate checked last.
- `report` sums the rows with one GROUP BY over the chosen dimensions and the field, and counts the
  distinct submissions per group with another; the same SQL on SQLite and PostgreSQL (periods are
  stored as text).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from sqlalchemy import ColumnElement, delete, distinct, func, select
from sqlalchemy.orm import Session

from prefill.instants import as_utc
from prefill.models.draft import DraftProfile
from prefill.pipelines.accuracy import compare
from prefill.pipelines.accuracy.compare import Outcome
from prefill.pipelines.accuracy.models import PrefillOutcome, PrefillRecord
from prefill.pipelines.accuracy.schemas import AccuracyGroup, AccuracyQuery, AccuracyReport, FieldAccuracy
from prefill.pipelines.scoring import Counts, field_sort_key, group_counts
from prefill.workflow.accounts.models import UserAccount
from prefill.workflow.accounts.service import EXPORTERS

DIMENSION_COLUMNS = {
    "parser_version": PrefillOutcome.parser_version,
    "kind": PrefillOutcome.kind,
    "language": PrefillOutcome.language,
}
"""The `by` dimensions stored as such (`period` is one of `PERIOD_COLUMNS`)."""

PERIOD_COLUMNS = {"day": PrefillOutcome.day, "week": PrefillOutcome.week, "month": PrefillOutcome.month}
"""The column of each period length."""

COUNT_COLUMNS = (
    PrefillOutcome.kept,
    PrefillOutcome.corrected,
    PrefillOutcome.missed,
    PrefillOutcome.spurious,
)
"""Summed per group and field, in `Outcome` order."""


# -- recording -----------------------------------------------------------------------------------


def record_prefill(
    *, session: Session, user: UserAccount, import_id: str, draft: DraftProfile, now: dt.datetime
) -> None:
    session.add(
        PrefillRecord(
            user_id=user.id,
            import_id=import_id,
            kind=draft.source.kind,
            parser_version=draft.parser_version,
            language=draft.source.language,
            values=compare.prefilled_values(draft),
            created_at=now,
        )
    )


def periods(instant: dt.datetime) -> dict[str, str]:
    """The UTC day, ISO week and month of `instant`, as `PrefillOutcome` stores them."""
    utc = as_utc(instant)
    year, week, _ = utc.isocalendar()
    return {"day": utc.date().isoformat(), "week": f"{year}-W{week:02d}", "month": f"{utc:%Y-%m}"}


def outcome_rows(
    *,
    record: PrefillRecord,
    profile: Mapping[str, Any],
    application_id: str | None,
    submitted_at: dt.datetime,
) -> list[PrefillOutcome]:
    """One row per field with something on either side, for one submission of `profile`."""
    found = compare.outcomes(prefilled=record.values, submitted=compare.submitted_values(profile))
    submission_id = str(uuid.uuid4())
    return [
        PrefillOutcome(
            application_id=application_id,
            submission_id=submission_id,
            field=field,
            **asdict(outcome),
            parser_version=record.parser_version,
            kind=record.kind,
            language=record.language,
            submitted_at=as_utc(submitted_at),
            **periods(submitted_at),
        )
        for field, outcome in found.items()
        if outcome != Outcome()
    ]


def record_outcomes(
    *, session: Session, user: UserAccount, application_id: str, profile: Mapping[str, Any], now: dt.datetime
) -> None:
    """Score the submitted `profile` (`snapshot.profile_values`) against the latest prefill up to `now`."""
    session.execute(delete(PrefillOutcome).where(PrefillOutcome.application_id == application_id))
    record = session.scalars(
        select(PrefillRecord)
        .where(PrefillRecord.user_id == user.id, PrefillRecord.created_at <= now)
        .order_by(PrefillRecord.created_at.desc(), PrefillRecord.id.desc())
        .limit(1)
    ).first()
    if record is not None:
        session.add_all(
            outcome_rows(record=record, profile=profile, application_id=application_id, submitted_at=now)
        )


# -- the report ----------------------------------------------------------------------------------


def _conditions(query: AccuracyQuery) -> list[ColumnElement[bool]]:
    conditions = []
    if query.since is not None:
        conditions.append(PrefillOutcome.day >= query.since.isoformat())
    if query.until is not None:
        conditions.append(PrefillOutcome.day <= query.until.isoformat())
    for name, column in DIMENSION_COLUMNS.items():
        value = getattr(query, name)
        if value is not None:
            conditions.append(column == value)
    return conditions


def _group(key: dict[str, str | None], fields: dict[str, Outcome], applications: int) -> AccuracyGroup:
    counts = {field: outcome.counts for field, outcome in fields.items()}
    return AccuracyGroup(
        key=key,
        applications=applications,
        fields={field: FieldAccuracy.of(fields[field]) for field in sorted(fields, key=field_sort_key)},
        sections={name: FieldAccuracy.of(Outcome.of(c)) for name, c in group_counts(counts).items()},
        overall=FieldAccuracy.of(Outcome.of(sum(counts.values(), Counts()))),
    )


def _key_order(key: tuple[str | None, ...]) -> list[tuple[bool, str]]:
    return [(value is None, value or "") for value in key]  # an undetected language goes last


def report(*, session: Session, query: AccuracyQuery) -> AccuracyReport:
    """Per group of `query.by`, each field's counts and ratios, the sections', the overall ones and the
    number of applications, over the submissions `query` filters."""
    columns = [
        PERIOD_COLUMNS[query.period] if name == "period" else DIMENSION_COLUMNS[name] for name in query.by
    ]
    conditions = _conditions(query)
    width = len(columns)
    sums = session.execute(
        select(*columns, PrefillOutcome.field, *(func.sum(column) for column in COUNT_COLUMNS))
        .where(*conditions)
        .group_by(*columns, PrefillOutcome.field)
    )
    fields: dict[tuple[str | None, ...], dict[str, Outcome]] = {}
    for row in sums:
        fields.setdefault(tuple(row[:width]), {})[row[width]] = Outcome(*row[width + 1 :])
    applications = {
        tuple(row[:width]): row[width]
        for row in session.execute(
            select(*columns, func.count(distinct(PrefillOutcome.submission_id)))
            .where(*conditions)
            .group_by(*columns)
        )
    }
    groups = [
        _group(dict(zip(query.by, key, strict=True)), fields[key], applications[key])
        for key in sorted(fields, key=_key_order)
    ]
    return AccuracyReport(query=query, groups=groups)


# -- export --------------------------------------------------------------------------------------


def export_prefill_records(session: Session, user: UserAccount) -> tuple[str, list[dict[str, Any]]]:
    """What each prefill of the candidate's proposed (an `EXPORTERS` entry of the accounts service)."""
    rows = session.scalars(
        select(PrefillRecord)
        .where(PrefillRecord.user_id == user.id)
        .order_by(PrefillRecord.created_at, PrefillRecord.id)
    )
    return "prefill_records", [
        {
            "import_id": row.import_id,
            "kind": row.kind,
            "parser_version": row.parser_version,
            "language": row.language,
            "values": row.values,
            "created_at": as_utc(row.created_at),
        }
        for row in rows
    ]


if export_prefill_records not in EXPORTERS:
    EXPORTERS.append(export_prefill_records)
