"""LinkedIn's "Save to PDF" profile -> DraftProfile (`shared/notes/linkedin-exports.md` B).

The layout is fixed: a dark sidebar (x < 202 pt) with Contact, Top Skills, Languages, Certifications ...
and a main column (x = 223.6 pt) with the name, headline, location, Summary, Experience and Education.
Lines are split into the two columns by x, read top to bottom across pages (so anything split by a
page break reads on), and typed by font size and colour; `pdf_grammar` reads their text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

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
)
from prefill.parser import contact, languages, personal
from prefill.parser.dates import DateRange
from prefill.parser.document import CELL_SEPARATOR, Document, Line, Span
from prefill.parser.linkedin import pdf_grammar as grammar
from prefill.parser.readers.layout import ASCENT_EM
from prefill.parser.text import clean
from prefill.parser.textlang import detect_language

# --- the documented geometry and styles -------------------------------------------------------------

SIDEBAR_SPLIT_X = 205.0
"""Text starting left of this x (points) is in the sidebar (filled 0-202 pt), the rest in the main column."""

SIDEBAR_TEXT_X = (15.0, 30.0)
"""Where sidebar text starts (21.6 pt), for the text fingerprint of a metadata-stripped PDF."""

MAIN_TEXT_X = (218.0, 230.0)
"""Where main-column text starts (223.6 pt), for the text fingerprint."""

SIZE_TOLERANCE = 0.3
"""Font sizes within this many points are the same size."""

NAME_SIZE = 26.0
MAIN_HEADING_SIZE = 15.75
SIDEBAR_HEADING_SIZE = 13.0
COMPANY_SIZE = 12.0
"""Company, school, headline, profile location and summary text."""
TITLE_SIZE = 11.5
SMALL_SIZE = 10.5
"""Group tenure, date line, position location, description, degree line, sidebar items."""

MAX_WRAP_GAP_RATIO = 1.45
"""A line whose top is closer than this many font sizes below the previous one continues it (wrapped
text is set at 1.2; a new sidebar item or entry starts about 1.7 below)."""

SIDEBAR_FULL_LINE_X = 150.0
"""A sidebar line without a space reaching this far right was cut inside a word (a long e-mail or URL):
its continuation is joined without a space."""

GREY_MIN_CHANNEL = 0x90
"""A dark-on-white text colour whose channels are all at least this is LinkedIn's grey (locations,
`(LinkedIn)` labels), not the near-black body text."""

MIN_TEXT_FINGERPRINT_HITS = 2
"""Clues a metadata-stripped PDF needs (known sidebar heading, `(LinkedIn)` profile URL, geometry)."""

MIN_COLUMN_SHARE = 0.8
"""For the geometry clue, this share of page 1's lines must start at the sidebar or main-column x."""

NAME_CONFIDENCE = 0.95
EMAIL_CONFIDENCE = 0.98
LINK_CONFIDENCE = 0.95
LOCATION_CONFIDENCE = 0.85
ENTRY_CONFIDENCE = 0.95
DATE_CONFIDENCE = 0.95
DESCRIPTION_CONFIDENCE = 0.9
LEVEL_CONFIDENCE = 0.9
LIST_ITEM_CONFIDENCE = 0.95
"""Confidences: the layout is machine-made, so values read by its grammar are rarely wrong."""

_LINKEDIN_SUBJECT = "resume generated from profile"
_LINKEDIN_PROFILE = re.compile(r"linkedin\.com/in/", re.IGNORECASE)
_FOOTER = re.compile(r"^Page \d+ (?:of|sur|de) \d+$")
_LABEL_END = re.compile(r"\([^()]+\)\s*$")


@dataclass(slots=True)
class _Row:
    """One printed line of one column: text without tabs, its dominant size and colour."""

    text: str
    page: int
    top: float
    x1: float
    size: float
    color: int | None
    spans: list[Span]

    @property
    def links(self) -> list[str]:
        return [s.link for s in self.spans if s.link]

    def is_size(self, size: float) -> bool:
        return abs(self.size - size) <= SIZE_TOLERANCE

    @property
    def grey(self) -> bool:
        return self.color is not None and all(
            (self.color >> s) & 0xFF >= GREY_MIN_CHANNEL for s in (16, 8, 0)
        )

    def continues(self, previous: _Row) -> bool:
        """True when this row is the wrapped continuation of `previous` (same size, on the next line)."""
        gap = self.top - previous.top
        return (
            self.page == previous.page
            and abs(self.size - previous.size) <= SIZE_TOLERANCE
            and 0 < gap < MAX_WRAP_GAP_RATIO * self.size
        )

    def snippet(self, text: str | None = None) -> Snippet:
        return Snippet(page=self.page, text=clean(text if text is not None else self.text))


# --- detection ---------------------------------------------------------------------------------------


def is_linkedin_pdf(document: Document) -> bool:
    """True for a LinkedIn "Save to PDF" profile: its metadata, or when that was stripped, its text."""
    if document.kind != "pdf":
        return False
    meta = {key: value.strip().lower() for key, value in document.metadata.items()}
    if meta.get("subject") == _LINKEDIN_SUBJECT:
        return True
    if meta.get("author") == "linkedin" and (
        meta.get("title") == "resume" or meta.get("producer", "").startswith("apache fop")
    ):
        return True
    sidebar, main = _columns(document)
    clues = [
        any(row.is_size(SIDEBAR_HEADING_SIZE) and grammar.sidebar_heading_key(row.text) for row in sidebar),
        _has_profile_url(sidebar),
        _column_geometry(document),
    ]
    return bool(main) and sum(clues) >= MIN_TEXT_FINGERPRINT_HITS


def _has_profile_url(sidebar: list[_Row]) -> bool:
    """`www.linkedin.com/in/<vanity> (LinkedIn)`, the label possibly on a following line."""
    return any(_LINKEDIN_PROFILE.search(item.text) and item.label == "LinkedIn" for item in _items(sidebar))


def _column_geometry(document: Document) -> bool:
    page = [line for _, line in document.lines() if line.page == 1 and line.text.strip()]
    at_columns = sum(
        1
        for line in page
        if SIDEBAR_TEXT_X[0] <= line.x0 <= SIDEBAR_TEXT_X[1] or MAIN_TEXT_X[0] <= line.x0 <= MAIN_TEXT_X[1]
    )
    has_both = any(line.x0 < SIDEBAR_SPLIT_X for line in page) and any(
        line.x0 >= SIDEBAR_SPLIT_X for line in page
    )
    return has_both and at_columns >= MIN_COLUMN_SHARE * len(page)


# --- columns and rows --------------------------------------------------------------------------------


def _columns(document: Document) -> tuple[list[_Row], list[_Row]]:
    """(sidebar rows, main rows), each top to bottom across pages; footers and blank lines dropped."""
    sidebar: list[_Row] = []
    main: list[_Row] = []
    for _, line in document.lines():
        left = [s for s in line.spans if s.x0 < SIDEBAR_SPLIT_X]
        right = [s for s in line.spans if s.x0 >= SIDEBAR_SPLIT_X]
        for spans, rows in ((left, sidebar), (right, main)):
            row = _row(line, spans)
            if row is not None:
                rows.append(row)
    key = lambda row: (row.page, row.top)  # noqa: E731
    return sorted(sidebar, key=key), sorted(main, key=key)


def _row(line: Line, spans: list[Span]) -> _Row | None:
    # A trailing NBSP is kept: after a degree it says "no field follows" (pdf_grammar).
    text = "".join(span.text for span in spans).replace(CELL_SEPARATOR, " ").strip(" ")
    if not clean(text) or _FOOTER.match(clean(text)):
        return None
    sizes: Counter[float] = Counter()
    colors: Counter[int | None] = Counter()
    for span in spans:
        weight = len(span.text.strip())
        sizes[round(span.size, 2)] += weight
        colors[span.color] += weight
    return _Row(
        text=text,
        page=line.page,
        # Each column's own top: the line's may be that of a larger run of the other column on its row.
        top=min(span.baseline - ASCENT_EM * span.size for span in spans) if spans[0].baseline else line.top,
        x1=max(span.x1 for span in spans),
        size=sizes.most_common(1)[0][0],
        color=colors.most_common(1)[0][0],
        spans=spans,
    )


def _join(rows: list[_Row]) -> str:
    return clean(" ".join(row.text for row in rows))


# --- sidebar -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    """A sidebar item re-joined over its wrapped lines, its trailing label split off."""

    rows: list[_Row]
    text: str
    value: str
    label: str | None

    @property
    def links(self) -> list[str]:
        return [link for row in self.rows for link in row.links]

    @property
    def snippet(self) -> Snippet:
        return Snippet(page=self.rows[0].page, text=self.text)


def _items(rows: list[_Row]) -> list[_Item]:
    """Sidebar rows grouped into items: a wrapped line continues its item, a larger gap starts one."""
    groups: list[list[_Row]] = []
    for row in rows:
        # A trailing label ends an item: Contact lines follow a `(LinkedIn)` line closer than new items do.
        if groups and _continues_item(groups[-1][-1], row) and not _LABEL_END.search(groups[-1][-1].text):
            groups[-1].append(row)
        else:
            groups.append([row])
    items = []
    for group in groups:
        text = group[0].text
        for previous, row in pairwise(group):
            cut_in_word = " " not in previous.text.strip() and previous.x1 >= SIDEBAR_FULL_LINE_X
            text += ("" if cut_in_word and not row.text.startswith("(") else " ") + row.text
        text = clean(text)
        value, label = grammar.split_label(text)
        items.append(_Item(group, text, value, label))
    return items


def _continues_item(previous: _Row, row: _Row) -> bool:
    # URL lines (11 pt) and their grey 11 pt `(LinkedIn)` label wrap like 10.5 pt items.
    gap = row.top - previous.top
    return row.page == previous.page and 0 < gap < MAX_WRAP_GAP_RATIO * max(row.size, previous.size)


def _sidebar_sections(rows: list[_Row]) -> dict[grammar.SidebarKey, list[_Item]]:
    """Items under each sidebar heading; an unknown heading takes the next key in LinkedIn's order."""
    sections: dict[grammar.SidebarKey, list[_Row]] = {}
    current: list[_Row] | None = None
    last_index = -1
    for row in rows:
        if row.is_size(SIDEBAR_HEADING_SIZE):
            key = grammar.sidebar_heading_key(row.text)
            if key is None and last_index + 1 < len(grammar.SIDEBAR_ORDER):
                key = grammar.SIDEBAR_ORDER[last_index + 1]  # a UI language the table lacks
            if key is not None:
                last_index = max(last_index, grammar.SIDEBAR_ORDER.index(key))
                current = sections.setdefault(key, [])
                continue
        if current is not None:
            current.append(row)
    return {key: _items(section) for key, section in sections.items()}


@dataclass(slots=True)
class _Contact:
    email: Field[str] | None = None
    phone: Field[str] | None = None
    links: list[Field[str]] = field(default_factory=list)


def _contact(items: list[_Item], *, country: str | None) -> _Contact:
    found = _Contact()
    phone_lines: list[Line] = []
    for item in items:
        mailto = next((link for link in item.links if link.lower().startswith("mailto:")), None)
        if mailto or "@" in item.value:
            email = (mailto or "").removeprefix("mailto:").split("?")[0].strip() or item.value
            if found.email is None and "@" in email:
                found.email = Field[str](
                    value=email.lower(), confidence=EMAIL_CONFIDENCE, source=item.snippet
                )
            continue
        web = next((link for link in item.links if re.match(r"(?i)https?://", link)), None)
        if _LINKEDIN_PROFILE.search(item.value) or (web and item.label is not None):
            url = _profile_url(web) if web and _LINKEDIN_PROFILE.search(web) else web
            url = url or f"https://{item.value}"
            found.links.append(Field[str](value=url, confidence=LINK_CONFIDENCE, source=item.snippet))
            continue
        phone_lines.append(Line(spans=[Span(item.value)], page=item.rows[0].page))
    found.phone = contact.find_phone(phone_lines, region_hints=[country] if country else [])
    return found


def _profile_url(url: str) -> str:
    """A LinkedIn profile URL without its tracking query (`?…pdfgenresume…`)."""
    return url.split("?")[0].split("#")[0]


def _languages(items: list[_Item]) -> list[LanguageEntry]:
    result = []
    for item in items:
        code = languages.language_code(item.value)
        if code is None:
            continue
        level = languages.level_from_text(item.label) if item.label else None
        result.append(
            LanguageEntry(
                language=Field[str](value=code, confidence=LEVEL_CONFIDENCE, source=item.snippet),
                level=Field[str](value=level, confidence=LEVEL_CONFIDENCE, source=item.snippet)
                if level
                else None,
            )
        )
    return result


def _item_fields(items: list[_Item]) -> list[Field[str]]:
    return [
        Field[str](value=item.text, confidence=LIST_ITEM_CONFIDENCE, source=item.snippet) for item in items
    ]


# --- main column -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Header:
    name: list[_Row] = field(default_factory=list)
    headline: list[_Row] = field(default_factory=list)
    location: list[_Row] = field(default_factory=list)


def _main_sections(rows: list[_Row]) -> tuple[_Header, dict[grammar.MainKey, list[_Row]]]:
    header = _Header()
    sections: dict[grammar.MainKey, list[_Row]] = {}
    headings = [i for i, row in enumerate(rows) if row.is_size(MAIN_HEADING_SIZE)]
    for row in rows[: headings[0] if headings else len(rows)]:
        if row.is_size(NAME_SIZE):
            header.name.append(row)
        elif header.name and (row.grey or header.location):
            header.location.append(row)
        elif header.name:
            header.headline.append(row)
    if header.headline and not header.location and header.headline[-1].color is None:
        header.location.append(header.headline.pop())  # no colours known: the location is the last line
    for index, start in enumerate(headings):
        body = rows[start + 1 : headings[index + 1] if index + 1 < len(headings) else len(rows)]
        key = grammar.main_heading_key(rows[start].text) or _section_by_shape(body)
        sections.setdefault(key, []).extend(body)
    return header, sections


def _section_by_shape(rows: list[_Row]) -> grammar.MainKey:
    """A heading in a UI language the table lacks: typed by its content (titles, degree lines, prose)."""
    if any(row.is_size(TITLE_SIZE) for row in rows):
        return "experience"
    if any(row.is_size(SMALL_SIZE) for row in rows):
        return "education"
    return "summary"


@dataclass(slots=True)
class _Role:
    company: list[_Row]
    title: list[_Row] = field(default_factory=list)
    dates: DateRange | None = None
    date_row: _Row | None = None
    location: _Row | None = None
    description: list[_Row] = field(default_factory=list)


def _roles(rows: list[_Row]) -> tuple[list[_Role], list[_Row]]:
    """Roles of the Experience grammar, each with its employer; also the tenure and date rows (UI text)."""
    roles: list[_Role] = []
    company: list[_Row] = []
    ui_rows: list[_Row] = []
    previous: _Row | None = None
    for row in rows:
        role = roles[-1] if roles and roles[-1].company is company else None
        if row.is_size(COMPANY_SIZE):
            if previous is not None and previous.is_size(COMPANY_SIZE) and company:
                company.append(row)  # a wrapped company name, even across a page break
            else:
                company = [row]
        elif row.is_size(TITLE_SIZE):
            if role is not None and role.dates is None and not role.description:
                role.title.append(row)  # wrapped title; its date line may be on the next page
            else:
                roles.append(_Role(company=company, title=[row]))
        elif role is None:
            ui_rows.append(row)  # the group's tenure line, between the company and its first title
        elif role.dates is None and not role.description and (found := grammar.date_line_range(row.text)):
            role.dates, role.date_row = found, row
            ui_rows.append(row)
        elif role.date_row is not None and role.location is None and not role.description and row.grey:
            role.location = row
        else:
            role.description.append(row)
        previous = row
    return roles, ui_rows


def _experience(roles: list[_Role]) -> list[ExperienceEntry]:
    result = []
    for role in roles:
        employer = _join(role.company)
        title = _join(role.title)
        start = end = None
        dates = role.dates
        if dates is not None and role.date_row is not None:
            snippet = role.date_row.snippet()
            start = (
                Field[str](value=dates.start, confidence=DATE_CONFIDENCE, source=snippet)
                if dates.start
                else None
            )
            end = (
                Field[str](value=dates.end, confidence=DATE_CONFIDENCE, source=snippet) if dates.end else None
            )
        description = "\n".join(clean(row.text) for row in role.description)
        result.append(
            ExperienceEntry(
                employer=_text_field(employer, role.company, ENTRY_CONFIDENCE),
                title=_text_field(title, role.title, ENTRY_CONFIDENCE),
                location=_text_field(clean(role.location.text), [role.location], ENTRY_CONFIDENCE)
                if role.location
                else None,
                start=start,
                end=end,
                current=bool(dates and dates.current),
                description=_text_field(description, role.description, DESCRIPTION_CONFIDENCE),
            )
        )
    return result


def _education(rows: list[_Row]) -> list[EducationEntry]:
    schools: list[tuple[list[_Row], list[_Row]]] = []
    for row in rows:
        if row.is_size(COMPANY_SIZE):
            if schools and not schools[-1][1] and row.continues(schools[-1][0][-1]):
                schools[-1][0].append(row)  # a wrapped school name
            else:
                schools.append(([row], []))
        elif schools:
            schools[-1][1].append(row)
    result = []
    for school_rows, detail_rows in schools:
        line = grammar.parse_education_line(" ".join(row.text for row in detail_rows))
        dates = line.dates
        detail = detail_rows[:1]
        date_snippet = (
            Snippet(page=detail_rows[-1].page, text=line.dates_text)
            if detail_rows and line.dates_text
            else None
        )
        result.append(
            EducationEntry(
                institution=_text_field(_join(school_rows), school_rows, ENTRY_CONFIDENCE),
                degree=_text_field(line.degree, detail, ENTRY_CONFIDENCE),
                field_of_study=_text_field(line.field_of_study, detail, ENTRY_CONFIDENCE),
                start=Field[str](value=dates.start, confidence=DATE_CONFIDENCE, source=date_snippet)
                if dates and dates.start and date_snippet
                else None,
                end=Field[str](value=dates.end, confidence=DATE_CONFIDENCE, source=date_snippet)
                if dates and dates.end and date_snippet
                else None,
            )
        )
    return result


def _text_field(value: str | None, rows: list[_Row], confidence: float) -> Field[str] | None:
    if not value or not rows:
        return None
    return Field[str](value=value, confidence=confidence, source=Snippet(page=rows[0].page, text=value))


def _name(rows: list[_Row]) -> tuple[Field[str] | None, Field[str] | None]:
    if not rows:
        return None, None
    text = grammar.clean_name(_join(rows))
    line = Line(spans=[Span(text, size=NAME_SIZE)], page=rows[0].page)
    found = personal.find_name([line])
    snippet = Snippet(page=rows[0].page, text=_join(rows))
    if found is not None:
        first, last = found.first.value, found.last.value if found.last else None
    else:
        first, _, last = text.partition(" ")
    return (
        Field[str](value=first, confidence=NAME_CONFIDENCE, source=snippet) if first else None,
        Field[str](value=last, confidence=NAME_CONFIDENCE, source=snippet) if last else None,
    )


def _address(rows: list[_Row]) -> Field[Address] | None:
    if not rows:
        return None
    text = _join(rows)
    place = grammar.parse_location(text)
    if not (place.city or place.region or place.country):
        return None
    address = Address(city=place.city, region=place.region, country=place.country)
    return Field[Address](
        value=address, confidence=LOCATION_CONFIDENCE, source=Snippet(page=rows[0].page, text=text)
    )


# --- the draft ---------------------------------------------------------------------------------------


def build_draft_from_linkedin_pdf(document: Document, *, source: Source, parser_version: str) -> DraftProfile:
    """The draft profile of a LinkedIn "Save to PDF" file (`source.kind = "linkedin_pdf"`)."""
    sidebar_rows, main_rows = _columns(document)
    header, sections = _main_sections(main_rows)
    sidebar = _sidebar_sections(sidebar_rows)
    roles, ui_rows = _roles(sections.get("experience", []))

    address = _address(header.location)
    country = address.value.country if address else None
    found = _contact(sidebar.get("contact", []), country=country)
    first, last = _name(header.name)

    ui = {id(row) for row in ui_rows}
    member_text = "\n".join(
        [row.text for row in main_rows if id(row) not in ui and not row.is_size(MAIN_HEADING_SIZE)]
        + [item.text for key, items in sidebar.items() if key != "contact" for item in items]
    )
    language = detect_language(member_text)
    return DraftProfile(
        parser_version=parser_version,
        source=source.model_copy(update={"kind": "linkedin_pdf", "language": language}),
        personal=Personal(
            first_name=first,
            last_name=last,
            email=found.email,
            phone=found.phone,
            address=address,
            links=found.links,
        ),
        languages=_languages(sidebar.get("languages", [])),
        education=_education(sections.get("education", [])),
        certifications=[
            CertificationEntry(name=name) for name in _item_fields(sidebar.get("certifications", []))
        ],
        experience=_experience(roles),
        skills=_item_fields(sidebar.get("top_skills", [])),
    )
