"""Vacancy data rules: kinds, categories and grades, duty station, dates, language requirements, the
questionnaire and the verdict on answers; the demo openings satisfy them all."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from pydantic import ValidationError

from prefill.workflow.vacancies.demo import OPENINGS, opening_data
from prefill.workflow.vacancies.questionnaire import Question
from prefill.workflow.vacancies.schemas import VacancyCreate

NOW = dt.datetime(2026, 10, 20, 9, 30, tzinfo=dt.UTC)


def vacancy_fields(**changes) -> dict:
    fields = {
        "reference": "VA/2026/P3/100",
        "kind": "staff",
        "category": "P",
        "grade": "P-3",
        "title": "Programme Officer",
        "language": "en",
        "city": "Geneva",
        "country": "CH",
        "time_zone": "Europe/Zurich",
        "contract_type": "fixed_term",
        "duration_months": 24,
        "published_at": "2026-10-01T08:00:00Z",
        "closes_at": "2026-10-25T23:59:00+01:00",
        "languages": [{"language": "en", "level": "C1", "requirement": "required"}],
        "description": "Runs the programme.",
        "questionnaire": [],
    }
    fields.update(changes)
    return {name: value for name, value in fields.items() if value is not ...}


def refused(**changes) -> str:
    with pytest.raises(ValidationError) as raised:
        VacancyCreate.model_validate(vacancy_fields(**changes))
    return str(raised.value)


@pytest.mark.parametrize(
    ("category", "grade"),
    [("P", "P-2"), ("P", "P-5"), ("G", "G-5"), ("G", "G-7"), ("D", "D-1"), ("D", "D-2"), ("NO", "NO-B")],
)
def test_every_grade_of_its_category_is_accepted(category, grade):
    vacancy = VacancyCreate.model_validate(vacancy_fields(category=category, grade=grade))
    assert (vacancy.category, vacancy.grade) == (category, grade)


@pytest.mark.parametrize(
    ("written", "grade"), [("p3", "P-3"), ("g-5", "G-5"), ("NOB", "NO-B"), (" d 1 ", "D-1")]
)
def test_a_grade_is_written_one_way_and_gives_its_category(written, grade):
    vacancy = VacancyCreate.model_validate(vacancy_fields(category=None, grade=written))
    assert vacancy.grade == grade
    assert vacancy.category == grade.split("-")[0]


@pytest.mark.parametrize(
    ("category", "grade", "message"),
    [
        ("P", "G-5", "not in category P"),
        ("NO", "P-3", "not in category NO"),
        ("P", "P-6", "unknown grade"),
        ("G", "G-8", "unknown grade"),
        ("D", "D-3", "unknown grade"),
        ("NO", "NO-F", "unknown grade"),
        ("X", "P-3", "category"),
        ("P", None, "has a grade"),
    ],
)
def test_a_grade_outside_its_category_is_refused(category, grade, message):
    assert message in refused(category=category, grade=grade)


@pytest.mark.parametrize(
    ("kind", "contract_type"), [("internship", "internship"), ("contractor", "individual_contract")]
)
def test_internships_and_contractor_offers_have_no_grade(kind, contract_type):
    assert "no category or grade" in refused(kind=kind, contract_type=contract_type)
    vacancy = VacancyCreate.model_validate(
        vacancy_fields(kind=kind, contract_type=contract_type, category=None, grade=None)
    )
    assert vacancy.grade is None


def test_the_contract_type_fits_the_kind():
    assert "contract type is one of" in refused(contract_type="internship")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_zone": "Europe/Geneva"}, "time zone"),
        ({"country": "XX"}, "ISO 3166-1"),
        ({"published_at": "2026-10-01T08:00:00"}, "timezone"),
        ({"closes_at": "2026-09-30T08:00:00Z"}, "closes after it is published"),
        ({"languages": [{"language": "xx", "level": "C1", "requirement": "required"}]}, "ISO 639-1"),
        ({"languages": [{"language": "en", "level": "C3", "requirement": "required"}]}, "native"),
        ({"languages": [{"language": "en", "level": "B2", "requirement": "nice"}]}, "desirable"),
        ({"reference": "va 2026"}, "pattern"),
        ({"language": "es"}, "'en' or 'fr'"),
    ],
)
def test_a_vacancy_with_an_impossible_field_is_refused(changes, message):
    assert message in refused(**changes)


def test_closing_instants_with_an_offset_are_kept_as_the_same_instant():
    vacancy = VacancyCreate.model_validate(vacancy_fields())
    assert vacancy.closes_at == dt.datetime(2026, 10, 25, 22, 59, tzinfo=dt.UTC)


# -- the questionnaire ------------------------------------------------------------------------------

TEXT = {"en": "A question?", "fr": "Une question ?"}


def question(**fields) -> Question:
    return Question.model_validate({"id": "q", "text": TEXT, **fields})


def yes_no(*, yes: dict, no: dict) -> Question:
    return question(type="yes_no", options=[{"id": "yes", **yes}, {"id": "no", **no}])


def choices(type_: str) -> Question:
    return question(
        type=type_,
        options=[
            {"id": "a", "text": {"en": "A"}},
            {"id": "b", "text": {"en": "B"}, "outcome": "review", "explanation_required": True},
            {"id": "c", "text": {"fr": "C"}, "outcome": "disqualify"},
        ],
    )


def test_a_yes_no_answer_gets_the_outcome_of_its_option():
    relatives = yes_no(yes={"outcome": "review", "explanation_required": True}, no={})

    assert relatives.verdict(True).model_dump() == {"outcome": "review", "explanation_required": True}
    assert relatives.verdict(False).model_dump() == {"outcome": "pass", "explanation_required": False}


def test_a_multiple_choice_answer_gets_the_most_severe_outcome_of_the_options_picked():
    tools = choices("multiple_choice")

    assert tools.verdict(["a"]).outcome == "pass"
    assert tools.verdict(["a", "b"]).model_dump() == {"outcome": "review", "explanation_required": True}
    assert tools.verdict(["b", "c"]).outcome == "disqualify"
    assert choices("single_choice").verdict("c").outcome == "disqualify"


def test_a_number_answer_gets_the_outcome_of_its_range_with_min_included_and_max_excluded():
    years = question(
        type="number",
        ranges=[
            {"max": 4, "outcome": "disqualify"},
            {"min": 4, "max": 5, "outcome": "review", "explanation_required": True},
            {"min": 5, "max": 40},
        ],
        outcome="review",
    )

    assert years.verdict(3.9).outcome == "disqualify"
    assert years.verdict(4).model_dump() == {"outcome": "review", "explanation_required": True}
    assert years.verdict(5).outcome == "pass"
    assert years.verdict(40).outcome == "review"  # beyond every range: the question's own outcome


def test_a_text_answer_gets_the_question_outcome():
    assert question(type="text", outcome="review").verdict("Because.").outcome == "review"


@pytest.mark.parametrize(
    ("type_", "answer"),
    [
        ("yes_no", "yes"),
        ("single_choice", "z"),
        ("single_choice", ["a"]),
        ("multiple_choice", []),
        ("multiple_choice", ["a", "a"]),
        ("multiple_choice", ["a", "z"]),
        ("number", True),
        ("number", "12"),
        ("text", 12),
    ],
)
def test_an_answer_that_does_not_fit_the_question_is_refused(type_, answer):
    asked = {
        "yes_no": lambda: yes_no(yes={}, no={}),
        "single_choice": lambda: choices("single_choice"),
        "multiple_choice": lambda: choices("multiple_choice"),
        "number": lambda: question(type="number"),
        "text": lambda: question(type="text"),
    }[type_]()
    with pytest.raises(ValueError, match="not an answer|not one of|picked twice"):
        asked.verdict(answer)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"type": "yes_no", "options": [{"id": "yes"}, {"id": "maybe"}]}, "exactly the options"),
        ({"type": "single_choice", "options": [{"id": "a", "text": {"en": "A"}}]}, "at least two"),
        ({"type": "single_choice", "options": [{"id": "a"}, {"id": "b"}]}, "has a text"),
        (
            {
                "type": "multiple_choice",
                "options": [{"id": "a", "text": {"en": "A"}}, {"id": "a", "text": {"en": "B"}}],
            },
            "unique",
        ),
        ({"type": "text", "options": [{"id": "yes"}]}, "no options"),
        ({"type": "text", "ranges": [{"min": 1}]}, "only a number question"),
        ({"type": "number", "ranges": [{"min": 5, "max": 5}]}, "min must be below max"),
        ({"type": "text", "text": {}}, "give the text in English"),
        ({"type": "text", "id": "Bad Id"}, "pattern"),
        ({"type": "essay"}, "yes_no"),
    ],
)
def test_an_inconsistent_question_is_refused(fields, message):
    with pytest.raises(ValidationError, match=message):
        question(**fields)


def test_question_ids_are_unique_within_a_questionnaire():
    same = {"id": "q", "text": TEXT, "type": "text"}
    assert "unique within a questionnaire" in refused(questionnaire=[same, same])


def test_a_question_text_falls_back_to_the_other_language():
    asked = question(type="text", text={"fr": "Seulement en français ?"})
    assert asked.text.in_language("en") == "Seulement en français ?"
    assert question(type="text").text.in_language("fr") == "Une question ?"


# -- the demo openings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "now",
    [NOW, dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC), dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.UTC)],
)
def test_the_demo_openings_are_valid_whatever_the_day_of_seeding(now):
    openings = [opening_data(opening, now=now) for opening in OPENINGS]

    assert len({vacancy.reference for vacancy in openings}) == len(openings) >= 10
    closed = [vacancy for vacancy in openings if vacancy.closes_at <= now]
    soon = [
        vacancy for vacancy in openings if dt.timedelta(0) < vacancy.closes_at - now < dt.timedelta(days=3)
    ]
    assert len(closed) >= 2 and len(soon) >= 2
    assert all(vacancy.published_at <= now for vacancy in openings)


def test_the_demo_openings_cover_every_kind_grade_range_station_language_question_type_and_outcome():
    openings = [opening_data(opening, now=NOW) for opening in OPENINGS]
    kinds = Counter(vacancy.kind for vacancy in openings)
    questions = [question for vacancy in openings for question in vacancy.questionnaire]
    outcomes = {
        verdict.outcome
        for question in questions
        for verdict in [question, *question.options, *question.ranges]
    }

    assert kinds["internship"] >= 2 and kinds["contractor"] >= 2
    assert {"P-2", "P-3", "P-4", "P-5", "D-1", "G-5", "NO-B"} <= {vacancy.grade for vacancy in openings}
    assert {"Geneva", "New York", "Nairobi", "Bangkok", "Paris", "Dakar", "Santiago"} <= {
        vacancy.city for vacancy in openings
    }
    assert {vacancy.language for vacancy in openings} == {"en", "fr"}
    assert {question.type for question in questions} == {
        "yes_no",
        "single_choice",
        "multiple_choice",
        "text",
        "number",
    }
    assert outcomes == {"pass", "review", "disqualify"}
    assert any(option.explanation_required for question in questions for option in question.options)
    assert all(question.text.en and question.text.fr for question in questions)
