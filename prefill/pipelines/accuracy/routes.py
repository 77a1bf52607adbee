"""`/v1/hr/prefill-accuracy`: how good prefills are in real use, for HR — the report and its chart."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from prefill.deps import SessionDep
from prefill.pipelines.accuracy import chart, service
from prefill.pipelines.accuracy.schemas import AccuracyFilters, AccuracyQuery, AccuracyReport
from prefill.workflow.accounts.deps import HrUser

SVG_MEDIA_TYPE = "image/svg+xml"

router = APIRouter(prefix="/v1/hr/prefill-accuracy", tags=["hr"])


@router.get("", response_model=AccuracyReport)
def prefill_accuracy(
    session: SessionDep, _hr: HrUser, query: Annotated[AccuracyQuery, Query()]
) -> AccuracyReport:
    return service.report(session=session, query=query)


@router.get(
    "/chart.svg",
    response_class=Response,
    responses={200: {"content": {SVG_MEDIA_TYPE: {}}, "description": "F1 per field and parser version"}},
)
def prefill_accuracy_chart(
    session: SessionDep, _hr: HrUser, filters: Annotated[AccuracyFilters, Query()]
) -> Response:
    report = service.report(session=session, query=chart.chart_query(filters))
    return Response(chart.render_svg(report), media_type=SVG_MEDIA_TYPE)
