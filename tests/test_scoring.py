"""The accuracy scorer: its arithmetic on hand-made truth/output pairs, and the draft -> values form."""

from __future__ import annotations

import json

import pytest

from prefill.models.draft import (
    Address,
    DraftProfile,
    EducationEntry,
    ExperienceEntry,
    Field,
    LanguageEntry,
    Personal,
    Snippet,
    Source,
)
from prefill.pipelines.scoring import ScoreTable, align, draft_to_values, score_document

TRUTH = {
    "personal": {
        "first_name": "Jeanne",
        "last_name": "Dupont",
        "email": "jeanne@example.org",
        "phone": "+33199001234",
        "city": "Lyon",
        "country": "FR",
    },
    "languages": [{"language": "fr", "level": "native"}, {"language": "en", "level": "C1"}],
    "experience": [
        {
            "employer": "Alpha Industries",
            "title": "Engineer",
            "start": "2021-03",
            "end": None,
            "current": True,
        },
        {"employer": "Beta Logistics", "title": "Analyst", "start": "2018-01", "end": "2021-02"},
        {"employer": "Gamma Foods", "title": "Intern", "start": "2017", "end": "2017"},
    ],
    "education": [{"institution": "Université de Lyon", "degree": "Master", "start": "2015", "end": "2017"}],
    "skills": ["Python", "SQL", "Excel"],
}


def _copy(values: dict) -> dict:
    return json.loads(json.dumps(values))


def test_exact_match_scores_f1_one_everywhere() -> None:
    score = score_document(TRUTH, _copy(TRUTH))
    assert score.overall.f1 == 1.0
    assert score.overall.fp == score.overall.fn == 0
    assert all(counts.f1 == 1.0 for counts in score.groups().values())


def test_wrong_value_counts_one_false_positive_and_one_false_negative() -> None:
    actual = _copy(TRUTH)
    actual["personal"]["email"] = "someone.else@example.org"
    email = score_document(TRUTH, actual).fields["personal.email"]
    assert (email.tp, email.fp, email.fn) == (0, 1, 1)


def test_value_where_truth_states_nothing_is_a_false_positive() -> None:
    actual = _copy(TRUTH)
    actual["personal"]["date_of_birth"] = "1990-01-01"
    score = score_document(TRUTH, actual)
    birth = score.fields["personal.date_of_birth"]
    assert (birth.tp, birth.fp, birth.fn) == (0, 1, 0)
    assert score.errors[0].expected is None


def test_missing_value_is_a_false_negative() -> None:
    actual = _copy(TRUTH)
    del actual["personal"]["phone"]
    phone = score_document(TRUTH, actual).fields["personal.phone"]
    assert (phone.tp, phone.fp, phone.fn) == (0, 0, 1)
    assert phone.recall == 0.0 and phone.precision is None


def test_dates_of_different_precision_are_wrong() -> None:
    actual = _copy(TRUTH)
    actual["experience"][0]["start"] = "2021"
    start = score_document(TRUTH, actual).fields["experience.start"]
    assert (start.tp, start.fp, start.fn) == (2, 1, 1)


def test_missing_middle_entry_is_skipped_and_later_entries_still_align() -> None:
    actual = _copy(TRUTH)
    del actual["experience"][1]
    assert align("experience", TRUTH["experience"], actual["experience"]) == [(0, 0), (1, None), (2, 1)]
    score = score_document(TRUTH, actual)
    for key in ("employer", "title", "start", "end"):
        counts = score.fields[f"experience.{key}"]
        assert (counts.tp, counts.fp, counts.fn) == (counts.support - 1, 0, 1)


def test_extra_output_entry_adds_a_false_positive_per_present_key() -> None:
    actual = _copy(TRUTH)
    actual["experience"].insert(1, {"employer": "Zeta Publishing", "title": "Author", "start": "2019"})
    score = score_document(TRUTH, actual)
    experience = score.groups()["experience"]
    assert (experience.fp, experience.fn) == (3, 0)


def test_roles_under_one_employer_align_by_title() -> None:
    titles = ("Intern", "Research Assistant", "Director")
    truth = [{"employer": "Delta Labs", "title": title} for title in titles]
    actual = [{"employer": "Delta Labs", "title": title} for title in ("Research Assistant", "Director")]
    assert align("experience", truth, actual) == [(0, None), (1, 0), (2, 1)]


def test_current_flag_is_scored_only_where_stated_true() -> None:
    actual = _copy(TRUTH)
    del actual["experience"][0]["current"]
    actual["experience"][1]["current"] = True
    current = score_document(TRUTH, actual).fields["experience.current"]
    assert (current.tp, current.fp, current.fn) == (0, 1, 1)


@pytest.mark.parametrize(
    ("linkedin_label", "cefr"),
    [
        ("Native or Bilingual", "native"),
        ("Native or bilingual proficiency", "native"),
        ("Full Professional", "C1"),
        ("Professional Working", "B2"),
        ("limited working proficiency", "B1"),
        ("Elementary", "A2"),
    ],
)
def test_linkedin_level_labels_equal_their_cefr_code(linkedin_label: str, cefr: str) -> None:
    truth = {"personal": {}, "languages": [{"language": "de", "level": linkedin_label}]}
    actual = {"personal": {}, "languages": [{"language": "de", "level": cefr}]}
    assert score_document(truth, actual).fields["languages.level"].tp == 1


def test_normalisation_ignores_nbsp_case_curly_apostrophe_and_trailing_punctuation() -> None:
    truth = {
        "personal": {"last_name": "O’Neill"},
        "education": [{"institution": "Trinity\u00a0College  Dublin", "degree": "BA (Honors),"}],
    }
    actual = {
        "personal": {"last_name": "o'neill"},
        "education": [{"institution": "TRINITY COLLEGE DUBLIN", "degree": "BA (Honors)"}],
    }
    score = score_document(truth, actual)
    assert score.overall.f1 == 1.0


def test_phone_is_compared_as_digits() -> None:
    truth = {"personal": {"phone": "+41223389111"}}
    actual = {"personal": {"phone": "+41 22 338 91 11"}}
    assert score_document(truth, actual).fields["personal.phone"].tp == 1


def test_skills_are_a_multiset() -> None:
    actual = _copy(TRUTH)
    actual["skills"] = ["python", "Python", "Docker"]
    skills = score_document(TRUTH, actual).fields["skills"]
    assert (skills.tp, skills.fp, skills.fn) == (1, 2, 2)


def test_optional_keys_are_scored_only_when_the_truth_has_them() -> None:
    actual = _copy(TRUTH)
    actual["personal"]["street"] = "1 rue de la Paix"
    actual["certifications"] = [{"name": "PMP", "date": "2020"}]
    assert "personal.street" not in score_document(TRUTH, actual).fields
    assert "certifications.name" not in score_document(TRUTH, actual).fields
    truth = _copy(TRUTH) | {"certifications": []}
    truth["personal"]["street"] = "1 rue de la Paix"
    score = score_document(truth, actual)
    assert score.fields["personal.street"].tp == 1
    assert score.fields["certifications.name"].fp == 1


def test_score_table_sums_documents_and_reports_groups_and_overall() -> None:
    perfect = score_document(TRUTH, _copy(TRUTH))
    empty = score_document(TRUTH, {"personal": {}})
    table = ScoreTable.of([perfect, empty])
    data = table.to_dict()
    assert data["documents"] == 2
    assert data["overall"]["tp"] == perfect.overall.tp
    assert data["overall"]["recall"] == 0.5
    text = table.format_table()
    assert text.splitlines()[-1].startswith("overall")
    assert "[experience]" in text and "personal.first_name" in text


def _field(value: object, text: str = "snippet") -> Field:
    return Field(value=value, confidence=0.9, source=Snippet(page=1, text=text))


def test_draft_to_values_gives_the_truth_file_shape() -> None:
    draft = DraftProfile(
        parser_version="0.1.0",
        source=Source(kind="docx", filename="cv.docx", sha256="0" * 64, pages=1, language="fr"),
        personal=Personal(
            first_name=_field("Jeanne"),
            last_name=_field("Dupont"),
            address=_field(Address(city="Lyon", country="FR", postal_code="69001")),
            links=[_field("https://example.org/jeanne")],
        ),
        languages=[
            LanguageEntry(language=_field("fr"), level=_field("native")),
            LanguageEntry(language=None, level=None),
        ],
        experience=[
            ExperienceEntry(
                employer=_field("Alpha Industries"),
                title=_field("Engineer"),
                start=_field("2021-03"),
                current=True,
            ),
            ExperienceEntry(employer=_field("Beta Logistics"), end=_field("2021-02")),
        ],
        education=[EducationEntry(institution=_field("Université de Lyon"), field_of_study=_field("Law"))],
        skills=[_field("Python")],
    )
    values = draft_to_values(draft)
    assert values == {
        "personal": {
            "first_name": "Jeanne",
            "last_name": "Dupont",
            "postal_code": "69001",
            "city": "Lyon",
            "country": "FR",
            "links": ["https://example.org/jeanne"],
        },
        "languages": [{"language": "fr", "level": "native"}],
        "experience": [
            {"employer": "Alpha Industries", "title": "Engineer", "start": "2021-03", "current": True},
            {"employer": "Beta Logistics", "end": "2021-02"},
        ],
        "education": [{"institution": "Université de Lyon"}],
        "skills": ["Python"],
    }
    assert draft_to_values(json.loads(draft.to_json())) == values
