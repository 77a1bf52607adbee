"""The draft profile: the JSON contract of `prefill parse` and of the import job (DESIGN §3).

Field names are fixed; fields may be added, never renamed. Every extracted value is a `Field`
(value, confidence, source snippet) or `None` when nothing was found.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

SCHEMA_VERSION = "1"
"""Version of this JSON shape; bumped only on an incompatible change."""

T = TypeVar("T")

SourceKind = Literal["docx", "pdf", "linkedin_pdf", "linkedin_zip"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Snippet(_Strict):
    """Where a value came from: shown to the candidate and HR to check it."""

    page: int = PydanticField(ge=1)
    text: str


class Field(_Strict, Generic[T]):
    value: T
    confidence: float = PydanticField(ge=0.0, le=1.0)
    source: Snippet


class Address(_Strict):
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = PydanticField(default=None, description="ISO 3166-1 alpha-2")


class Source(_Strict):
    kind: SourceKind
    filename: str | None
    sha256: str
    pages: int
    language: str | None = PydanticField(description="ISO 639-1 of the CV text")


class Personal(_Strict):
    first_name: Field[str] | None = None
    last_name: Field[str] | None = None
    email: Field[str] | None = None
    phone: Field[str] | None = None
    address: Field[Address] | None = None
    nationality: Field[str] | None = None
    date_of_birth: Field[str] | None = None
    links: list[Field[str]] = []


class LanguageEntry(_Strict):
    language: Field[str] | None
    level: Field[str] | None


class EducationEntry(_Strict):
    institution: Field[str] | None = None
    degree: Field[str] | None = None
    field_of_study: Field[str] | None = None
    start: Field[str] | None = None
    end: Field[str] | None = None
    location: Field[str] | None = None


class CertificationEntry(_Strict):
    name: Field[str] | None = None
    issuer: Field[str] | None = None
    date: Field[str] | None = None


class ExperienceEntry(_Strict):
    employer: Field[str] | None = None
    title: Field[str] | None = None
    location: Field[str] | None = None
    start: Field[str] | None = None
    end: Field[str] | None = None
    current: bool = False
    description: Field[str] | None = None


class Warning(_Strict):
    code: str
    path: str
    message: str


class DraftProfile(_Strict):
    schema_version: Literal["1"] = SCHEMA_VERSION
    parser_version: str
    source: Source
    personal: Personal
    languages: list[LanguageEntry] = []
    education: list[EducationEntry] = []
    certifications: list[CertificationEntry] = []
    experience: list[ExperienceEntry] = []
    skills: list[Field[str]] = []
    warnings: list[Warning] = []

    def to_json(self) -> str:
        """The exact JSON printed by `prefill parse` (every key present, nulls kept)."""
        return self.model_dump_json(indent=2)
