"""The candidate's name, date of birth and nationality."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from prefill.models.draft import Field, Snippet
from prefill.parser import dates, geo, lexicon
from prefill.parser.document import Line, Span
from prefill.parser.sections import heading_key
from prefill.parser.text import clean, fold

NAME_SEARCH_LINES = 12
"""The name is looked for among the first lines of the header block (and of a sidebar)."""

MIN_AGE_YEARS = 15
"""A date of birth less than this many years ago is not one (DESIGN §3)."""

EARLIEST_BIRTH_YEAR = 1930

FOUR_PART_NAME = 4
"""A name of this many words (no particles) is read as two given names and two surnames."""

_NAME_PARTICLES = {
    "de",
    "del",
    "della",
    "di",
    "da",
    "dos",
    "das",
    "du",
    "des",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "y",
    "e",
    "bin",
    "ben",
    "ibn",
    "al",
    "el",
    "mac",
    "st",
    "st.",
}
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|[-'’.])*$")
_NOT_NAME_WORDS = {
    "curriculum",
    "vitae",
    "vitæ",
    "cv",
    "resume",
    "résumé",
    "résume",
    "resumé",
    "page",
    "profile",
    "profil",
    "perfil",
    "contact",
    "hoja",
    "vida",
}
_CUE_WORDS = lexicon.TITLE_WORDS | lexicon.ORG_WORDS | lexicon.DEGREE_WORDS | lexicon.SCHOOL_WORDS
_SEPARATORS = re.compile(r"\s*(?:\t|\||–|—|·|•| - |,|/)\s*")
_SUFFIX = re.compile(r"\s*\([^)]*\)\s*")

_BIRTH_LABEL = re.compile(
    r"(?i)\b(?:date\s+of\s+birth|birth\s*date|d\.?o\.?b\.?|born(?:\s+on)?|"
    r"date\s+de\s+naissance|n[ée]e?\s+le|n[ée]e?\s+(?=\d)|"
    r"fecha\s+de\s+nacimiento|nacid[oa]\s+el|f\.\s*de\s*nacimiento|"
    r"geburtsdatum|geboren\s+am|data\s+di\s+nascita|nat[oa]\s+il|data\s+de\s+nascimento)\b\s*[:：]?\s*"
)
_NATIONALITY_LABEL = re.compile(
    r"(?i)\b(?:nationality|citizenship|nationalit[ée]s?|nacionalidad(?:es)?|staatsangeh[öo]rigkeit|"
    r"nazionalit[àa]|nacionalidade)\b\s*[:：]?\s*"
)
_VALUE_END = re.compile(r"\s*(?:[·•|;]|\t| - | – | — |\s{3,}).*$")


@dataclass(slots=True)
class Name:
    first: Field[str]
    last: Field[str] | None


def find_name(candidates: list[Line]) -> Name | None:
    """The candidate's name: the most name-like of the first header lines."""
    best: tuple[float, str, Line] | None = None
    candidates = _join_wrapped_name(candidates[:NAME_SEARCH_LINES])
    max_size = max((line.size for line in candidates), default=0.0)
    for position, line in enumerate(candidates):
        for piece in _SEPARATORS.split(_SUFFIX.sub(" ", line.text))[:2]:
            score = _name_score(piece)
            if score <= 0:
                continue
            score -= position * 0.15
            if max_size and line.size >= max_size - 0.1:
                score += 1.0
            if line.bold:
                score += 0.3
            if best is None or score > best[0]:
                best = (score, piece, line)
            break
    if best is None:
        return None
    _, piece, line = best
    return _split_name(clean(piece), line)


def _join_wrapped_name(lines: list[Line]) -> list[Line]:
    """A large name set on two lines in a narrow sidebar ("María José" / "Ortega Villanueva")."""
    for index, (first, second) in enumerate(zip(lines, lines[1:], strict=False)):
        same_look = abs(first.size - second.size) < 0.2 and first.bold == second.bold and first.size > 0
        short = len(first.text.split()) <= 2 and len(second.text.split()) <= 3
        if same_look and short and first.page == second.page and _name_score(f"{first.text} {second.text}"):
            joined = Line(
                spans=[*first.spans, Span(" ", size=first.size, bold=first.bold), *second.spans],
                page=first.page,
                x0=first.x0,
                top=first.top,
                x1=max(first.x1, second.x1),
                bottom=second.bottom,
            )
            return [*lines[:index], joined, *lines[index + 2 :]]
    return lines


def _name_score(text: str) -> float:
    tokens = clean(text).split()
    if not 2 <= len(tokens) <= 5:
        return 0.0
    folded = [fold(token) for token in tokens]
    if any(f in _NOT_NAME_WORDS or t.lower() in _CUE_WORDS for t, f in zip(tokens, folded, strict=True)):
        return 0.0
    if heading_key(text):
        return 0.0
    if geo.country_code(text) or any(geo.country_code(token) for token in tokens if len(token) > 3):
        return 0.0
    score = 1.0
    for token, lowered in zip(tokens, folded, strict=True):
        if lowered in _NAME_PARTICLES:
            continue
        if not _NAME_WORD.match(token) or not token[0].isupper():
            return 0.0
    return score


def _split_name(text: str, line: Line) -> Name:
    tokens = text.split()
    capitals = [t for t in tokens if len(t) > 1 and t.isupper()]
    if capitals and len(capitals) < len(tokens):
        # "Jean DUPONT", "DIALLO Mariama": the capitalised words are the surname.
        last_tokens = capitals
        first_tokens = [t for t in tokens if t not in capitals]
    elif len(tokens) >= FOUR_PART_NAME and not any(t.lower() in _NAME_PARTICLES for t in tokens):
        # "María José Ortega Villanueva": two given names and two surnames (Spanish, Portuguese use).
        first_tokens, last_tokens = tokens[:2], tokens[2:]
    else:
        first_tokens, last_tokens = tokens[:1], tokens[1:]
    first = " ".join(_unshout(t) for t in first_tokens)
    last = " ".join(_unshout(t) for t in last_tokens)
    snippet = Snippet(page=line.page, text=clean(line.text))
    confidence = 0.85 if capitals else 0.8
    return Name(
        first=Field[str](value=first, confidence=confidence, source=snippet),
        last=Field[str](value=last, confidence=confidence, source=snippet) if last else None,
    )


def _unshout(token: str) -> str:
    if len(token) > 1 and token.isupper():
        return "-".join(part.capitalize() for part in token.split("-"))
    return token


def find_date_of_birth(lines: list[Line], *, today: dt.date | None = None) -> Field[str] | None:
    today = today or dt.date.today()
    latest = today.replace(year=today.year - MIN_AGE_YEARS)
    for line in lines:
        for match in _BIRTH_LABEL.finditer(line.text):
            rest = line.text[match.end() :]
            value = dates.parse_full_date(_VALUE_END.sub("", rest)) or dates.parse_full_date(rest[:40])
            if value is None:
                continue
            born = dt.date.fromisoformat(value)
            if born.year >= EARLIEST_BIRTH_YEAR and born <= latest:
                return Field[str](
                    value=value, confidence=0.9, source=Snippet(page=line.page, text=clean(line.text))
                )
    return None


def find_nationality(lines: list[Line]) -> Field[str] | None:
    for line in lines:
        match = _NATIONALITY_LABEL.search(line.text)
        if match is None:
            continue
        value = _VALUE_END.sub("", line.text[match.end() :]).strip(" .,")
        code = geo.nationality_code(value) if value else None
        if code:
            return Field[str](
                value=code, confidence=0.9, source=Snippet(page=line.page, text=clean(line.text))
            )
    return None
