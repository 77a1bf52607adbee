"""Vacancies: create, list with filters and paging, detail. Every function takes the clock as `now`."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo

import pycountry
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from prefill.errors import NotFound
from prefill.instants import as_utc
from prefill.workflow.vacancies.models import Vacancy
from prefill.workflow.vacancies.schemas import (
    DutyStation,
    VacancyCreate,
    VacancyDetail,
    VacancyFilters,
    VacancySummary,
)
from prefill.workflow.vacancies.zones import shown, zone_named

Sort = Literal["closing", "newest"]
"""`closing`: soonest deadline first; `newest`: latest publication first."""


class VacancyNotFound(NotFound):
    message = "No such vacancy."


def create_vacancy(session: Session, *, data: VacancyCreate) -> Vacancy:
    fields = data.model_dump(mode="json", exclude={"published_at", "closes_at"})
    vacancy = Vacancy(**fields, published_at=as_utc(data.published_at), closes_at=as_utc(data.closes_at))
    session.add(vacancy)
    session.flush()
    return vacancy


def is_open(vacancy: Vacancy, *, now: dt.datetime) -> bool:
    """Published, and the closing instant not reached: the last instant before it is still open."""
    return as_utc(vacancy.published_at) <= as_utc(now) < as_utc(vacancy.closes_at)


def _conditions(filters: VacancyFilters, *, now: dt.datetime) -> list[ColumnElement[bool]]:
    now = as_utc(now)
    conditions = [Vacancy.published_at <= now]  # an unpublished vacancy is nobody's business yet
    if filters.open_only:
        conditions.append(Vacancy.closes_at > now)
    for column, values in (
        (Vacancy.kind, filters.kind),
        (Vacancy.category, filters.category),
        (Vacancy.grade, filters.grade),
        (Vacancy.country, filters.country),
        (Vacancy.language, filters.language),
    ):
        if values:
            conditions.append(column.in_(values))
    if filters.duty_station:
        cities = [city.strip().lower() for city in filters.duty_station]
        conditions.append(func.lower(Vacancy.city).in_(cities))
    return conditions


def _ordered(query: Select, sort: Sort) -> Select:
    if sort == "newest":
        return query.order_by(Vacancy.published_at.desc(), Vacancy.reference)
    return query.order_by(Vacancy.closes_at, Vacancy.reference)


def find_vacancies(
    session: Session,
    *,
    filters: VacancyFilters,
    now: dt.datetime,
    sort: Sort = "closing",
    offset: int = 0,
    limit: int,
) -> tuple[list[Vacancy], int]:
    """One page of the vacancies matching `filters` at `now`, and how many match in all."""
    conditions = _conditions(filters, now=now)
    total = session.scalar(select(func.count()).select_from(Vacancy).where(*conditions)) or 0
    rows = session.scalars(_ordered(select(Vacancy).where(*conditions), sort).offset(offset).limit(limit))
    return list(rows), total


def find_vacancy(session: Session, *, reference: str, now: dt.datetime) -> Vacancy:
    """The published vacancy `reference`, open or closed; `VacancyNotFound` otherwise."""
    vacancy = session.scalars(
        select(Vacancy).where(
            Vacancy.reference == reference.strip().upper(), Vacancy.published_at <= as_utc(now)
        )
    ).first()
    if vacancy is None:
        raise VacancyNotFound()
    return vacancy


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country is not None else code


def summary(vacancy: Vacancy, *, now: dt.datetime, viewer: ZoneInfo | None) -> VacancySummary:
    station = zone_named(vacancy.time_zone)
    return VacancySummary(
        reference=vacancy.reference,
        kind=vacancy.kind,
        category=vacancy.category,
        grade=vacancy.grade,
        title=vacancy.title,
        language=vacancy.language,
        duty_station=DutyStation(
            city=vacancy.city,
            country=vacancy.country,
            country_name=country_name(vacancy.country),
            time_zone=vacancy.time_zone,
        ),
        contract_type=vacancy.contract_type,
        duration_months=vacancy.duration_months,
        published=shown(vacancy.published_at, station=station, viewer=viewer),
        closes=shown(vacancy.closes_at, station=station, viewer=viewer),
        open=is_open(vacancy, now=now),
        languages=vacancy.languages,
    )


def detail(vacancy: Vacancy, *, now: dt.datetime, viewer: ZoneInfo | None) -> VacancyDetail:
    return VacancyDetail(
        **summary(vacancy, now=now, viewer=viewer).model_dump(),
        description=vacancy.description,
        questionnaire=vacancy.questionnaire,
    )
