"""Dates and date ranges as printed in English, French and Spanish CVs (synthetic lines)."""

from __future__ import annotations

import pytest

from prefill.parser.dates import (
    find_date_range,
    find_date_ranges,
    find_duration,
    is_date_only,
    parse_full_date,
    parse_partial_date,
)

# text, start, end, current
RANGES = [
    # English
    ("Jan 2019 - Dec 2020", "2019-01", "2020-12", False),
    ("January 2019 – Present", "2019-01", None, True),
    ("Sept 2018 — Current", "2018-09", None, True),
    ("Sept. 2018 to June 2019", "2018-09", "2019-06", False),
    ("Oct 2019 — now", "2019-10", None, True),
    ("2019 to date", "2019", None, True),
    ("2016 - ongoing", "2016", None, True),
    ("from 2019 to 2021", "2019", "2021", False),
    ("between 2019 and 2021", "2019", "2021", False),
    ("Since 2019", "2019", None, True),
    ("since March 2020", "2020-03", None, True),
    ("May 2015 until August 2017", "2015-05", "2017-08", False),
    ("Jan – Mar 2020", "2020-01", "2020-03", False),
    ("Nov – Feb 2020", "2019-11", "2020-02", False),
    ("Jan '19 – Mar '20", "2019-01", "2020-03", False),
    ("Fall 2019 - Spring 2021", "2019", "2021", False),
    ("June 2020 - Today", "2020-06", None, True),
    # French
    ("sept. 2021 – aujourd’hui", "2021-09", None, True),
    ("sept. 2021 – aujourd'hui", "2021-09", None, True),
    ("janv. 2020 – févr. 2021", "2020-01", "2021-02", False),
    ("FÉVR. 2020 à DÉC. 2021", "2020-02", "2021-12", False),
    ("fevrier 2018 - aout 2019", "2018-02", "2019-08", False),
    ("juil. 2017 – août 2018", "2017-07", "2018-08", False),
    ("2019 – à ce jour", "2019", None, True),
    ("2018 à aujourd'hui", "2018", None, True),
    ("mars 2020 - à présent", "2020-03", None, True),
    ("2022 – en cours", "2022", None, True),
    ("octobre 2015 - actuellement", "2015-10", None, True),
    ("depuis mars 2020", "2020-03", None, True),
    ("Depuis 2017", "2017", None, True),
    ("de 2019 à 2021", "2019", "2021", False),
    ("du 01/09/2019 au 31/08/2020", "2019-09", "2020-08", False),
    ("de janvier 2015 jusqu'à mai 2016", "2015-01", "2016-05", False),
    ("le 3 mars 1990 - 4 mai 1992", "1990-03", "1992-05", False),
    # Spanish
    ("ene. 2019 - dic. 2020", "2019-01", "2020-12", False),
    ("set. 2018 - ago. 2019", "2018-09", "2019-08", False),
    ("setiembre 2010 – abril 2012", "2010-09", "2012-04", False),
    ("abr. 2016 a la fecha", "2016-04", None, True),
    ("marzo 2020 - a la fecha", "2020-03", None, True),
    ("2020 - actualidad", "2020", None, True),
    ("2019 – Presente", "2019", None, True),
    ("enero de 2017 hasta hoy", "2017-01", None, True),
    ("2015 - actualmente", "2015", None, True),
    ("Desde feb. 2021", "2021-02", None, True),
    ("desde 2018", "2018", None, True),
    ("del 3 de marzo de 2019 al 5 de mayo de 2020", "2019-03", "2020-05", False),
    ("entre 2019 y 2021", "2019", "2021", False),
    ("diciembre de 2019 - junio de 2020", "2019-12", "2020-06", False),
    # German, Italian, Portuguese month names
    ("März 2019 bis heute", "2019-03", None, True),
    ("gennaio 2018 - oggi", "2018-01", None, True),
    ("outubro 2016 - atual", "2016-10", None, True),
    # numeric forms
    ("03/2019 - 04/2020", "2019-03", "2020-04", False),
    ("3/2019 – 11/2020", "2019-03", "2020-11", False),
    ("04.2018 - 05.2019", "2018-04", "2019-05", False),
    ("2018-04 – 2019-05", "2018-04", "2019-05", False),
    ("2018/04 - present", "2018-04", None, True),
    ("03-2017 - 06-2018", "2017-03", "2018-06", False),
    ("2019 - 2021", "2019", "2021", False),
    ("2019–2021", "2019", "2021", False),
    ("2019/2020", "2019", "2020", False),
    ("2015–17", "2015", "2017", False),
    ("2019/20", "2019", "2020", False),
    ("1998 -- 2002", "1998", "2002", False),
]


@pytest.mark.parametrize(("text", "start", "end", "current"), RANGES)
def test_find_date_range_reads_start_end_and_current(text, start, end, current):
    found = find_date_range(text)
    assert found is not None
    assert (found.start, found.end, found.current) == (start, end, current)
    assert not found.single


SINGLES = [
    ("Summer 2021", "2021"),
    ("été 2019", "2019"),
    ("verano de 2019", "2019"),
    ("otoño 2020", "2020"),
    ("2012", "2012"),
    ("June 2020", "2020-06"),
    ("juin 2020", "2020-06"),
    ("junio de 2020", "2020-06"),
    ("2010-11", "2010-11"),
    ("1er mars 1990", "1990-03"),
]


@pytest.mark.parametrize(("text", "value"), SINGLES)
def test_single_date_is_flagged_single(text, value):
    found = find_date_range(text)
    assert found is not None
    assert (found.start, found.end, found.current, found.single) == (value, None, False, True)


NOT_DATES = [
    "75011 Paris",
    "Paris 75011, France",
    "+33 1 99 00 58 14",
    "+41 22 338 2011",
    "Tel. 022 338 2011",
    "GPA 3.97/4.00",
    "99.97%",
    "2M+ users",
    "Python 3.11",
    "ISO 9001",
    "ISO 9001:2015",
    "ISO 27001",
    "CH-2000 Neuchâtel",
    "$2000 budget",
    "2000€ par mois",
    "2 years 3 months",
    "5 ans 3 mois",
    "2 años",
    "Managed 15 people in 3 countries",
    "Mayo Clinic",
    "set up the present framework",
    "the 1990s",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_numbers_that_are_not_dates_give_no_range(text):
    assert find_date_range(text) is None


def test_range_span_lets_the_caller_cut_it_out_of_a_line():
    line = "Paris, France\tsept. 2021 – aujourd’hui"
    found = find_date_range(line)
    assert found is not None
    assert line[found.begin : found.stop] == "sept. 2021 – aujourd’hui"
    assert line[: found.begin] == "Paris, France\t"


def test_range_at_start_of_a_line_is_cut_before_the_title():
    line = "2019 – 2021 Title, Employer"
    found = find_date_range(line)
    assert found is not None
    assert (found.begin, found.stop) == (0, len("2019 – 2021"))


def test_opening_word_is_part_of_the_span():
    line = "Consultant since 2019"
    found = find_date_range(line)
    assert found is not None
    assert line[found.begin : found.stop] == "since 2019"


def test_end_before_start_is_kept_and_flagged_inverted():
    found = find_date_range("2021 - 2019")
    assert found is not None
    assert (found.start, found.end, found.inverted) == ("2021", "2019", True)


def test_same_year_with_months_is_not_inverted():
    found = find_date_range("2020 - mars 2020")
    assert found is not None
    assert not found.inverted


def test_duration_after_a_range_is_not_a_date():
    found = find_date_ranges("Jan 2019 - Present (2 years 3 months)")
    assert [(r.start, r.end, r.current) for r in found] == [("2019-01", None, True)]


def test_all_ranges_of_a_line_are_found_left_to_right():
    found = find_date_ranges("2012 – 2014 Master, Lyon ; 2014 - 2016 Doctorat")
    assert [(r.start, r.end) for r in found] == [("2012", "2014"), ("2014", "2016")]
    assert found[0].stop <= found[1].begin


def test_line_without_year_gives_no_range():
    assert find_date_ranges("Responsable de projets, Paris") == []


PARTIAL = [
    ("March 2020", "2020-03"),
    ("mars 2020", "2020-03"),
    ("marzo 2020", "2020-03"),
    ("Sept 2019", "2019-09"),
    ("déc. 2019", "2019-12"),
    ("dic. 2019", "2019-12"),
    ("abr. 2021", "2021-04"),
    ("ago. 2021", "2021-08"),
    ("03/2020", "2020-03"),
    ("3/2020", "2020-03"),
    ("04.2020", "2020-04"),
    ("2020-03", "2020-03"),
    ("2020/03", "2020-03"),
    ("03-2020", "2020-03"),
    ("2018", "2018"),
    ("Winter 2018", "2018"),
    ("23/06/1990", "1990-06"),
    ("obtenu en 2016", "2016"),
    ("Python 3.11", None),
    ("no date here", None),
    ("1935", None),
]


@pytest.mark.parametrize(("text", "value"), PARTIAL)
def test_partial_date_keeps_printed_precision(text, value):
    assert parse_partial_date(text) == value


FULL = [
    ("23/06/1990", "1990-06-23"),
    ("23.06.1990", "1990-06-23"),
    ("23-06-1990", "1990-06-23"),
    ("1990-06-23", "1990-06-23"),
    ("06/23/1990", "1990-06-23"),
    ("05/04/1989", "1989-04-05"),
    ("3 mars 1990", "1990-03-03"),
    ("le 3 mars 1990", "1990-03-03"),
    ("1er mars 1990", "1990-03-01"),
    ("Né le 23 juin 1990 à Lyon", "1990-06-23"),
    ("3rd March 1990", "1990-03-03"),
    ("March 3, 1990", "1990-03-03"),
    ("Mar. 3rd 1990", "1990-03-03"),
    ("6 de septiembre de 1998", "1998-09-06"),
    ("Fecha de nacimiento: 6 sept. 1998", "1998-09-06"),
    ("31/02/1990", None),
    ("March 1990", None),
    ("1990", None),
    ("+33 1 99 00 58 14", None),
]


@pytest.mark.parametrize(("text", "value"), FULL)
def test_full_date_needs_day_month_and_year(text, value):
    assert parse_full_date(text) == value


DURATIONS = [
    "2 years 10 months",
    "1 yr",
    "2 yrs 3 mos",
    "less than a year",
    "5 ans 3 mois",
    "1 an",
    "6 mois",
    "moins d'un an",
    "2 años",
    "3 meses",
    "1 año 2 meses",
    "1 year, 2 months",
]


@pytest.mark.parametrize("text", DURATIONS)
def test_duration_phrase_is_recognised_whole(text):
    assert find_duration(f"({text})") == (1, 1 + len(text))


@pytest.mark.parametrize("text", ["2019 - 2021", "Python 3.11", "3 mars 1990"])
def test_dates_and_numbers_are_not_durations(text):
    assert find_duration(text) is None


DATE_ONLY = [
    ("2019 – 2021", True),
    ("Jan 2019 - Present · 2 yrs 3 mos", True),
    ("Dates: 03/2019 - 04/2020", True),
    ("Période : sept. 2019 – juin 2020 (10 mois)", True),
    ("(2015 - 2017)", True),
    ("Summer 2021", True),
    ("2019 –", True),
    ("Since 2019", True),
    ("2019 - 2021 Consultant, Acme", False),
    ("Paris, France\t2019", False),
    ("Python 3.11", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), DATE_ONLY)
def test_is_date_only_recognises_lines_of_dates(text, expected):
    assert is_date_only(text) is expected
