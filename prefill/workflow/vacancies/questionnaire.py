"""The job-specific questionnaire of a vacancy: questions, their answers' outcomes, and the verdict on an
answer (pass, disqualify, or review by HR; some answers need an explanation)."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

MAX_QUESTIONS = 40
"""Questions in one questionnaire."""
MAX_OPTIONS = 30
"""Options of one choice question."""
MAX_QUESTION_TEXT = 1000
"""Characters of a question's text in one language."""
MAX_OPTION_TEXT = 300
"""Characters of an option's text in one language."""

Outcome = Literal["pass", "review", "disqualify"]
QuestionType = Literal["yes_no", "single_choice", "multiple_choice", "text", "number"]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
"""Stable ids: answers refer to them, so they never change once the vacancy is published."""

SEVERITY: dict[str, int] = {"pass": 0, "review": 1, "disqualify": 2}
"""A multiple-choice answer gets the most severe outcome of the options picked."""

YES_NO = ("yes", "no")


class Text(BaseModel):
    """A text in English and French; at least one of them."""

    model_config = ConfigDict(extra="forbid")

    en: str | None = Field(None, min_length=1)
    fr: str | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _one_language_at_least(self) -> Self:
        if self.en is None and self.fr is None:
            raise ValueError("give the text in English (en) or French (fr)")
        return self

    def in_language(self, language: str) -> str:
        """The text in `language`, or in the other one when it has no translation."""
        preferred = self.fr if language == "fr" else self.en
        return preferred or self.en or self.fr or ""


class QuestionText(Text):
    en: str | None = Field(None, min_length=1, max_length=MAX_QUESTION_TEXT)
    fr: str | None = Field(None, min_length=1, max_length=MAX_QUESTION_TEXT)


class OptionText(Text):
    en: str | None = Field(None, min_length=1, max_length=MAX_OPTION_TEXT)
    fr: str | None = Field(None, min_length=1, max_length=MAX_OPTION_TEXT)


class Verdict(BaseModel):
    """What one answer means for the application."""

    outcome: Outcome = "pass"
    explanation_required: bool = False
    """The candidate must explain this answer in a few words."""


class Option(Verdict):
    """An answer of a yes/no or choice question (a yes/no question has the options `yes` and `no`)."""

    model_config = ConfigDict(extra="forbid")

    id: Identifier
    text: OptionText | None = None
    """Required for choice options; yes/no options are labelled by the portal."""


class NumberRange(Verdict):
    """The verdict on numbers from `min` (included) up to `max` (excluded); an open end when None."""

    model_config = ConfigDict(extra="forbid")

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError("min must be below max")
        return self

    def holds(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value < self.max)


class Question(BaseModel):
    """One question. `outcome` / `explanation_required` at the question level are the verdict on any
    text answer, and on a number outside every range."""

    model_config = ConfigDict(extra="forbid")

    id: Identifier
    text: QuestionText
    type: QuestionType
    required: bool = True
    options: list[Option] = Field(default_factory=list, max_length=MAX_OPTIONS)
    ranges: list[NumberRange] = Field(default_factory=list, max_length=MAX_OPTIONS)
    outcome: Outcome = "pass"
    explanation_required: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        ids = [option.id for option in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError("option ids must be unique within a question")
        if self.type == "yes_no" and sorted(ids) != sorted(YES_NO):
            raise ValueError("a yes_no question has exactly the options `yes` and `no`")
        if self.type in ("single_choice", "multiple_choice"):
            if len(ids) < 2:
                raise ValueError("a choice question has at least two options")
            if any(option.text is None for option in self.options):
                raise ValueError("every option of a choice question has a text")
        if self.type in ("text", "number") and self.options:
            raise ValueError(f"a {self.type} question has no options")
        if self.type != "number" and self.ranges:
            raise ValueError("only a number question has ranges")
        return self

    def verdict(self, answer: bool | str | float | list[str]) -> Verdict:
        """The verdict on an answer: yes/no a bool, single choice an option id, multiple choice a list
        of option ids, text a string, number a number. A ValueError when the answer does not fit."""
        if self.type == "text" and isinstance(answer, str):
            return Verdict(outcome=self.outcome, explanation_required=self.explanation_required)
        if self.type == "number" and isinstance(answer, int | float) and not isinstance(answer, bool):
            found = next((r for r in self.ranges if r.holds(answer)), self)
            return Verdict(outcome=found.outcome, explanation_required=found.explanation_required)
        if self.type == "yes_no" and isinstance(answer, bool):
            return self._option_verdicts(["yes" if answer else "no"])
        if self.type == "single_choice" and isinstance(answer, str):
            return self._option_verdicts([answer])
        if self.type == "multiple_choice" and isinstance(answer, list) and answer:
            if len(set(answer)) != len(answer):
                raise ValueError("an option is picked twice")
            return self._option_verdicts(answer)
        raise ValueError(f"not an answer to a {self.type} question")

    def _option_verdicts(self, picked: list[str]) -> Verdict:
        options = {option.id: option for option in self.options}
        if any(not isinstance(choice, str) or choice not in options for choice in picked):
            raise ValueError("not one of the question's options")
        chosen = [options[choice] for choice in picked]
        return Verdict(
            outcome=max((option.outcome for option in chosen), key=SEVERITY.__getitem__),
            explanation_required=any(option.explanation_required for option in chosen),
        )


def _unique_question_ids(questions: list[Question]) -> list[Question]:
    ids = [question.id for question in questions]
    if len(set(ids)) != len(ids):
        raise ValueError("question ids must be unique within a questionnaire")
    return questions


Questionnaire = Annotated[
    list[Question], Field(max_length=MAX_QUESTIONS), AfterValidator(_unique_question_ids)
]
"""The questions of one vacancy, in the order the candidate sees them."""
