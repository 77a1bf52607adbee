"""From a Document to a DraftProfile: sections, then each field with its validator."""

from __future__ import annotations

from prefill.models.draft import (
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
from prefill.parser import contact, entries, languages, personal, skills
from prefill.parser.document import Document, Line
from prefill.parser.entries import Entry, Part
from prefill.parser.nlp import pipeline
from prefill.parser.sections import Section, heading_key, split_sections
from prefill.parser.text import clean
from prefill.parser.textlang import detect_language

CONTACT_SECTIONS = frozenset({"header", "personal"})
"""Sections whose lines are searched first for the candidate's own contact details."""

PRIVATE_SECTIONS = frozenset({"references"})
"""Sections whose contact details belong to someone else (referees)."""


def build_draft(document: Document, *, source: Source, parser_version: str) -> DraftProfile:
    sections = split_sections(document)
    language = detect_language(document.text)
    source = source.model_copy(update={"language": language})
    nlp = pipeline(language)

    own_lines = _contact_lines(document, sections)
    public_lines = [line for s in sections if s.key not in PRIVATE_SECTIONS for _, line in s.lines]
    warnings: list[Warning] = []

    nationality = personal.find_nationality(own_lines) or personal.find_nationality(public_lines)
    address = contact.find_address(own_lines, region_hints=[nationality.value] if nationality else [])
    address_field = address.field if address else None
    if address:
        warnings.extend(address.warnings)
    region_hints = [
        code
        for code in (
            address_field.value.country if address_field else None,
            nationality.value if nationality else None,
        )
        if code
    ]
    name = personal.find_name(_name_lines(document, sections))
    person = Personal(
        first_name=name.first if name else None,
        last_name=name.last if name else None,
        email=contact.find_email(own_lines) or contact.find_email(public_lines),
        phone=contact.find_phone(own_lines, region_hints=region_hints),
        address=address_field,
        nationality=nationality,
        date_of_birth=personal.find_date_of_birth(own_lines) or personal.find_date_of_birth(public_lines),
        links=contact.find_links(own_lines),
    )

    experience_entries = [e for s in sections if s.key == "experience" for e in entries.segment(s.lines)]
    education_entries = [e for s in sections if s.key == "education" for e in entries.segment(s.lines)]
    entries.annotate(experience_entries + education_entries, nlp)
    entries.split_degree_from_school(education_entries, nlp)

    return DraftProfile(
        parser_version=parser_version,
        source=source,
        personal=person,
        languages=_languages(sections),
        education=_education(education_entries),
        certifications=_certifications(sections),
        experience=_experience(experience_entries),
        skills=_skills(sections),
        warnings=warnings,
    )


def _contact_lines(document: Document, sections: list[Section]) -> list[Line]:
    lines = [line for s in sections if s.key in CONTACT_SECTIONS for _, line in s.lines]
    seen = {id(line) for line in lines}
    for block, line in document.lines():
        if block.region != "body" and id(line) not in seen and not _in_private(line, sections):
            lines.append(line)
    return lines


def _in_private(line: Line, sections: list[Section]) -> bool:
    return any(line is other for s in sections if s.key in PRIVATE_SECTIONS for _, other in s.lines)


def _name_lines(document: Document, sections: list[Section]) -> list[Line]:
    header = [line for _, line in sections[0].lines]
    regions = [line for block, line in document.lines() if block.region in ("header", "sidebar")]
    return header + [line for line in regions if all(line is not h for h in header)]


# --- languages, skills, certifications ------------------------------------------------------------


def _languages(sections: list[Section]) -> list[LanguageEntry]:
    result: list[LanguageEntry] = []
    seen: set[str] = set()
    for section in sections:
        for _, line in section.lines:
            if section.key != "languages" and not _is_language_row(line.text):
                continue
            for item in languages.parse_language_items(line.text):
                if item.language in seen:
                    continue
                seen.add(item.language)
                snippet = Snippet(page=line.page, text=clean(line.text.replace("\t", " ")))
                result.append(
                    LanguageEntry(
                        language=Field[str](value=item.language, confidence=0.9, source=snippet),
                        level=Field[str](value=item.level, confidence=0.85, source=snippet)
                        if item.level
                        else None,
                    )
                )
    return result


def _is_language_row(text: str) -> bool:
    label, rest = skills.split_label(clean(text))
    return label is not None and heading_key(label) == "languages"


def _skills(sections: list[Section]) -> list[Field[str]]:
    result: list[Field[str]] = []
    seen: set[str] = set()
    for section in sections:
        if section.key != "skills":
            continue
        for line in skills.join_wrapped(line for _, line in section.lines):
            if _is_language_row(line.text) and languages.parse_language_items(line.text):
                continue
            for item in skills.skill_items(line):
                key = item.value.casefold()
                if key not in seen:
                    seen.add(key)
                    result.append(item)
    return result


def _certifications(sections: list[Section]) -> list[CertificationEntry]:
    found = [
        e for s in sections if s.key == "certifications" for e in entries.segment(s.lines, one_per_item=True)
    ]
    result = []
    for entry in found:
        if not entry.parts:
            continue
        name, issuer = _split_issuer(entry.parts[0].text)
        if issuer is None and len(entry.parts) > 1:
            issuer = entry.parts[-1].text
        line = entry.parts[0].line
        date = entry.date.end or entry.date.start if entry.date else None
        result.append(
            CertificationEntry(
                name=Field[str](value=name, confidence=0.75, source=_snippet(line, name)),
                issuer=Field[str](value=issuer, confidence=0.6, source=_snippet(line, issuer))
                if issuer
                else None,
                date=Field[str](
                    value=date, confidence=0.8, source=_snippet(entry.date_line or line, entry.date_text)
                )
                if date
                else None,
            )
        )
    return result


def _split_issuer(text: str) -> tuple[str, str | None]:
    """`Name (Issuer)` -> (`Name`, `Issuer`); an abbreviation in brackets stays in the name."""
    if text.endswith(")") and "(" in text:
        name, _, issuer = text[:-1].rpartition("(")
        if len(issuer.split()) > 1 or not issuer.isupper():
            return name.strip(), issuer.strip() or None
    return text, None


# --- experience and education ---------------------------------------------------------------------


def _experience(found: list[Entry]) -> list[ExperienceEntry]:
    roles = entries.assign_roles(found, first_label="TITLE", second_label="ORG")
    result = []
    for entry, role in zip(found, roles, strict=True):
        start, end, current = _dates(entry)
        location = entry.locations[0] if entry.locations else (role.extra[-1] if role.extra else None)
        result.append(
            ExperienceEntry(
                employer=_field(role.second, role.confidence),
                title=_field(role.first, role.confidence),
                location=_field(location, 0.6),
                start=start,
                end=end,
                current=current,
                description=_description(entry),
            )
        )
    return result


def _education(found: list[Entry]) -> list[EducationEntry]:
    roles = entries.assign_roles(found, first_label="DEGREE", second_label="SCHOOL")
    result = []
    for entry, role in zip(found, roles, strict=True):
        start, end, _ = _dates(entry)
        degree = field_of_study = None
        if role.first is not None:
            degree_text, field_text = entries.split_degree(role.first.text)
            degree = Field[str](
                value=degree_text,
                confidence=role.confidence,
                source=_snippet(role.first.line, role.first.text),
            )
            if field_text:
                field_of_study = Field[str](
                    value=field_text, confidence=0.6, source=_snippet(role.first.line, field_text)
                )
        if field_of_study is None and role.extra:
            field_of_study = _field(role.extra[0], 0.5)
        location = entry.locations[0] if entry.locations else None
        result.append(
            EducationEntry(
                institution=_field(role.second, role.confidence),
                degree=degree,
                field_of_study=field_of_study,
                start=start,
                end=end,
                location=_field(location, 0.6),
            )
        )
    return result


def _dates(entry: Entry) -> tuple[Field[str] | None, Field[str] | None, bool]:
    date = entry.date
    if date is None or entry.date_line is None:
        return None, None, False
    snippet = _snippet(entry.date_line, entry.date_text)
    start = Field[str](value=date.start, confidence=0.9, source=snippet) if date.start else None
    end_value = date.end
    if date.single and not date.current:
        end_value = date.start
    end = Field[str](value=end_value, confidence=0.85, source=snippet) if end_value else None
    return start, end, date.current


def _description(entry: Entry) -> Field[str] | None:
    if not entry.description:
        return None
    text = "\n".join(clean(line.text.replace("\t", " ")) for line in entry.description)
    return Field[str](value=text, confidence=0.7, source=Snippet(page=entry.description[0].page, text=text))


def _field(part: Part | None, confidence: float) -> Field[str] | None:
    if part is None:
        return None
    return Field[str](value=part.text, confidence=confidence, source=_snippet(part.line, part.text))


def _snippet(line: Line, text: str) -> Snippet:
    return Snippet(page=line.page, text=text)
