"""Section headings in English, French and Spanish, and the layout fallback."""

from __future__ import annotations

import pytest
from document_builder import document

from prefill.parser.sections import heading_key, split_sections

HEADING = {"bold": True, "size": 13.0}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Work Experience", "experience"),
        ("EXPÉRIENCE PROFESSIONNELLE", "experience"),
        ("Experiencia laboral", "experience"),
        ("Formation", "education"),
        ("Formación académica", "education"),
        ("Education:", "education"),
        ("2. Compétences", "skills"),
        ("Langues", "languages"),
        ("Idiomas", "languages"),
        ("Certificaciones", "certifications"),
        ("Références", "references"),
        ("Datos personales", "personal"),
        ("Centres d'intérêt", "other"),
        ("Skills & Languages", "skills"),
    ],
)
def test_heading_words_name_their_section(text, key):
    assert heading_key(text) == key


@pytest.mark.parametrize("text", ["Experienced engineer", "Python", "Paris, France", "John Smith"])
def test_ordinary_lines_are_not_headings(text):
    assert heading_key(text) is None


def test_lines_before_the_first_heading_form_the_header_section():
    sections = split_sections(
        document("Jean Dupont", "jean@example.org", ("Expérience", HEADING), "Analyste")
    )
    assert [s.key for s in sections] == ["header", "experience"]
    assert [line.text for _, line in sections[0].lines] == ["Jean Dupont", "jean@example.org"]


def test_regression_labelled_row_with_languages_word_is_not_a_heading():
    sections = split_sections(document(("Skills", HEADING), "Languages: Python, C++, Rust", "Tools: Git"))
    assert [s.key for s in sections] == ["header", "skills"]
    assert len(sections[1].lines) == 2


def test_regression_name_in_a_title_style_before_any_section_stays_in_the_header():
    sections = split_sections(
        document(
            ("Joaquín Ibarra Solís", {"style": "Heading 1", "size": 20.0, "bold": True}),
            "rodrigo@example.org",
            ("Experiencia", {"style": "Heading 1", "size": 16.0, "bold": True}),
        )
    )
    assert sections[0].key == "header"
    assert sections[0].lines[0][1].text == "Joaquín Ibarra Solís"


def test_lower_ranked_heading_inside_a_section_is_a_sub_heading_label_dropped_from_the_content():
    sections = split_sections(
        document(
            ("Experience", {"style": "Heading 1", "size": 16.0, "bold": True}),
            ("Acme Ltd, Analyst", {"style": "Heading 2", "size": 12.0, "bold": True}),
            "2019 – 2021",
            ("Miscellaneous", {"style": "Heading 2", "size": 12.0, "bold": True}),
            ("Education", {"style": "Heading 1", "size": 16.0, "bold": True}),
        )
    )
    assert [s.key for s in sections] == ["header", "experience", "education"]
    assert [line.text for _, line in sections[1].lines] == ["Acme Ltd, Analyst", "2019 – 2021"]


def test_a_main_section_repeated_in_smaller_type_is_a_sub_heading():
    sections = split_sections(
        document(
            ("Work experience", {"size": 16.0, "bold": True}),
            ("Acme Ltd, Analyst\t2019 – 2021", {}),
            ("Experience", {"size": 12.0, "bold": True}),
            ("Beta SA, Intern\t2017 – 2018", {}),
            ("Languages", {"size": 12.0, "bold": True}),
        )
    )
    assert [s.key for s in sections] == ["header", "experience", "languages"]


def test_unknown_capitalised_heading_ends_the_previous_section():
    sections = split_sections(
        document(("Skills", HEADING), "Excel", ("DRIVING AND SAILING", HEADING), "Boat licence")
    )
    assert [s.key for s in sections] == ["header", "skills", "unknown"]


def test_heading_in_a_left_column_beside_the_first_entry():
    sections = split_sections(document(("Education\t2015 – 2018 BSc, University of Leeds", {})))
    assert sections[-1].key == "education"
    assert sections[-1].lines[0][1].text.startswith("2015")


def test_running_footer_lines_belong_to_the_header_section():
    sections = split_sections(
        document(
            ("Skills", HEADING), "Excel", ("12 rue X, 75011 Paris · jean@example.org", {"region": "footer"})
        )
    )
    assert [line.text for _, line in sections[1].lines] == ["Excel"]
    assert "jean@example.org" in sections[0].lines[0][1].text
