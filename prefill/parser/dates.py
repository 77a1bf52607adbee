"""Dates and date ranges as CVs print them, in English, French and Spanish (German, Italian, Portuguese
month names too): `sept. 2021 – aujourd’hui`, `03/2019 - 04/2020`, `Desde feb. 2021`, `Summer 2021`.

Everything here is a regular expression compiled once at import, so a line costs microseconds: no
dateparser (its `search_dates` can take minutes on long text). A line is cut into *atoms* (a date, a bare
month, a "present" word) that one combined pattern finds left to right; ranges are then formed from two
atoms with only a connector (`-`, `to`, `au`, `hasta`, ...) between them.

Partial dates keep the precision printed: `"YYYY"` or `"YYYY-MM"`; a day is never invented, and a day that
is printed inside a range is dropped (the draft profile's partial dates have no day). Only
`parse_full_date` returns `"YYYY-MM-DD"`, for dates of birth.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

MIN_YEAR = 1940
"""Earliest year taken as a date (older four-digit numbers are ids, codes or amounts)."""

MAX_YEAR = 2100
"""Latest year taken as a date."""

TWO_DIGIT_YEAR_PIVOT = 50
"""`'49` is 2049 and `'50` is 1950 (fixed, not relative to today, so a parse is deterministic)."""

CONTEXT_CHARS = 12
"""How far before and after a numeric date to look for digits that make it part of a phone, code, amount."""

_YEAR = r"(?:19[4-9]\d|20\d\d|2100)"
_MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
_MONTH_NUM2 = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_APOSTROPHES = "'’ʼ‘`´"
_DASHES = "-–—−‒―~"

# Month names by number. Abbreviations are listed with the full names; dots after them are optional
# in the pattern, and every accented form is also accepted without its accents.
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "janvier", "janv", "enero", "ene", "januar", "jänner", "gennaio", "gen", "janeiro"),
    2: (
        "february",
        "feb",
        "febr",
        "février",
        "févr",
        "fév",
        "fevr",
        "febrero",
        "februar",
        "febbraio",
        "fevereiro",
        "fev",
    ),
    3: ("march", "mar", "mars", "marzo", "märz", "mär", "mrz", "março"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maggio", "mag", "maio"),
    6: ("june", "jun", "juin", "junio", "juni", "giugno", "giu", "junho"),
    7: ("july", "jul", "juillet", "juil", "julio", "juli", "luglio", "lug", "julho"),
    8: ("august", "aug", "août", "aoû", "agosto", "ago"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "set", "settembre", "setembro"),
    10: ("october", "oct", "octobre", "octubre", "oktober", "okt", "ottobre", "ott", "outubro"),
    11: ("november", "nov", "novembre", "noviembre", "novembro"),
    12: ("december", "dec", "décembre", "déc", "diciembre", "dic", "dezember", "dez", "dicembre", "dezembro"),
}

# Seasons give the year only.
_SEASONS = (
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "printemps",
    "été",
    "automne",
    "hiver",
    "primavera",
    "verano",
    "otoño",
    "invierno",
    "frühling",
    "sommer",
    "herbst",
)

# "Present" words that end an ongoing range. They count only after a date and a connector, so ordinary
# words among them ("now", "current", "date") are harmless elsewhere in a line.
_PRESENT_WORDS = (
    "present",
    "present day",
    "current",
    "currently",
    "now",
    "today",
    "ongoing",
    "date",
    "to date",
    "till date",
    "aujourd'hui",
    "ce jour",
    "à ce jour",
    "à présent",
    "présent",
    "en cours",
    "actuel",
    "actuellement",
    "maintenant",
    "actualidad",
    "la actualidad",
    "presente",
    "hoy",
    "la fecha",
    "actualmente",
    "actual",
    "heute",
    "jetzt",
    "oggi",
    "atual",
    "atualmente",
)

# Words between the two ends of a range (dashes are in _DASHES).
_CONNECTORS = (
    "to",
    "until",
    "till",
    "through",
    "thru",
    "à",
    "au",
    "jusqu'à",
    "jusqu'au",
    "jusqu'en",
    "a",
    "al",
    "hasta",
    "bis",
    "ao",
)

# A range opened with one of these and no end date is ongoing ("since 2019", "depuis mars 2020").
_OPEN_PREFIXES = (
    "from",
    "since",
    "starting",
    "depuis",
    "dès",
    "à partir de",
    "à compter de",
    "desde",
    "a partir de",
    "seit",
)
# These start a closed range ("de 2019 à 2021", "du 3 mars au ...", "del ... al ...", "entre ... y ...").
_CLOSED_PREFIXES = ("de", "du", "del", "entre", "between", "zwischen", "von", "le", "el", "the", "on")
# "entre 2019 y 2021", "between 2019 and 2021": these words join two dates only after entre/between.
_BETWEEN_PREFIXES = ("entre", "between", "zwischen")
_AND_WORDS = ("and", "et", "y", "e", "und")

_DURATION_UNITS_YEAR = r"(?:years?|yrs?|ans?|années?|años?|anos?|jahre?n?|anni|anno)"
_DURATION_UNITS_MONTH = r"(?:months?|mos?|mths?|mois|meses|mes|monate?n?|mesi|mese)"
_DURATION_NUMBER = r"(?:\d{1,2}\s*|(?:an?|one|un|une|uno|una|um|ein|einem)\s+)"


def _fold_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    """Regex matching any of the words or their accent-free forms (apostrophes and spaces loose).

    Built as a character trie, because the regex engine tries the branches of a plain alternation one by
    one at every position, and these run on every line of a CV."""
    trie: dict[str, dict] = {}
    for word in words:
        for form in (word, _fold_accents(word)):
            node = trie
            for char in form:
                node = node.setdefault(char, {})
            node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [_char_pattern(char) + _trie_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    # a word that ends here and longer words that go on: the longer ones are tried first (greedy)
    return f"(?:{body})?" if "" in node else body


def _char_pattern(char: str) -> str:
    if char == "'":
        return f"[{_APOSTROPHES}]\\s?"
    return r"\s+" if char == " " else re.escape(char)


def _word(alternation: str) -> str:
    """The alternation as a whole word (no letter right before or after)."""
    return rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])"


_MONTH_LOOKUP = {
    form: number
    for number, names in _MONTH_NAMES.items()
    for name in names
    for form in (name, _fold_accents(name))
}
_MONTH = rf"(?P<{{g}}>{_word(_alternation(list(_MONTH_LOOKUP)))})\.?"
_ORDINAL = r"(?!\d)(?:st|nd|rd|th|er|re|ème|e|º|°)?"
_Y = rf"(?<!\d)(?P<{{g}}>{_YEAR})(?!\d)"

# The atoms, most specific first: at each position the first alternative that matches wins.
_ATOM_PATTERNS = {
    # 3 mars 1990, 3rd March 1990, 6 de septiembre de 1998, le 1er mars 1990
    "dmy_text": rf"(?<!\d)(?P<d1>{_DAY}){_ORDINAL}\s*(?:de\s+)?{_MONTH.format(g='m1')}\s*,?\s*"
    rf"(?:de\s+|del\s+)?{_Y.format(g='y1')}",
    # March 3, 1990; March 3rd 1990
    "mdy_text": rf"{_MONTH.format(g='m2')}\s*(?P<d2>{_DAY}){_ORDINAL}\s*,?\s*{_Y.format(g='y2')}",
    # 23/06/1990, 23.06.1990, 23-06-1990 (day or month first; decided later)
    "dmy_num": rf"(?<![\d.,/])(?P<a3>\d{{1,2}})(?P<s3>[./-])(?P<b3>\d{{1,2}})(?P=s3){_Y.format(g='y3')}",
    # 1990-06-23
    "ymd_num": rf"(?<![\d.,/]){_Y.format(g='y4')}-(?P<m4>{_MONTH_NUM2})-(?P<d4>{_DAY})(?!\d)",
    # March 2020, sept. 2021, feb.2021, Jun-2019, diciembre de 2019, Jan '19
    "my_text": rf"{_MONTH.format(g='m5')}\s*(?:(?:de|del|of)\s+|[,\-/]\s*)?"
    rf"(?:{_Y.format(g='y5')}|[{_APOSTROPHES}](?P<yy5>\d\d)(?!\d))",
    # 03/2020, 3/2020, 04.2020, 03-2020
    "my_num": rf"(?<![\d.,/])(?P<m6>{_MONTH_NUM})[./-]{_Y.format(g='y6')}",
    # 2020-03, 2020/03
    "ym_num": rf"(?<![\d.,/]){_Y.format(g='y7')}[-/](?P<m7>{_MONTH_NUM2})(?![\d.,/]\d|\d)",
    # 2015–17, 2019/20: a year range whose end has two digits (not a month: it is over 12, or the dash
    # is not a hyphen)
    "yy_range": rf"(?<![\d.,/]){_Y.format(g='y8')}\s*(?P<s8>[{_DASHES}/])\s*(?P<yy8>\d\d)(?![\d.,/]\d|\d)",
    # Summer 2021, été 2021, verano de 2019
    "season": rf"{_word(_alternation(_SEASONS))}\s+(?:(?:de|of|del)\s+)?{_Y.format(g='y9')}",
    # a month with no year, as the start of "Jan – Mar 2020"
    "month": _MONTH.format(g="m10"),
    "present": _word(rf"(?:(?:{_alternation(_CONNECTORS)})\s+)?(?:{_alternation(_PRESENT_WORDS)})"),
    "year": rf"(?<![\w+$€£#]){_Y.format(g='y11')}(?![\w%€$£+])",
}
_ATOMS = re.compile(
    "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _ATOM_PATTERNS.items()), re.IGNORECASE
)

_CONNECTOR_BETWEEN = re.compile(
    rf"\s*(?:[{_DASHES}]{{1,2}}|→|(?<![^\W\d_])(?:{_alternation(_CONNECTORS)})(?![^\W\d_]))?\s*",
    re.IGNORECASE,
)
_SLASH_BETWEEN = re.compile(r"\s*/\s*")
_AND_BETWEEN = re.compile(rf"\s+(?:{_alternation(_AND_WORDS)})\s+", re.IGNORECASE)
_PREFIX_BEFORE = re.compile(
    rf"(?<![^\W\d_])(?P<word>{_alternation(_OPEN_PREFIXES + _CLOSED_PREFIXES)})\s*(?:(?:le|el|the)\s+)?$",
    re.IGNORECASE,
)
_OPEN_PREFIX_FORMS = {_fold_accents(p).casefold() for p in _OPEN_PREFIXES}
_DANGLING_CONNECTOR = re.compile(rf"\s*[{_DASHES}]{{1,2}}\s*$")

# Digits next to a numeric date make it part of something else (phone, postal code, standard, amount).
_NUMBER_BEFORE = re.compile(r"(\d+)[ \u00a0.,:/-]$")
_NUMBER_AFTER = re.compile(r"[ \u00a0.,:/-](\d+)")
# `$2000`, `n° 2019`, and postal codes written with a country prefix (`CH-2000`, `F-1950`)
_AMOUNT_BEFORE = re.compile(r"[$€£#№]\s?$|\b[nN][°º]\s?$|\b[A-Z]{1,3}-$")
_AMOUNT_AFTER = re.compile(r"\s?(?:%|€|\$|£|k\b|m\b|\+)", re.IGNORECASE)

_DURATION = re.compile(
    rf"(?<![\w.])(?:"
    rf"{_DURATION_NUMBER}{_DURATION_UNITS_YEAR}(?:\s*(?:,|and|et|y|e|und)?\s*\d{{1,2}}\s*{_DURATION_UNITS_MONTH})?"
    rf"|\d{{1,2}}\s*{_DURATION_UNITS_MONTH}"
    rf"|less\s+than\s+a\s+(?:year|month)|moins\s+d[{_APOSTROPHES}]\s?un\s+(?:an|mois)"
    rf"|menos\s+de\s+un\s+(?:año|ano|mes)"
    rf")(?![^\W\d_])",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"^\s*(?:dates?|period|période|periode|periodo|período|fechas?|durée|duree|duration|duración|"
    r"duracion|zeitraum)\s*:\s*",
    re.IGNORECASE,
)
_FILLER = re.compile(rf"[\s\W_]+|(?<![^\W\d_])(?:{_alternation(_CONNECTORS)})(?![^\W\d_])", re.IGNORECASE)
# Every date has a four-digit year or an apostrophe and two digits (`Jan '19`): lines without are skipped.
_HAS_YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)|[{_APOSTROPHES}]\d\d(?!\d)")


@dataclass(slots=True, frozen=True)
class DateRange:
    """A date range (or a single date) found in a line, with its character span."""

    start: str | None
    """`"YYYY"` or `"YYYY-MM"`."""
    end: str | None
    """`"YYYY"` or `"YYYY-MM"`; None when ongoing, open or single."""
    current: bool
    """The range runs to the present (`– present`, `since 2019`, `depuis mars 2020`)."""
    begin: int
    """Offset of the first character of the range (prefix such as `since` included)."""
    stop: int
    """Offset just past its last character."""
    single: bool = False
    """Only one date was printed (`Summer 2021`, `2012`, `June 2020`)."""
    inverted: bool = False
    """The end is before the start (kept as printed, for the caller's validators)."""


@dataclass(slots=True, frozen=True)
class _Atom:
    kind: str
    """`date`, `month` (a month with no year) or `present`."""
    value: str | None
    """`YYYY`, `YYYY-MM` or, for `month`, the two-digit month."""
    begin: int
    stop: int
    end_value: str | None = None
    """Set for a two-digit-end year range such as `2015–17`, which is a whole range in one atom."""


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTH_LOOKUP.get(key) or _MONTH_LOOKUP[_fold_accents(key)]


def _two_digit_year(digits: str) -> int:
    value = int(digits)
    return 2000 + value if value < TWO_DIGIT_YEAR_PIVOT else 1900 + value


def _ym(year: int | str, month: int | str) -> str:
    return f"{int(year):04d}-{int(month):02d}"


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and MIN_YEAR <= int(digits) <= MAX_YEAR


def _numeric_context_ok(text: str, begin: int, stop: int) -> bool:
    """False when a numeric date is glued to other numbers or money: `+41 22 338 2011`, `ISO 9001:2015`,
    `2019.5`, `$2000`. Another year next to it (`2019/2020`, `2019 2021`) is fine."""
    before = text[max(0, begin - CONTEXT_CHARS) : begin]
    after = text[stop : stop + CONTEXT_CHARS]
    if _AMOUNT_BEFORE.search(before) or _AMOUNT_AFTER.match(after):
        return False
    for found in (_NUMBER_BEFORE.search(before), _NUMBER_AFTER.match(after)):
        if found and not _is_year(found[1]):
            return False
    return True


def _day_month(first: int, second: int) -> tuple[int, int]:
    """(day, month) of a numeric date: day first unless the second number cannot be a month."""
    return (second, first) if second > 12 else (first, second)


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _full_date(match: re.Match[str]) -> tuple[int, int, int] | None:
    """(year, month, day) of a full-date atom, or None when it is not a real day."""
    kind = match.lastgroup
    if kind == "dmy_text":
        year, month, day = int(match["y1"]), _month(match["m1"]), int(match["d1"])
    elif kind == "mdy_text":
        year, month, day = int(match["y2"]), _month(match["m2"]), int(match["d2"])
    elif kind == "dmy_num":
        day, month = _day_month(int(match["a3"]), int(match["b3"]))
        year = int(match["y3"])
    elif kind == "ymd_num":
        year, month, day = int(match["y4"]), int(match["m4"]), int(match["d4"])
    else:
        return None
    return (year, month, day) if _valid_day(year, month, day) else None


_NUMERIC_KINDS = frozenset({"dmy_num", "ymd_num", "my_num", "ym_num", "yy_range", "year"})


def _atom(text: str, match: re.Match[str]) -> _Atom | None:
    kind = match.lastgroup
    begin, stop = match.span()
    if kind in _NUMERIC_KINDS and not _numeric_context_ok(text, begin, stop):
        return None
    if kind in ("dmy_text", "mdy_text", "dmy_num", "ymd_num"):
        full = _full_date(match)
        return _Atom("date", _ym(full[0], full[1]), begin, stop) if full else None
    if kind == "my_text":
        year = int(match["y5"]) if match["y5"] else _two_digit_year(match["yy5"])
        return _Atom("date", _ym(year, _month(match["m5"])), begin, stop)
    if kind == "my_num":
        return _Atom("date", _ym(match["y6"], match["m6"]), begin, stop)
    if kind == "ym_num":
        return _Atom("date", _ym(match["y7"], match["m7"]), begin, stop)
    if kind == "yy_range":
        return _short_year_range(match, begin, stop)
    if kind == "season":
        return _Atom("date", match["y9"], begin, stop)
    if kind == "month":
        return _Atom("month", f"{_month(match['m10']):02d}", begin, stop)
    if kind == "present":
        return _Atom("present", None, begin, stop)
    return _Atom("date", match["y11"], begin, stop)


def _short_year_range(match: re.Match[str], begin: int, stop: int) -> _Atom | None:
    start = int(match["y8"])
    end = start // 100 * 100 + int(match["yy8"])
    if end <= start:
        end += 100
    if end - start > 9 or (match["s8"] == "-" and int(match["yy8"]) <= 12):
        return None  # `2010-11` is November 2010 (ISO); a decade apart is not a short range
    return _Atom("date", str(start), begin, stop, end_value=str(end))


def _atoms(text: str) -> list[_Atom]:
    if not _HAS_YEAR.search(text):
        return []  # every date has a year
    return [atom for match in _ATOMS.finditer(text) if (atom := _atom(text, match)) is not None]


def _joined(text: str, left: _Atom, right: _Atom, *, prefix: str) -> bool:
    """Only a connector between two atoms (or only spaces before a "present" word that carries its own,
    such as `to date` / `à ce jour`). `prefix` is the folded word before the left atom."""
    between = text[left.stop : right.begin]
    if (
        left.value
        and right.value
        and len(left.value) == len(right.value) == 4
        and _SLASH_BETWEEN.fullmatch(between)
    ):
        return True  # 2019/2020
    if prefix in _BETWEEN_PREFIXES and _AND_BETWEEN.fullmatch(between):
        return True
    if not _CONNECTOR_BETWEEN.fullmatch(between):
        return False
    return bool(between.strip()) or right.kind == "present"


def _range_at(text: str, atoms: list[_Atom], index: int) -> tuple[DateRange, int] | None:
    """The range starting at atoms[index] and the index of the next unused atom."""
    first = atoms[index]
    if first.kind == "present":
        return None
    if first.end_value is not None:
        return _range(first.value, first.end_value, begin=first.begin, stop=first.stop), index + 1
    found = _PREFIX_BEFORE.search(text, 0, first.begin)
    prefix = _fold_accents(found["word"]).casefold() if found else ""
    begin = found.start() if found else first.begin
    nxt = atoms[index + 1] if index + 1 < len(atoms) else None
    if nxt is not None and nxt.end_value is None and _joined(text, first, nxt, prefix=prefix):
        if nxt.kind == "present" and first.kind == "date":
            return DateRange(first.value, None, True, begin, nxt.stop), index + 2
        if nxt.kind == "date" and first.kind == "date":
            return _range(first.value, nxt.value, begin=begin, stop=nxt.stop), index + 2
        if nxt.kind == "date" and first.kind == "month":
            # the year of `Jan – Mar 2020` comes from its end (the year before for `Nov – Feb 2020`)
            year = int(nxt.value[:4]) - (len(nxt.value) > 4 and first.value > nxt.value[5:])
            start = f"{year}-{first.value}"
            return _range(start, nxt.value, begin=begin, stop=nxt.stop), index + 2
    if first.kind != "date":
        return None
    if prefix in _OPEN_PREFIX_FORMS:
        return DateRange(first.value, None, True, begin, first.stop), index + 1
    dangling = _DANGLING_CONNECTOR.match(text, first.stop)
    stop = dangling.end() if dangling else first.stop
    return DateRange(first.value, None, False, begin, stop, single=True), index + 1


def _range(start: str | None, end: str | None, *, begin: int, stop: int) -> DateRange:
    inverted = start is not None and end is not None and end[: len(start)] < start[: len(end)]
    return DateRange(start, end, False, begin, stop, inverted=inverted)


def find_date_ranges(text: str) -> list[DateRange]:
    """Every date range or single date in the line, left to right, not overlapping."""
    atoms = _atoms(text)
    found: list[DateRange] = []
    index = 0
    while index < len(atoms):
        result = _range_at(text, atoms, index)
        if result is None:
            index += 1
            continue
        date_range, index = result
        found.append(date_range)
    return found


def find_date_range(text: str) -> DateRange | None:
    """The first date range or single date in the line, or None."""
    ranges = find_date_ranges(text)
    return ranges[0] if ranges else None


def parse_partial_date(text: str) -> str | None:
    """The first date in the text at its printed precision (`"YYYY"` or `"YYYY-MM"`), or None."""
    for atom in _atoms(text):
        if atom.kind == "date":
            return atom.value
    return None


def parse_full_date(text: str) -> str | None:
    """The first complete date (day, month and year all printed) as `"YYYY-MM-DD"`, or None.

    Numeric dates are read day first (`23/06/1990`), month first only when the second number is over 12
    (`06/23/1990`)."""
    if not _HAS_YEAR.search(text):
        return None
    for match in _ATOMS.finditer(text):
        if match.lastgroup in _NUMERIC_KINDS and not _numeric_context_ok(text, *match.span()):
            continue
        full = _full_date(match)
        if full:
            return f"{full[0]:04d}-{full[1]:02d}-{full[2]:02d}"
    return None


def find_duration(text: str) -> tuple[int, int] | None:
    """Span of the first duration phrase (`2 years 10 months`, `5 ans 3 mois`, `1 año 2 meses`,
    `less than a year`), which is never a date."""
    found = _DURATION.search(text)
    return found.span() if found else None


def is_date_only(text: str) -> bool:
    """True when the line holds dates and nothing else but punctuation, connectors, a `Dates:` label and
    duration phrases (a line of dates in a CV entry)."""
    ranges = find_date_ranges(text)
    if not ranges:
        return False
    rest = list(text)
    for date_range in ranges:
        rest[date_range.begin : date_range.stop] = " " * (date_range.stop - date_range.begin)
    remainder = _DURATION.sub(" ", _DATE_LABEL.sub("", "".join(rest)))
    return not _FILLER.sub("", remainder)
