"""The prefill-accuracy report: its query (the API's query parameters, the CLI's options) and its answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from prefill.models.draft import SourceKind
from prefill.pipelines.accuracy.compare import Outcome

Dimension = Literal["parser_version", "kind", "language", "period"]
"""What groups are keyed by; the field is always a dimension too (every group lists its fields)."""

Period = Literal["day", "week", "month"]
"""Length of a period: UTC day, ISO week (`2026-W48`), month."""


class AccuracyFilters(BaseModel):
    """Which submissions count. Unknown parameters are refused, so a misspelt filter is not ignored."""

    model_config = ConfigDict(extra="forbid")

    since: dt.date | None = None
    """First UTC day of submission counted."""
    until: dt.date | None = None
    """Last UTC day of submission counted (included)."""
    parser_version: str | None = Field(default=None, min_length=1, max_length=32)
    kind: SourceKind | None = None
    """Input kind of the imported CV."""
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$")
    """ISO 639-1 code of the imported CV's language."""

    @field_validator("until")
    @classmethod
    def _not_before_since(cls, until: dt.date | None, info: ValidationInfo) -> dt.date | None:
        since = info.data.get("since")
        if until is not None and since is not None and until < since:
            raise ValueError("`until` is before `since`.")
        return until


class AccuracyQuery(AccuracyFilters):
    by: list[Dimension] = Field(default_factory=list, max_length=len(get_args(Dimension)))
    """Dimensions of the groups, in order (a repeated parameter: `by=parser_version&by=kind`); none
    gives one group of everything."""
    period: Period = "month"
    """Length of a period, when grouping by `period`."""

    @field_validator("by")
    @classmethod
    def _each_once(cls, by: list[str]) -> list[str]:
        if len(set(by)) != len(by):
            raise ValueError("Name each dimension once.")
        return by


class FieldAccuracy(BaseModel):
    """Counts of prefilled values (see `prefill.pipelines.accuracy.compare`) and the ratios they give."""

    kept: int
    corrected: int
    missed: int
    spurious: int
    precision: float | None
    """kept / (kept + corrected + spurious); null with nothing prefilled."""
    recall: float | None
    """kept / (kept + corrected + missed); null with nothing submitted."""
    f1: float | None

    @classmethod
    def of(cls, outcome: Outcome) -> FieldAccuracy:
        counts = outcome.counts
        return cls(**asdict(outcome), precision=counts.precision, recall=counts.recall, f1=counts.f1)


class AccuracyGroup(BaseModel):
    key: dict[str, str | None]
    """The group's value of each `by` dimension, in `by` order (`language` null: not detected)."""
    applications: int
    """Submitted applications counted (an amended one once, with its last submission)."""
    fields: dict[str, FieldAccuracy]
    """By scorer field path (`personal.phone`, `experience.title`), in report order."""
    sections: dict[str, FieldAccuracy]
    """Sums over each section's fields (`personal`, `experience`, ...)."""
    overall: FieldAccuracy


class AccuracyReport(BaseModel):
    query: AccuracyQuery
    groups: list[AccuracyGroup]
    """In key order; none when no submission matches."""
