"""The text grammar of LinkedIn's "Save to PDF" profile: headings, date lines, education lines, names,
the profile location and sidebar item labels (`shared/notes/linkedin-exports.md` B3-B6).

Pure string functions: `pdf_profile` decides from geometry which line is which, this module reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from prefill.parser import geo, lexicon
from prefill.parser.dates import DateRange, find_date_range
from prefill.parser.text import clean, fold

NBSP = "\u00a0"

SidebarKey = Literal[
    "contact", "top_skills", "languages", "certifications", "honors", "publications", "patents"
]
MainKey = Literal["summary", "experience", "education"]

SIDEBAR_ORDER: tuple[SidebarKey, ...] = (
    "contact",
    "top_skills",
    "languages",
    "certifications",
    "honors",
    "publications",
    "patents",
)
"""Sidebar sections in the order LinkedIn prints them (each one only when the profile has it)."""

_SIDEBAR_HEADINGS: dict[SidebarKey, tuple[str, ...]] = {
    "contact": ("contact", "coordonnees", "contactar", "kontakt", "contactati", "способы связаться"),
    "top_skills": (
        "top skills",
        "principales competences",
        "aptitudes principales",
        "top-kenntnisse",
        "mest repraesenterede kompetencer",
        "aptitudini principale",
        "основные навыки",
    ),
    "languages": ("languages",),
    "certifications": ("certifications",),
    "honors": ("honors-awards",),
    "publications": ("publications",),
    "patents": ("patents",),
}
"""Sidebar headings (folded): Contact and Top Skills follow the UI language, the others stay English."""

_MAIN_HEADINGS: dict[MainKey, tuple[str, ...]] = {
    "summary": ("summary", "resume", "extracto", "resumen", "zusammenfassung", "rezumat", "резюме"),
    "experience": ("experience", "experiencia", "berufserfahrung", "erfaring", "experienta", "опыт работы"),
    "education": ("education", "formation", "educacion", "ausbildung", "uddannelse", "studii", "образование"),
}
"""Main-column headings (folded) in en/fr/es and the other UI languages seen (de, da, ro, ru)."""

_SIDEBAR_KEY = {name: key for key, names in _SIDEBAR_HEADINGS.items() for name in names}
_MAIN_KEY = {name: key for key, names in _MAIN_HEADINGS.items() for name in names}

_DATE_LINE = re.compile(
    r"^(?:[^\W\d_]+\.?\s+(?:de\s+)?)?\d{4}\s+-\s+(?:(?:[^\W\d_]+\.?\s+(?:de\s+)?)?\d{4}|Present)"
    r"(?:\s+\(.+\))?$"
)
"""An experience date line with NBSPs read as spaces: `Month YYYY - Month YYYY|Present (duration)`."""

_EDUCATION_DATES = re.compile(r"(?:^|\s)·\s\((?P<dates>[^()]*)\)\s*$")
"""The trailing `·\u00a0(<dates>)` of an education line (NBSPs read as spaces)."""

_DEGREE_FIELD_SEPARATOR = "," + NBSP
"""LinkedIn's separator between degree and field; member commas are comma + ordinary space."""

_FORMER_NAME = re.compile(r"\s*\([^)]*\)")
"""A former or maiden name in brackets after the name: `Jane Doe (Smith)`."""

_CREDENTIALS = re.compile(r"\s*(?:,|\s[-–—|]\s).*$")
"""Credentials after the name: `, PhD`, `, MBA, PMP`, ` - PMP`."""

_LABEL = re.compile(r"\s*\((?P<label>[^()]{1,30})\)\s*$")
"""A trailing label in brackets: `(LinkedIn)`, `(Mobile)`, `(Company)`, `(Native or Bilingual)`."""

_METRO_AREAS = (
    re.compile(r"^Greater\s+.+\s+Area$", re.IGNORECASE),
    re.compile(r"^.+\s+(?:Bay|Metropolitan|Metro)\s+Area$", re.IGNORECASE),
    re.compile(r"^.+\s+et\s+périphérie$", re.IGNORECASE),
    re.compile(r"^Área\s+metropolitana\s+de\s+.+$", re.IGNORECASE),
    re.compile(r"^Gran\s+.+$"),
)
"""LinkedIn metro areas (en, fr, es): a place as written, not a city with a country."""


def sidebar_heading_key(text: str) -> SidebarKey | None:
    return _SIDEBAR_KEY.get(fold(text))


def main_heading_key(text: str) -> MainKey | None:
    return _MAIN_KEY.get(fold(text))


def plain(text: str) -> str:
    """NBSPs as spaces, runs collapsed: the form the patterns read."""
    return clean(text)


def date_line_range(text: str) -> DateRange | None:
    """The range of an experience date line, or None when the line is not one."""
    line = plain(text)
    if not _DATE_LINE.match(line):
        return None
    return find_date_range(line)


@dataclass(frozen=True, slots=True)
class EducationLine:
    """The parts of a school's second line; each may be missing."""

    degree: str | None
    field_of_study: str | None
    dates: DateRange | None
    dates_text: str | None


def parse_education_line(text: str) -> EducationLine:
    """`Degree,\u00a0Field\u00a0·\u00a0(dates)`: the dates after the last ` · (`, then degree and field split
    on the first comma + NBSP. A single part is the degree when it names one (or ends in the NBSP LinkedIn
    leaves after a degree with no field), otherwise the field."""
    spaced = text.replace(NBSP, " ")  # same length: offsets stay valid on `text`
    dates = dates_text = None
    found = _EDUCATION_DATES.search(spaced)
    if found:
        dates_text = clean(found["dates"])
        dates = find_date_range(dates_text)
        text = text[: found.start()]
    degree_text, separator, field_text = text.partition(_DEGREE_FIELD_SEPARATOR)
    degree, field = clean(degree_text) or None, clean(field_text) or None
    if not separator and degree and not (text.endswith(NBSP) or _names_degree(degree)):
        degree, field = None, degree
    return EducationLine(degree, field, dates, dates_text)


def _names_degree(text: str) -> bool:
    return any(word.strip("().,") in lexicon.DEGREE_WORDS for word in fold(text).split())


def clean_name(text: str) -> str:
    """The name without a former name in brackets or credential suffixes."""
    return clean(_CREDENTIALS.sub("", _FORMER_NAME.sub("", text)))


def split_label(text: str) -> tuple[str, str | None]:
    """`value (Label)` -> (`value`, `Label`); (`text`, None) without a trailing label."""
    found = _LABEL.search(text)
    if not found or not text[: found.start()].strip():
        return clean(text), None
    return clean(text[: found.start()]), clean(found["label"])


@dataclass(frozen=True, slots=True)
class Location:
    city: str | None
    region: str | None
    country: str | None


def parse_location(text: str) -> Location:
    """LinkedIn's profile location: a metro area as written (no country), else `City[, Region][, Country]`."""
    text = clean(text)
    if any(pattern.match(text) for pattern in _METRO_AREAS):
        return Location(text, None, None)
    parts = [part.strip() for part in text.split(",") if part.strip()]
    country = geo.country_code(parts[-1]) if parts else None
    places = parts[:-1] if country else parts
    return Location(
        places[0] if places else None,
        places[1] if len(places) > 1 else None,
        country,
    )
