"""Dated entries: segmentation by the template's date offset, and naming the header's parts."""

from __future__ import annotations

import pytest
import spacy
from document_builder import section_lines

from prefill.parser import entries
from prefill.parser.nlp import pipeline


@pytest.fixture(scope="module")
def rules_only():
    """A blank English pipeline with the cue ruler: what runs when no model is installed."""
    nlp = spacy.blank("en")
    nlp.add_pipe("prefill_cues")
    return nlp


def _texts(found):
    return [[part.text for part in entry.parts] for entry in found]


@pytest.mark.parametrize(
    "lines",
    [
        # date on the header line, right-aligned
        (
            "Analyst, Acme Ltd\tJan 2019 – Present",
            "• Built reports",
            "Intern, Beta SA\t2017 – 2018",
            "• Filed",
        ),
        # date on the line after the header
        (
            "Analyst — Acme Ltd",
            "London, UK · Jan 2019 – Present",
            "• Built reports",
            "Intern — Beta SA",
            "Paris, France · 2017 – 2018",
        ),
        # date in a left column
        ("01/2019 – présent\tAnalyste, Acme SA", "• Rapports", "06/2017 – 12/2018\tStagiaire, Beta SA"),
        # three header lines before the date
        (
            "Analyst",
            "Acme Ltd",
            "London, UK",
            "May 2019 – Aug 2021",
            "• Built",
            "Intern",
            "Beta SA",
            "Paris, France",
            "2017 – 2018",
        ),
    ],
)
def test_each_dated_header_starts_one_entry_whatever_the_template(lines):
    found = entries.segment(section_lines(*lines))
    assert len(found) == 2
    assert found[0].date.start in ("2019-01", "2019-05")
    assert found[1].date.start in ("2017", "2017-06")


def test_regression_year_in_a_description_bullet_does_not_start_an_entry():
    found = entries.segment(
        section_lines(
            "Research Intern, Helix Labs\tMay 2022 – Aug 2022",
            "• Paper accepted at the Vision Summit 2022",
            "• Summit 2022 best demo award",
            "Engineer, Acme\t2019 – 2021",
        )
    )
    assert len(found) == 2


def test_regression_wrapped_header_line_is_rejoined():
    found = entries.segment(
        section_lines(
            "Agence européenne des brevets, Stagiaire au service\tMunich, Allemagne",
            "des recours\tfévr. 2016 – juil. 2016",
            "• Préparation de décisions",
        )
    )
    assert [p.text for p in found[0].parts] == [
        "Agence européenne des brevets",
        "Stagiaire au service des recours",
    ]
    assert found[0].locations[0].text == "Munich, Allemagne"


def test_regression_word_hyphenated_at_the_line_end_is_rejoined():
    found = entries.segment(
        section_lines("Analista, Grupo Caribe – Barran-\tago. 2015 – jun. 2016", "quilla, Colombia")
    )
    assert found[0].locations[0].text == "Barranquilla, Colombia"


def test_list_items_after_the_date_are_the_description_not_the_header():
    found = entries.segment(
        section_lines(
            "Cooperativa Sierra, Jefe de Compras",
            "ene. 2019 – presente",
            "Guadalajara",
            "Coordinación de cinco compradores",
            "Textiles del Golfo, Analista",
            "may. 2014 – dic. 2018",
        )
    )
    assert _texts(found) == [
        ["Cooperativa Sierra", "Jefe de Compras"],
        ["Textiles del Golfo", "Analista"],
    ]
    assert found[0].locations[0].text == "Guadalajara"
    assert found[0].description[0].text.startswith("Coordinación")


def test_employer_city_country_is_split_into_employer_and_place():
    found = entries.segment(
        section_lines("Interprète\tRufisque, Sénégal", "Cabinet Baobab, Rufisque, Sénégal\t2017 – 2021")
    )
    assert [p.text for p in found[0].parts] == ["Interprète", "Cabinet Baobab"]


def test_certificates_are_one_entry_per_list_item():
    found = entries.segment(
        section_lines(
            "• PRINCE2 Foundation (2016)", "• Certified Internal Auditor (CIA) (June 2022)", "• First Aid"
        ),
        one_per_item=True,
    )
    assert len(found) == 3
    assert [e.date.start if e.date else None for e in found] == ["2016", "2022-06", None]


@pytest.mark.parametrize(
    ("text", "degree", "field"),
    [
        ("Master en Droit", "Master", "Droit"),
        ("BS in Chemical Engineering", "BS", "Chemical Engineering"),
        ("Máster en Economía", "Máster", "Economía"),
        ("MBA", "MBA", None),
        ("Bachelor of Commerce", "Bachelor of Commerce", None),
        ("MSc Economics", "MSc", "Economics"),
        ("BA (Hons) English Literature", "BA (Hons)", "English Literature"),
        ("MIT Sloan Fellows", "MIT Sloan Fellows", None),
    ],
)
def test_degree_is_split_from_its_field_of_study(text, degree, field):
    assert entries.split_degree(text) == (degree, field)


def test_roles_follow_cue_words_then_the_sections_order(rules_only):
    found = entries.segment(
        section_lines(
            "Senior Analyst, Acme Ltd\t2019 – 2021",
            "Software Engineer, Beta Group\t2017 – 2019",
            "Quentin, Zorblax\t2015 – 2017",  # no cue either way: follows the section's order
        )
    )
    entries.annotate(found, rules_only)
    roles = entries.assign_roles(found, first_label="TITLE", second_label="ORG")
    assert [(r.first.text, r.second.text) for r in roles] == [
        ("Senior Analyst", "Acme Ltd"),
        ("Software Engineer", "Beta Group"),
        ("Quentin", "Zorblax"),
    ]


def test_employer_first_templates_are_read_the_other_way(rules_only):
    found = entries.segment(
        section_lines("Acme Ltd, Senior Analyst\t2019 – 2021", "Zorblax, Quentin\t2015 – 2017")
    )
    entries.annotate(found, rules_only)
    roles = entries.assign_roles(found, first_label="TITLE", second_label="ORG")
    assert [(r.first.text, r.second.text) for r in roles] == [
        ("Senior Analyst", "Acme Ltd"),
        ("Quentin", "Zorblax"),
    ]


def test_degree_printed_in_a_narrow_column_is_split_from_the_school():
    nlp = pipeline("en")
    found = entries.segment(section_lines("PhD Uppsala University, Linguistics\tSept 2016 – May 2021"))
    entries.annotate(found, nlp)
    entries.split_degree_from_school(found, nlp)
    assert [p.text for p in found[0].parts][:2] == ["PhD", "Uppsala University"]


def test_regression_date_range_wrapped_in_a_narrow_left_column_is_rejoined():
    found = entries.segment(section_lines(
        "septiembre de 2017 –\tConsultora Andes, Ingeniera ambiental",
        "marzo de 2021\t• Elaboré estudios de impacto ambiental para seis proyectos solares",
        "abril de 2014 –\tMinera Norte, Analista",
        "actualidad",
    ))
    assert [(e.date.start, e.date.end, e.date.current) for e in found] == [
        ("2017-09", "2021-03", False), ("2014-04", None, True)]
    assert found[0].description[0].text.startswith("• Elaboré")


def test_regression_wrapped_bullet_ending_with_a_year_is_not_an_entry():
    found = entries.segment(section_lines(
        "Analyst, Acme Ltd\tJan 2019 – Present",
        "• Secured the first round of construction money in",
        "construction money in 2020.",
        "Intern, Beta SA\t2017 – 2018",
    ))
    assert len(found) == 2
