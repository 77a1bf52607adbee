"""What HR gives to create a vacancy (`VacancyCreate`), the list filters, and what the API returns."""

from __future__ import annotations

from typing import Annotated, Literal, Self

import pycountry
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from prefill.workflow.vacancies.grades import CATEGORY_OF_GRADE, Category, normalized_grade
from prefill.workflow.vacancies.questionnaire import Question, Questionnaire
from prefill.workflow.vacancies.zones import InvalidTimeZone, ShownInstant, zone_named

MAX_DESCRIPTION = 20_000
"""Characters of a vacancy's description."""
MAX_LANGUAGE_REQUIREMENTS = 10
"""Language requirements of one vacancy."""
MAX_FILTER_VALUES = 20
"""Values of one list filter (`grade=P-3&grade=P-4…`)."""
MAX_DURATION_MONTHS = 120
"""Longest contract a vacancy announces."""

Kind = Literal["staff", "internship", "contractor"]
VacancyLanguage = Literal["en", "fr"]
ContractType = Literal["fixed_term", "temporary", "continuing", "internship", "individual_contract"]
CefrLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2", "native"]

CONTRACT_TYPES_OF_KIND: dict[str, tuple[str, ...]] = {
    "staff": ("fixed_term", "temporary", "continuing"),
    "internship": ("internship",),
    "contractor": ("individual_contract",),
}


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _known_country(code: str) -> str:
    if pycountry.countries.get(alpha_2=code) is None:
        raise ValueError("not an ISO 3166-1 alpha-2 country code")
    return code


def _known_language(code: str) -> str:
    if pycountry.languages.get(alpha_2=code) is None:
        raise ValueError("not an ISO 639-1 language code")
    return code


def _known_zone(name: str) -> str:
    try:
        zone_named(name)
    except InvalidTimeZone as error:
        raise ValueError(str(error)) from None
    return name


Country = Annotated[
    str, BeforeValidator(_upper), Field(pattern=r"^[A-Z]{2}$"), AfterValidator(_known_country)
]
LanguageCode = Annotated[
    str,
    BeforeValidator(lambda value: value.strip().lower() if isinstance(value, str) else value),
    Field(pattern=r"^[a-z]{2}$"),
    AfterValidator(_known_language),
]
Grade = Annotated[str, AfterValidator(normalized_grade)]
TimeZoneName = Annotated[str, Field(max_length=64), AfterValidator(_known_zone)]
Reference = Annotated[str, BeforeValidator(_upper), Field(pattern=r"^[A-Z0-9][A-Z0-9/._-]{2,39}$")]


class LanguageRequirement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: LanguageCode
    level: CefrLevel
    """The lowest CEFR level accepted, or `native` (mother tongue)."""
    requirement: Literal["required", "desirable"]


class VacancyCreate(BaseModel):
    """A new vacancy (HR, or the demo data). A staff post has a category and a grade of that category."""

    model_config = ConfigDict(extra="forbid")

    reference: Reference
    kind: Kind
    category: Annotated[Category | None, BeforeValidator(_upper)] = None
    """Taken from the grade when not given."""
    grade: Grade | None = None
    title: str = Field(min_length=2, max_length=200)
    language: VacancyLanguage
    city: str = Field(min_length=1, max_length=100)
    country: Country
    time_zone: TimeZoneName
    contract_type: ContractType
    duration_months: int | None = Field(None, ge=1, le=MAX_DURATION_MONTHS)
    """None for a continuing appointment."""
    published_at: AwareDatetime
    closes_at: AwareDatetime
    languages: list[LanguageRequirement] = Field(default_factory=list, max_length=MAX_LANGUAGE_REQUIREMENTS)
    description: str = Field(min_length=1, max_length=MAX_DESCRIPTION)
    questionnaire: Questionnaire = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.kind == "staff":
            if self.grade is None:
                raise ValueError("a staff post has a grade such as P-3, G-5, D-1 or NO-B")
            if self.category is None:
                self.category = CATEGORY_OF_GRADE[self.grade]
            elif CATEGORY_OF_GRADE[self.grade] != self.category:
                raise ValueError(f"grade {self.grade} is not in category {self.category}")
        elif self.category is not None or self.grade is not None:
            raise ValueError(f"a {self.kind} vacancy has no category or grade")
        if self.contract_type not in CONTRACT_TYPES_OF_KIND[self.kind]:
            allowed = ", ".join(CONTRACT_TYPES_OF_KIND[self.kind])
            raise ValueError(f"a {self.kind} vacancy's contract type is one of: {allowed}")
        if self.closes_at <= self.published_at:
            raise ValueError("the vacancy closes after it is published")
        languages = [requirement.language for requirement in self.languages]
        if len(set(languages)) != len(languages):
            raise ValueError("one requirement per language")
        return self


class VacancyFilters(BaseModel):
    """Filters of the list and the feed; a repeated parameter matches any of its values."""

    kind: list[Kind] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    category: list[Annotated[Category, BeforeValidator(_upper)]] = Field(
        default_factory=list, max_length=MAX_FILTER_VALUES
    )
    grade: list[Grade] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    duty_station: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=MAX_FILTER_VALUES
    )
    """City, in any case."""
    country: list[Country] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    language: list[VacancyLanguage] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    """The vacancy's own language."""
    open_only: bool = True
    """Only vacancies taking applications now; false adds the closed ones."""


class DutyStation(BaseModel):
    city: str
    country: str
    country_name: str
    time_zone: str


class VacancySummary(BaseModel):
    """A vacancy as the list and the feed show it."""

    reference: str
    kind: Kind
    category: str | None
    grade: str | None
    title: str
    language: VacancyLanguage
    duty_station: DutyStation
    contract_type: ContractType
    duration_months: int | None
    published: ShownInstant
    closes: ShownInstant
    open: bool
    """Taking applications at the time of the request, by the server's clock."""
    languages: list[LanguageRequirement]


class VacancyDetail(VacancySummary):
    description: str
    questionnaire: list[Question]


class PageLinks(BaseModel):
    self: str
    next: str | None
    prev: str | None


class VacancyPage(BaseModel):
    items: list[VacancySummary]
    total: int
    """Vacancies matching the filters, on every page."""
    page: int
    per_page: int
    links: PageLinks
