"""Name, date of birth and nationality."""

from __future__ import annotations

import datetime as dt

import pytest
from document_builder import line

from prefill.parser.personal import find_date_of_birth, find_name, find_nationality


@pytest.mark.parametrize(
    ("lines", "first", "last"),
    [
        (["Jean DUPONT"], "Jean", "Dupont"),
        (["DIALLO Mariama"], "Mariama", "Diallo"),
        (["Inés Gallardo Peñalver"], "Inés", "Gallardo Peñalver"),
        (["María José Ortega Villanueva"], "María José", "Ortega Villanueva"),
        (["Rupert Ashby-Clarke"], "Rupert", "Ashby-Clarke"),
        (["Ana de la Fuente"], "Ana", "de la Fuente"),
        (["Curriculum vitae", "Sarah Connor, PhD"], "Sarah", "Connor"),
        (["Brian Smith - PMP"], "Brian", "Smith"),
        (["Kate Jones (Miller)"], "Kate", "Jones"),
    ],
)
def test_name_is_split_into_first_and_last(lines, first, last):
    name = find_name([line(text, size=20.0 if i == len(lines) - 1 else 10.0) for i, text in enumerate(lines)])
    assert (name.first.value, name.last.value) == (first, last)


def test_name_set_on_two_lines_in_a_sidebar_is_joined():
    name = find_name(
        [
            line("Andrés Felipe", size=16.0, bold=True),
            line("Castaño Ríos", size=16.0, bold=True),
            line("Carrera 15 # 93-47", size=8.5),
        ]
    )
    assert (name.first.value, name.last.value) == ("Andrés Felipe", "Castaño Ríos")


@pytest.mark.parametrize(
    "text", ["Senior Software Engineer", "Paris, France", "Curriculum Vitae", "Work Experience"]
)
def test_titles_places_and_headings_are_not_names(text):
    assert find_name([line(text, size=20.0)]) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Date of birth: 12 May 1987", "1987-05-12"),
        ("Née le 3 mars 1990 à Lyon", "1990-03-03"),
        ("Date de naissance : 23/06/1990", "1990-06-23"),
        ("Nacido el 6 de septiembre de 1998", "1998-09-06"),
        ("Fecha de nacimiento: 06/09/1998", "1998-09-06"),
        ("Nationalité : française · Date de naissance : 03.04.1982", "1982-04-03"),
    ],
)
def test_date_of_birth_in_three_languages(text, value):
    assert find_date_of_birth([line(text)]).value == value


@pytest.mark.parametrize(
    "text",
    [
        "January 01, 1984",  # a dated cover letter, no birth label
        "Date of birth: 12 May 2020",  # too young
        "Date of birth: 12 May 1901",  # before 1930
        "Date of birth: May 1987",  # no day: never invent one
    ],
)
def test_implausible_or_unlabelled_dates_are_not_a_birth_date(text):
    assert find_date_of_birth([line(text)], today=dt.date(2026, 11, 26)) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Nationality: British", "GB"),
        ("Nationalité : française", "FR"),
        ("Nacionalidad: colombiana", "CO"),
        ("Nationalité : sénégalaise · Mariée", "SN"),
        ("Citizenship: Kenyan", "KE"),
    ],
)
def test_nationality_in_three_languages(text, code):
    assert find_nationality([line(text)]).value == code
