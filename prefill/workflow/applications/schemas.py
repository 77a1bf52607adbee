"""What a candidate may send for each step, and what the API returns."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_LETTER_CHARS = 8000
"""Longest cover letter typed as text."""
MAX_REFERENCES = 5
"""Most references on one application."""
MAX_EXPLANATION_CHARS = 2000
"""Longest explanation of one answer."""
MAX_TEXT_ANSWER_CHARS = 4000
"""Longest answer to a text question."""

StepState = Literal["to_do", "current", "complete", "needs_attention"]
ShownStatus = Literal["draft", "amended", "submitted", "withdrawn", "closed"]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ApplicationCreate(_Request):
    vacancy_reference: str = Field(min_length=1, max_length=40)


class AnswerCreate(_Request):
    value: bool | float | list[str] | str
    """yes/no: a bool; single choice: an option id; multiple choice: option ids; text; number."""
    explanation: str | None = Field(None, max_length=MAX_EXPLANATION_CHARS)


class AnswersUpdate(_Request):
    answers: dict[str, AnswerCreate]
    """By question id; replaces the questionnaire's saved answers."""


class LetterTextUpdate(_Request):
    text: str = Field(min_length=1, max_length=MAX_LETTER_CHARS)


class ReferenceCreate(_Request):
    name: Any = None
    relationship: Any = None
    email: Any = None
    phone: Any = None


class ReferencesUpdate(_Request):
    references: list[ReferenceCreate] = Field(max_length=MAX_REFERENCES)


class SignatureCreate(_Request):
    declaration_version: str = Field(max_length=32)
    full_name: str = Field(min_length=1, max_length=300)
    date_of_birth: str = Field(max_length=10)
    """YYYY-MM-DD."""


class StepPublic(BaseModel):
    name: str
    state: StepState
    messages: dict[str, str]
    """Per field path, what needs attention."""
    edit: str
    """Where to change this step (an API path)."""


class ApplicationSummary(BaseModel):
    id: str
    vacancy_reference: str
    vacancy_title: str
    vacancy_kind: str
    closes_at: dt.datetime
    time_zone: str
    status: ShownStatus
    hr_status: str | None
    created_at: dt.datetime
    submitted_at: dt.datetime | None


class ApplicationPublic(ApplicationSummary):
    steps: list[StepPublic]
    resume_at: str | None
    """The first step not complete: where the portal resumes."""
    general_questionnaire: list[dict[str, Any]]
    answers: dict[str, dict[str, dict[str, Any]]]
    cover_letter: dict[str, Any] | None
    references: list[dict[str, Any]] | None
    signature: dict[str, Any] | None
    declaration: dict[str, str]
    content_sha256: str
    """Hash of the application as it stands: what a signature must cover."""
    submitted: dict[str, Any] | None
    """The snapshot last submitted (kept while an amended draft is prepared)."""
