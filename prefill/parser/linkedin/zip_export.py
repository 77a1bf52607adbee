"""The LinkedIn "Get a copy of your data" archive (a ZIP of CSV files) as a draft profile.

Files are matched by normalised base name wherever they sit in the archive (`archive.member_key`), so a
re-zipped folder and the 2018 / 2023 / 2024+ file names all work; every file and every column is
optional. Only the allow-listed profile files are read, in memory (`archive`), as tables with
case-insensitive header aliases (`csv_tables`). Values keep the cell they came from as their snippet.

    draft = build_draft_from_export(data, source=source, parser_version=PARSER_VERSION)
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

import pycountry

from prefill.models.draft import (
    Address,
    CertificationEntry,
    DraftProfile,
    EducationEntry,
    ExperienceEntry,
    Field,
    LanguageEntry,
    Personal,
    Snippet,
    Source,
    Warning,
)
from prefill.parser import contact, dates, errors, geo, languages, personal
from prefill.parser.document import Line, Span
from prefill.parser.linkedin.archive import MemberReader, member_key, open_archive, select_members
from prefill.parser.linkedin.csv_tables import Table, read_table
from prefill.parser.text import clean
from prefill.parser.textlang import detect_language

# --- confidences -------------------------------------------------------------------------------

COPIED_CONFIDENCE = 0.99
"""A value copied from the structured cell that holds exactly it (name, title, company, school)."""

DERIVED_CONFIDENCE = 0.95
"""A value computed from a structured cell: a date, an E.164 number, a language code or level, a link."""

LOCATION_CONFIDENCE = 0.9
"""City and country read from LinkedIn's `Geo Location`, which may name a metro area rather than a city."""

SECONDARY_EMAIL_CONFIDENCE = 0.85
"""An e-mail address taken when no row is marked primary."""

# --- files and columns -------------------------------------------------------------------------

EXPORT_KEYS = frozenset(
    "profile profilesummary positions education skills languages certifications emailaddresses "
    "phonenumbers whatsappphonenumbers honors projects courses publications organizations volunteering "
    "recommendationsreceived".split()
)
"""Normalised base names of the CSV files that only a LinkedIn export holds (notes A1)."""


@dataclass(frozen=True, slots=True)
class _FileSpec:
    file_name: str
    """The 2023 name, used in warnings (never the member's path, which may name the person)."""
    columns: Mapping[str, tuple[str, ...]]
    """Canonical column -> header names it goes by in any layout (already `header_key` form)."""
    unused: tuple[str, ...] = ()
    """Header names of columns not read, known so that they count towards finding the header row."""

    @property
    def aliases(self) -> dict[str, str]:
        known = {name: name for name in self.unused}
        return known | {alias: column for column, names in self.columns.items() for alias in names}


_START = ("started on", "start date", "issued on", "issue date")
_END = ("finished on", "end date")
_FILES: dict[str, _FileSpec] = {
    "profile": _FileSpec(
        "Profile.csv",
        {
            "first_name": ("first name",),
            "last_name": ("last name",),
            "birth_date": ("birth date",),
            "headline": ("headline",),
            "summary": ("summary",),
            "geo_location": ("geo location",),
            "country": ("country",),
            "zip_code": ("zip code",),
            "websites": ("websites",),
            "twitter": ("twitter handles",),
        },
        ("maiden name", "address", "contact instructions", "industry", "instant messengers"),
    ),
    "profilesummary": _FileSpec("Profile Summary.csv", {"summary": ("profile summary",)}),
    "emailaddresses": _FileSpec(
        "Email Addresses.csv",
        {"email": ("email address",), "primary": ("primary",)},
        ("confirmed", "updated on"),
    ),
    "phonenumbers": _FileSpec(
        "PhoneNumbers.csv", {"number": ("number", "phone number")}, ("extension", "type")
    ),
    "whatsappphonenumbers": _FileSpec(
        "Whatsapp Phone Numbers.csv",
        {"number": ("number", "phone number")},
        ("extension", "is whatsapp number"),
    ),
    "positions": _FileSpec(
        "Positions.csv",
        {
            "company": ("company name", "company"),
            "title": ("title",),
            "description": ("description",),
            "location": ("location",),
            "start": _START,
            "end": _END,
        },
    ),
    "education": _FileSpec(
        "Education.csv",
        {
            "school": ("school name", "school"),
            "degree": ("degree name", "degree"),
            "notes": ("notes",),
            "start": _START,
            "end": _END,
        },
        ("activities",),
    ),
    "languages": _FileSpec("Languages.csv", {"name": ("name", "language"), "proficiency": ("proficiency",)}),
    "certifications": _FileSpec(
        "Certifications.csv",
        {"name": ("name",), "authority": ("authority",), "start": _START},
        ("url", "license number", *_END),
    ),
    "skills": _FileSpec("Skills.csv", {"name": ("name", "skill")}),
}
"""The files read (an allow-list), by key. Phone files are listed in the order numbers are taken."""

_PHONE_FILES = ("phonenumbers", "whatsappphonenumbers")

# --- cell syntaxes -----------------------------------------------------------------------------

_YES = frozenset({"yes", "true", "y", "1"})
_PRESENT = frozenset({"present", "current", "now"})
_DAY_MONTH_ONLY = re.compile(r"^[A-Za-z]{3,9}\.?\s+\d{1,2}$")
"""A birth date whose year the member hid (`Jun 9`)."""
_TYPED_ITEM = re.compile(r"(?:^|,)\s*(?:[A-Z][A-Z_]*:)?\s*(.*?)\s*(?=,\s*[A-Z][A-Z_]*:|$)")
"""The value of one `TYPE:value` item of `Websites`: split on the first colon only (URLs hold colons)."""
_HANDLE = re.compile(r"@?([A-Za-z0-9_]{1,50})")
_TWITTER_URL = "https://twitter.com/{}"

_WARNINGS = {
    "birth_year_hidden": "The birth date in the LinkedIn export has no year, so no date of birth was set.",
    "birth_date_unreadable": "The birth date in the LinkedIn export could not be read; it was left out.",
    "email_invalid": "The e-mail address in the LinkedIn export is not valid; it was left out.",
    "phone_invalid": "No phone number in the LinkedIn export is a valid number; none was set.",
    "link_invalid": "A web site in the LinkedIn export is not a valid address; it was left out.",
    "date_unreadable": "A date in the LinkedIn export could not be read; it was left out.",
    "language_unknown": "A language in the LinkedIn export was not recognised; it was left out.",
    "csv_encoding_fallback": "A file of the LinkedIn export was not UTF-8; it was read as Windows-1252.",
    "csv_header_missing": "A file of the LinkedIn export has no recognisable header row; it was skipped.",
    "duplicate_file": "The archive holds a LinkedIn file twice; the copy nearest the top was used.",
}


@dataclass(slots=True)
class _Context:
    """The tables read and the warnings raised while building one draft."""

    tables: dict[str, Table]
    warnings: list[Warning] = field(default_factory=list)

    def warn(self, code: str, path: str, detail: str = "") -> None:
        message = f"{_WARNINGS[code]} ({detail})" if detail else _WARNINGS[code]
        self.warnings.append(Warning(code=code, path=path, message=message))

    def rows(self, key: str) -> list[dict[str, str]]:
        table = self.tables.get(key)
        return table.rows if table else []

    def first_row(self, key: str) -> dict[str, str]:
        rows = self.rows(key)
        return rows[0] if rows else {}


# --- public API --------------------------------------------------------------------------------


def looks_like_linkedin_export(data: bytes) -> bool:
    """True when `data` is a ZIP naming at least one LinkedIn CSV (anywhere in it). False for anything
    else, archives refused by the safety checks included: to surface their error codes, call
    `build_draft_from_export` on every ZIP instead (it raises `UnsupportedFormat` for other ZIPs)."""
    try:
        archive = open_archive(data)
    except errors.ParseError:
        return False
    return any(member_key(info.filename) in EXPORT_KEYS for info in archive.infolist())


def build_draft_from_export(data: bytes, *, source: Source, parser_version: str) -> DraftProfile:
    """The draft profile of a LinkedIn data export; a `ParseError` for an unsafe, damaged or other ZIP."""
    archive = open_archive(data)
    if not any(member_key(info.filename) in EXPORT_KEYS for info in archive.infolist()):
        raise errors.UnsupportedFormat()
    context = _read_tables(archive)
    address = _address(context)
    country = address.value.country if address else None
    # The extractors append to context.warnings, so the keyword after them sees every warning.
    return DraftProfile(
        parser_version=parser_version,
        source=source.model_copy(update={"kind": "linkedin_zip", "pages": 1, "language": _language(context)}),
        personal=Personal(
            first_name=_copied(context.first_row("profile"), "first_name"),
            last_name=_copied(context.first_row("profile"), "last_name"),
            email=_email(context),
            phone=_phone(context, region=country),
            address=address,
            date_of_birth=_date_of_birth(context),
            links=_links(context),
        ),
        languages=_languages(context),
        education=_education(context),
        certifications=_certifications(context),
        experience=_experience(context),
        skills=[f for row in context.rows("skills") if (f := _copied(row, "name"))],
        warnings=context.warnings,
    )


def _read_tables(archive: zipfile.ZipFile) -> _Context:
    members, duplicated = select_members(archive, _FILES)
    context = _Context(tables={})
    for key in sorted(duplicated):
        context.warn("duplicate_file", "source", _FILES[key].file_name)
    reader = MemberReader(archive)
    for key, info in sorted(members.items()):
        spec = _FILES[key]
        table = read_table(reader.read(info), spec.aliases, file_name=spec.file_name)
        if table is None:
            context.warn("csv_header_missing", "source", spec.file_name)
            continue
        if table.fallback_encoding:
            context.warn("csv_encoding_fallback", "source", spec.file_name)
        context.tables[key] = table
    return context


# --- cells -------------------------------------------------------------------------------------


def _text(row: Mapping[str, str], column: str) -> str | None:
    """A one-line value: entities decoded, spaces (NBSP included) collapsed; None when empty."""
    return clean(html.unescape(row.get(column) or "")) or None


def _free_text(row: Mapping[str, str], column: str) -> str | None:
    """A free-text value (summary, description): entities decoded, line breaks kept."""
    return html.unescape(row.get(column) or "").strip() or None


def _field(value: str, raw: str, confidence: float) -> Field[str]:
    return Field[str](value=value, confidence=confidence, source=Snippet(page=1, text=raw))


def _copied(row: Mapping[str, str], column: str) -> Field[str] | None:
    value = _text(row, column)
    return _field(value, row[column], COPIED_CONFIDENCE) if value else None


def _date(context: _Context, row: Mapping[str, str], column: str, path: str) -> Field[str] | None:
    """A `Mar 2021` / `2019` cell at its own precision; None when empty, "Present" or unreadable."""
    raw = _text(row, column)
    if raw is None or raw.casefold() in _PRESENT:
        return None
    value = dates.parse_partial_date(raw)
    if value is None:
        context.warn("date_unreadable", path)
        return None
    return _field(value, row[column], DERIVED_CONFIDENCE)


def _is_present(row: Mapping[str, str], column: str) -> bool:
    return (_text(row, column) or "").casefold() in _PRESENT


# --- personal ----------------------------------------------------------------------------------


def _email(context: _Context) -> Field[str] | None:
    """The row marked primary, else the first row (with a lower confidence); validated, lower-cased."""
    rows = [row for row in context.rows("emailaddresses") if _text(row, "email")]
    if not rows:
        return None
    primary = [row for row in rows if (_text(row, "primary") or "").casefold() in _YES]
    row, confidence = (primary[0], COPIED_CONFIDENCE) if primary else (rows[0], SECONDARY_EMAIL_CONFIDENCE)
    address = _text(row, "email") or ""
    found = contact.find_email([Line([Span(address)])])
    if found is None or found.value != address.lower():
        context.warn("email_invalid", "personal.email")
        return None
    return _field(found.value, row["email"], confidence)


def _phone(context: _Context, *, region: str | None) -> Field[str] | None:
    """The first number of the phone files that is valid, national ones read with the profile's country."""
    numbers = [row for key in _PHONE_FILES for row in context.rows(key) if _text(row, "number")]
    for row in numbers:
        found = contact.find_phone(
            [Line([Span(_text(row, "number") or "")])], region_hints=[region] if region else []
        )
        if found is not None:
            return _field(found.value, row["number"], DERIVED_CONFIDENCE)
    if numbers:
        context.warn("phone_invalid", "personal.phone")
    return None


def _country(text: str) -> str | None:
    """ISO alpha-2 of a country name, or of a bare alpha-2 code in the 2018 `Country` column."""
    code = geo.country_code(text)
    if code is None and re.fullmatch(r"[A-Za-z]{2}", text) and pycountry.countries.get(alpha_2=text.upper()):
        code = text.upper()
    return code


def _address(context: _Context) -> Field[Address] | None:
    """City, region and country from `Geo Location` (`City, Region, Country`, or a metro area kept whole
    as the city), the 2018 `Country` column when the location names none, and the `Zip Code`."""
    row = context.first_row("profile")
    location, country_cell = _text(row, "geo_location"), _text(row, "country")
    parts = [part.strip() for part in (location or "").split(",") if part.strip()]
    country = _country(parts[-1]) if parts else None
    if country:
        parts.pop()
    country = country or (_country(country_cell) if country_cell else None)
    value = Address(
        postal_code=_text(row, "zip_code"),
        city=parts[0] if parts else None,
        region=", ".join(parts[1:]) or None,
        country=country,
    )
    if not any(value.model_dump().values()):
        return None
    snippet = "\n".join(row[c] for c in ("geo_location", "zip_code", "country") if _text(row, c))
    return Field[Address](value=value, confidence=LOCATION_CONFIDENCE, source=Snippet(page=1, text=snippet))


def _date_of_birth(context: _Context, *, today: dt.date | None = None) -> Field[str] | None:
    """`Mar 5, 1990` as `1990-03-05`; a date without its year (`Jun 9`) gives none and a warning."""
    row = context.first_row("profile")
    raw = _text(row, "birth_date")
    if raw is None:
        return None
    if _DAY_MONTH_ONLY.match(raw):
        context.warn("birth_year_hidden", "personal.date_of_birth")
        return None
    value = dates.parse_full_date(raw)
    born = dt.date.fromisoformat(value) if value else None
    today = today or dt.date.today()
    latest = today.replace(year=today.year - personal.MIN_AGE_YEARS)
    if value is None or born is None or born.year < personal.EARLIEST_BIRTH_YEAR or born > latest:
        context.warn("birth_date_unreadable", "personal.date_of_birth")
        return None
    return _field(value, row["birth_date"], DERIVED_CONFIDENCE)


def _unbracketed(cell: str) -> str:
    """A list cell without the brackets 2023+ exports put around it (`[a,b]`; 2018: `a, b`)."""
    inner = cell.strip()
    return inner[1:-1] if inner.startswith("[") and inner.endswith("]") else inner


def _links(context: _Context) -> list[Field[str]]:
    """Web sites (`Websites`) then Twitter accounts (`Twitter Handles`) as https URLs, distinct."""
    row = context.first_row("profile")
    found: dict[str, Field[str]] = {}
    websites = _text(row, "websites")
    for url in (m.group(1) for m in _TYPED_ITEM.finditer(_unbracketed(websites or "")) if m.group(1)):
        link = contact.find_links([Line([Span(url)])])
        if len(link) != 1:
            context.warn("link_invalid", "personal.links")
            continue
        found.setdefault(link[0].value.lower(), _field(link[0].value, row["websites"], DERIVED_CONFIDENCE))
    for handle in filter(None, (h.strip() for h in _unbracketed(_text(row, "twitter") or "").split(","))):
        match = _HANDLE.fullmatch(handle)
        if match is None:
            context.warn("link_invalid", "personal.links")
            continue
        url = _TWITTER_URL.format(match.group(1))
        found.setdefault(url.lower(), _field(url, row["twitter"], DERIVED_CONFIDENCE))
    return list(found.values())


# --- lists -------------------------------------------------------------------------------------


def _languages(context: _Context) -> list[LanguageEntry]:
    """Languages as ISO codes with LinkedIn's proficiency labels (or old `NATIVE_OR_BILINGUAL` enums)
    as CEFR levels; an empty proficiency is no level."""
    entries = []
    for index, row in enumerate(context.rows("languages")):
        name = _text(row, "name")
        if name is None:
            continue
        code = languages.language_code(name)
        if code is None:
            context.warn("language_unknown", f"languages[{index}]")
            continue
        proficiency = _text(row, "proficiency")
        level = languages.level_from_text(proficiency.replace("_", " ")) if proficiency else None
        entries.append(
            LanguageEntry(
                language=_field(code, row["name"], DERIVED_CONFIDENCE),
                level=_field(level, row["proficiency"], DERIVED_CONFIDENCE) if level else None,
            )
        )
    return entries


def _experience(context: _Context) -> list[ExperienceEntry]:
    """Positions in file order; an empty or `Present` end with a start is an ongoing job."""
    entries = []
    for index, row in enumerate(context.rows("positions")):
        path = f"experience[{index}]"
        start, end = _date(context, row, "start", f"{path}.start"), _date(context, row, "end", f"{path}.end")
        ongoing = end is None and (start is not None and not _text(row, "end") or _is_present(row, "end"))
        description = _free_text(row, "description")
        entries.append(
            ExperienceEntry(
                employer=_copied(row, "company"),
                title=_copied(row, "title"),
                location=_copied(row, "location"),
                start=start,
                end=end,
                current=ongoing,
                description=_field(description, row["description"], COPIED_CONFIDENCE)
                if description
                else None,
            )
        )
    return entries


def _education(context: _Context) -> list[EducationEntry]:
    return [
        EducationEntry(
            institution=_copied(row, "school"),
            degree=_copied(row, "degree"),
            start=_date(context, row, "start", f"education[{index}].start"),
            end=_date(context, row, "end", f"education[{index}].end"),
        )
        for index, row in enumerate(context.rows("education"))
    ]


def _certifications(context: _Context) -> list[CertificationEntry]:
    return [
        CertificationEntry(
            name=_copied(row, "name"),
            issuer=_copied(row, "authority"),
            date=_date(context, row, "start", f"certifications[{index}].date"),
        )
        for index, row in enumerate(context.rows("certifications"))
        if _text(row, "name")
    ]


def _language(context: _Context) -> str | None:
    """The language the member wrote their profile in, from the free text of every file."""
    columns: dict[str, tuple[str, ...]] = {
        "profile": ("headline", "summary"),
        "profilesummary": ("summary",),
        "positions": ("title", "description"),
        "education": ("degree", "notes"),
    }
    text = " ".join(
        value
        for key, names in columns.items()
        for row in context.rows(key)
        for name in names
        if (value := _free_text(row, name))
    )
    return detect_language(text)
