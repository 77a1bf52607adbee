"""`/v1/vacancies`: the list with filters and paging, the RSS feed, a vacancy's detail. Public: no log-in."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from starlette.datastructures import URL

from prefill.deps import SessionDep, SettingsDep
from prefill.instants import utcnow
from prefill.settings import Settings
from prefill.workflow.vacancies import service
from prefill.workflow.vacancies.rss import render_feed
from prefill.workflow.vacancies.schemas import PageLinks, VacancyDetail, VacancyFilters, VacancyPage
from prefill.workflow.vacancies.service import Sort
from prefill.workflow.vacancies.zones import zone_named

DEFAULT_PER_PAGE = 20
"""Vacancies on a page when the client does not say."""
MAX_PER_PAGE = 100
"""Most vacancies on one page."""
MAX_PAGE = 10_000
"""Highest page number accepted: deeper offsets only load the database."""
FEED_MAX_ITEMS = 100
"""Newest vacancies in a feed."""
FEED_MEDIA_TYPE = "application/rss+xml; charset=utf-8"

router = APIRouter(prefix="/v1/vacancies", tags=["vacancies"])


def viewer_zone(
    tz: Annotated[str | None, Query(max_length=64, description="IANA zone to show times in")] = None,
    x_time_zone: Annotated[str | None, Header(max_length=64)] = None,
) -> ZoneInfo | None:
    """The viewer's zone, from `tz=Area/City` or the `X-Time-Zone` header (the parameter wins)."""
    name = tz if tz is not None else x_time_zone
    return None if name is None else zone_named(name.strip())


ViewerZone = Annotated[ZoneInfo | None, Depends(viewer_zone)]
Filters = Annotated[VacancyFilters, Query()]


def _public(url: URL, settings: Settings) -> str:
    """`url` as candidates reach the service (`PREFILL_PUBLIC_BASE_URL`, behind a proxy)."""
    if settings.public_base_url is None:
        return str(url)
    query = f"?{url.query}" if url.query else ""
    return f"{settings.public_base_url.rstrip('/')}{url.path}{query}"


def _vacancy_url(request: Request, settings: Settings, reference: str) -> str:
    path = f"/v1/vacancies/{quote(reference, safe='/')}"
    return _public(request.url.replace(path=path, query=""), settings)


@router.get("", response_model=VacancyPage)
def list_vacancies(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    filters: Filters,
    viewer: ViewerZone,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = DEFAULT_PER_PAGE,
    sort: Sort = "closing",
) -> VacancyPage:
    now = utcnow()
    rows, total = service.find_vacancies(
        session, filters=filters, now=now, sort=sort, offset=(page - 1) * per_page, limit=per_page
    )

    def page_url(number: int) -> str:
        return _public(request.url.include_query_params(page=number, per_page=per_page), settings)

    return VacancyPage(
        items=[service.summary(row, now=now, viewer=viewer) for row in rows],
        total=total,
        page=page,
        per_page=per_page,
        links=PageLinks(
            self=page_url(page),
            next=page_url(page + 1) if page * per_page < total else None,
            prev=page_url(min(page - 1, -(-total // per_page))) if page > 1 and total else None,
        ),
    )


def _feed_title(filters: VacancyFilters) -> str:
    chosen = [
        *filters.kind,
        *filters.category,
        *filters.grade,
        *filters.duty_station,
        *filters.country,
        *filters.language,
    ]
    return "Vacancies" + (f": {', '.join(chosen)}" if chosen else "")


@router.get(
    "/feed.rss",
    response_class=Response,
    responses={200: {"content": {"application/rss+xml": {}}, "description": "An RSS 2.0 document."}},
)
def vacancy_feed(request: Request, session: SessionDep, settings: SettingsDep, filters: Filters) -> Response:
    """The newest vacancies matching the filters (the list's), as RSS 2.0."""
    now = utcnow()
    rows, _total = service.find_vacancies(
        session, filters=filters, now=now, sort="newest", limit=FEED_MAX_ITEMS
    )
    body = render_feed(
        rows,
        title=_feed_title(filters),
        description="Vacancies open to applications, newest first."
        if filters.open_only
        else "Vacancies, open and closed, newest first.",
        link=_public(request.url.replace(path="/v1/vacancies"), settings),
        self_link=_public(request.url, settings),
        item_link={row.reference: _vacancy_url(request, settings, row.reference) for row in rows},
        now=now,
    )
    return Response(body, media_type=FEED_MEDIA_TYPE)


@router.get("/{reference:path}", response_model=VacancyDetail)
def vacancy_detail(reference: str, session: SessionDep, viewer: ViewerZone) -> VacancyDetail:
    """A published vacancy (open or closed) with its questionnaire; the reference keeps its slashes."""
    now = utcnow()
    return service.detail(service.find_vacancy(session, reference=reference, now=now), now=now, viewer=viewer)
