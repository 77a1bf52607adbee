"""Contact details from the lines of a CV: e-mail, phone (E.164), links and the postal address.

The functions take any lines (typically the header block, page headers and footers, a sidebar) and
return `Field`s whose snippet is the text as printed. The address guard of DESIGN §3 lives here: an
address value never holds a phone number, an e-mail or a URL; a line mixing them is split and the
address gets a warning that does not quote the CV.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import phonenumbers

from prefill.models.draft import Address, Field, Snippet, Warning
from prefill.parser.document import CELL_SEPARATOR, Line
from prefill.parser.geo import country_code, phone_region

# --- confidences -------------------------------------------------------------------------------

LINK_TARGET_CONFIDENCE = 0.98
"""A `mailto:`/`tel:` link target: written by the author's tool for exactly this value."""

PRINTED_EMAIL_CONFIDENCE = 0.95
"""An e-mail address printed as text."""

LABELLED_PHONE_CONFIDENCE = 0.95
"""A valid number in international form or after a phone label ("Tel.", "Móvil", an icon)."""

BARE_PHONE_CONFIDENCE = 0.8
"""A valid national number with no label: valid for a hinted region, but could be another figure."""

URL_CONFIDENCE = 0.9
"""A URL printed or linked near the contact details."""

FULL_ADDRESS_CONFIDENCE = 0.9
"""Street plus postal code or city."""

POSTAL_CITY_CONFIDENCE = 0.85
"""Postal code and city without a street."""

LOCATION_CONFIDENCE = 0.8
"""City with a country or region ("Nairobi, Kenya", "San Francisco, CA")."""

PARTIAL_ADDRESS_CONFIDENCE = 0.6
"""A street alone, or a city alone continuing a street line."""

# --- limits ------------------------------------------------------------------------------------

MIN_PHONE_DIGITS = 7
"""Fewest digits a printed phone number has; shorter valid numbers (short codes) are not contact numbers."""

PHONE_CONTEXT_CHARS = 24
"""How far before a number a label ("Tel.", "Passport No.") is looked for."""

MAX_ADDRESS_LINES = 3
"""Most consecutive lines one postal address spans (street / postal code and city / country)."""

MAX_ADDRESS_CHARS = 140
"""Longest piece of text taken as an address; longer ones are sentences."""

MAX_LOCATION_PLACES = 2
"""Most place names before the country or region of a location line ("Paris 11e, Île-de-France, France")."""

MAX_PLACE_WORDS = 4
"""Most words in a city or region name taken without a gazetteer."""

# --- shared patterns ---------------------------------------------------------------------------

_SEPARATORS = re.compile(r"\t|\s+[·•|–—]\s+|[•|;⋅]")
"""What separates independent contact items printed on one line."""

_EMAIL = re.compile(r"[\w.%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")

_URL_HOSTS = (
    r"linkedin\.com|github\.com|github\.io|gitlab\.com|twitter\.com|x\.com|orcid\.org|behance\.net|"
    r"medium\.com|stackoverflow\.com|bitbucket\.org|dribbble\.com|kaggle\.com|researchgate\.net|"
    r"scholar\.google\.com|xing\.com|youtube\.com|instagram\.com|facebook\.com"
)
_URL_TAIL = r"[^\s<>\"'|·•,;]*"
_URL = re.compile(
    rf"(?i)\b(?:https?://{_URL_TAIL}|www\.[a-z0-9-]+\.{_URL_TAIL}|(?:[a-z0-9-]+\.)*(?:{_URL_HOSTS})(?:/{_URL_TAIL})?)"
)
_URL_TRAILING = ".,:;)]}>'\""

_PHONE_LABEL_WORDS = (
    r"(?:\b(?:t[ée]l(?:[ée]phone|[ée]fono)?|phone|mobile|mob|m[óo]vil|cel(?:ular|l)?|portable|gsm|"
    r"whatsapp|tfno|tlf|fono|handy)\b|\b[TMP]\s*[:.]|[☎✆📞📱]|[\ue000-\uf8ff])"
)
_PHONE_LABEL = re.compile(_PHONE_LABEL_WORDS, re.I)
"""Words and icons printed before a phone number (private-use characters are icon-font glyphs)."""

_PHONE_LABEL_BEFORE = re.compile(_PHONE_LABEL_WORDS + r"[\s:.()]*$", re.I)
"""A phone label right before a number, which the address guard cuts out with the number."""

_FAX_LABEL = re.compile(r"(?i)\bfax\b")

_ID_LABEL = re.compile(
    r"(?i)\b(?:id|passport|passeport|pasaporte|avs|ahv|ssn|siret|siren|iban|isbn|issn|doi|nif|nie|dni|"
    r"c[ée]dula|rut|curp|rfc|gpa|permis|licen[cs]e)\b[^\d]*$"
)
"""Labels of numbers that are not phones even when their digits form a valid one."""

_YEAR = r"(?:19|20)\d{2}"
_DATE = rf"(?:\d{{1,2}}[./-]){{0,2}}{_YEAR}"
_DATE_RANGE = re.compile(rf"{_DATE}\s*(?:[-–—/]|to|à|au|a|al|until|hasta)\s*(?:{_DATE}|\w+)", re.I)
_DATE_LIKE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}/" + _YEAR)

_INTERNATIONAL_PREFIX = re.compile(r"(?<![\w+])(?<!\d[\s.-])00(?=\s?[1-9])")
"""The "00" dialling prefix opening a number (not a "00" group inside one, as in "+33 1 99 00 58 14"),
rewritten as "+" so numbers need no region hint."""

_DIGIT_RUN = re.compile(r"(?<![\w-])[+(]?\d[\d().\s-]*\d(?![\w-])")
"""Digits in groups separated by spaces, dots, dashes or brackets."""

MIN_PHONE_SHAPE_DIGITS = 9
"""Fewest digits of a digit run the address guard takes for a phone of a region nobody hinted."""


@dataclass(frozen=True, slots=True)
class _Found:
    """A value found at a position of the input: sorting by (line, offset) is document order."""

    line: int
    offset: int
    field: Field[str]


def _segment(text: str, start: int, end: int) -> str:
    """The separator-delimited part of `text` holding [start, end), as printed."""
    left = max((m.end() for m in _SEPARATORS.finditer(text) if m.end() <= start), default=0)
    right = min((m.start() for m in _SEPARATORS.finditer(text) if m.start() >= end), default=len(text))
    return text[left:right].strip()


def _span_targets(line: Line) -> Iterator[tuple[int, str]]:
    """(offset in line.text, target) of each hyperlinked span, one per run of equal targets."""
    offset, previous = 0, None
    for span in line.spans:
        if span.link and span.link != previous:
            yield offset, span.link
        previous = span.link
        offset += len(span.text)


def _linked_text(lines: Sequence[Line], target: str) -> tuple[int, str]:
    """Page and printed text of a link target, joined over the lines it wraps across."""
    parts = [(line.page, s.text) for line in lines for s in line.spans if s.link == target]
    return (parts[0][0] if parts else 1), "\n".join(t.strip() for _, t in parts if t.strip())


# --- e-mail ------------------------------------------------------------------------------------


def find_emails(lines: Sequence[Line]) -> list[Field[str]]:
    """Every distinct e-mail address, lower-cased, in document order (a `mailto:` target first)."""
    targets = [
        t.removeprefix("mailto:").split("?")[0].strip().lower()
        for line in lines
        for t in line.links
        if t.lower().startswith("mailto:")
    ]
    found: list[_Found] = []
    for index, line in enumerate(lines):
        for offset, target in _span_targets(line):
            match = _EMAIL.fullmatch(target[len("mailto:") :].split("?")[0].strip())
            if target.lower().startswith("mailto:") and match:
                page, text = _linked_text(lines, target)
                snippet = Snippet(page=page, text=text or match.group())
                value = match.group().lower()
                found.append(
                    _Found(
                        index, offset, Field(value=value, confidence=LINK_TARGET_CONFIDENCE, source=snippet)
                    )
                )
        for match in _EMAIL.finditer(line.text):
            value = match.group().lower().strip(".")
            if any(t != value and t.startswith(value) for t in targets):
                continue  # the visible half of a wrapped linked address
            snippet = Snippet(page=line.page, text=match.group())
            found.append(
                _Found(
                    index,
                    match.start(),
                    Field(value=value, confidence=PRINTED_EMAIL_CONFIDENCE, source=snippet),
                )
            )
    return _distinct(found)


def find_email(lines: Sequence[Line]) -> Field[str] | None:
    """The first e-mail address of the lines, lower-cased."""
    emails = find_emails(lines)
    return emails[0] if emails else None


def _distinct(found: list[_Found], key: Callable[[str], str] = str.strip) -> list[Field[str]]:
    fields: dict[str, Field[str]] = {}
    for item in sorted(found, key=lambda f: (f.line, f.offset)):
        fields.setdefault(key(item.field.value), item.field)
    return list(fields.values())


# --- phone -------------------------------------------------------------------------------------


def _regions(region_hints: Sequence[str]) -> list[str]:
    regions = [r for r in (phone_region(h) for h in region_hints) if r]
    return list(dict.fromkeys(regions)) or ["ZZ"]


def _in_date_range(text: str, start: int, end: int) -> bool:
    raw = text[start:end]
    if _DATE_LIKE.search(raw):
        return True
    return any(m.start() < end and start < m.end() for m in _DATE_RANGE.finditer(text))


def _phone_matches(text: str, regions: Sequence[str]) -> Iterator[tuple[int, int, phonenumbers.PhoneNumber]]:
    """(start, end, number) of each valid phone number in `text` for any of `regions`."""
    dialled = _INTERNATIONAL_PREFIX.sub(" +", text)
    seen: set[int] = set()
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(dialled, region, leniency=phonenumbers.Leniency.VALID):
            if match.start in seen:
                continue
            seen.add(match.start)
            if sum(ch.isdigit() for ch in match.raw_string) < MIN_PHONE_DIGITS:
                continue
            if _in_date_range(text, match.start, match.end):
                continue
            # Point at the printed "00" the "+" stands for, so the snippet and the label look-up see it.
            start = match.start - 1 if dialled[match.start] != text[match.start] else match.start
            yield start, match.end, match.number


def _phone_confidence(text: str, start: int) -> float | None:
    """Confidence of a number at `start` from its label, or None when its label says it is no phone."""
    before = text[max(0, start - PHONE_CONTEXT_CHARS) : start]
    labels = list(_PHONE_LABEL.finditer(before))
    fax = list(_FAX_LABEL.finditer(before))
    if fax and (not labels or fax[-1].start() > labels[-1].start()):
        return None
    if not labels and _ID_LABEL.search(before):
        return None
    international = text[start:].lstrip().startswith(("+", "00"))
    return LABELLED_PHONE_CONFIDENCE if labels or international else BARE_PHONE_CONFIDENCE


def _looks_like_phone(run: str) -> bool:
    """A phone of any region by its shape: enough digits, and a leading "+", "0" or bracket, three or
    more groups, or a long group ("315 2290461"); not a "12345-00100" box number or a ZIP+4."""
    groups = re.findall(r"\d+", run)
    if sum(len(g) for g in groups) < MIN_PHONE_SHAPE_DIGITS:
        return False
    return run.startswith(("+", "0", "(")) or len(groups) >= 3 or max(len(g) for g in groups) >= 7


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def find_phones(lines: Sequence[Line], *, region_hints: Sequence[str] = ()) -> list[Field[str]]:
    """Every distinct valid phone number in E.164, in document order.

    Numbers in national form need a region hint (ISO alpha-2 codes or country names, most likely
    first); without one only international numbers ("+41 ...", "0041 ...") are taken.
    """
    regions = _regions(region_hints)
    found: list[_Found] = []
    for index, line in enumerate(lines):
        text = line.text
        for offset, target in _span_targets(line):
            if not target.lower().startswith("tel:"):
                continue
            number = _parse_number(target[len("tel:") :], regions)
            if number is not None:
                page, printed = _linked_text(lines, target)
                found.append(
                    _Found(
                        index,
                        offset,
                        Field(
                            value=_e164(number),
                            confidence=LINK_TARGET_CONFIDENCE,
                            source=Snippet(page=page, text=printed or target),
                        ),
                    )
                )
        for start, end, number in _phone_matches(text, regions):
            confidence = _phone_confidence(text, start)
            if confidence is not None:
                snippet = Snippet(page=line.page, text=_segment(text, start, end))
                found.append(
                    _Found(index, start, Field(value=_e164(number), confidence=confidence, source=snippet))
                )
    return _distinct(found)


def _parse_number(raw: str, regions: Sequence[str]) -> phonenumbers.PhoneNumber | None:
    for region in regions:
        try:
            number = phonenumbers.parse(_INTERNATIONAL_PREFIX.sub("+", raw.strip()), region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    return None


def find_phone(lines: Sequence[Line], *, region_hints: Sequence[str] = ()) -> Field[str] | None:
    """The most certain phone number (labelled or international first), earliest on ties."""
    phones = find_phones(lines, region_hints=region_hints)
    return max(phones, key=lambda f: f.confidence) if phones else None


# --- links -------------------------------------------------------------------------------------


def _normalise_url(url: str) -> str | None:
    url = url.rstrip(_URL_TRAILING)
    if not re.match(r"(?i)https?://", url):
        url = "https://" + url
    host = re.sub(r"(?i)^https?://", "", url).split("/")[0]
    return url if "." in host else None


def _url_key(url: str) -> str:
    return re.sub(r"(?i)^https?://(www\.)?", "", url).rstrip("/").lower()


def find_links(lines: Sequence[Line]) -> list[Field[str]]:
    """URLs printed or linked (not `mailto:`/`tel:`), as `https://...` when printed without a scheme,
    distinct, in document order."""
    targets = [t for line in lines for t in line.links if re.match(r"(?i)https?://", t)]
    target_keys = [_url_key(t) for t in targets]
    found: list[_Found] = []
    for index, line in enumerate(lines):
        for offset, target in _span_targets(line):
            url = _normalise_url(target) if re.match(r"(?i)https?://", target) else None
            if url:
                page, printed = _linked_text(lines, target)
                found.append(
                    _Found(
                        index,
                        offset,
                        Field(
                            value=url,
                            confidence=URL_CONFIDENCE,
                            source=Snippet(page=page, text=printed or target),
                        ),
                    )
                )
        text = _EMAIL.sub(lambda m: " " * len(m.group()), line.text)
        for match in _URL.finditer(text):
            url = _normalise_url(match.group())
            if url is None:
                continue
            key = _url_key(url)
            if any(k != key and k.startswith(key) for k in target_keys):
                continue  # the visible first line of a wrapped linked URL
            snippet = Snippet(page=line.page, text=match.group().rstrip(_URL_TRAILING))
            found.append(
                _Found(index, match.start(), Field(value=url, confidence=URL_CONFIDENCE, source=snippet))
            )
    return _distinct(found, key=_url_key)


# --- address -----------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_US_STATES = (
    "AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut|DE Delaware|"
    "DC District of Columbia|FL Florida|GA Georgia|HI Hawaii|ID Idaho|IL Illinois|IN Indiana|IA Iowa|"
    "KS Kansas|KY Kentucky|LA Louisiana|ME Maine|MD Maryland|MA Massachusetts|MI Michigan|MN Minnesota|"
    "MS Mississippi|MO Missouri|MT Montana|NE Nebraska|NV Nevada|NH New Hampshire|NJ New Jersey|"
    "NM New Mexico|NY New York|NC North Carolina|ND North Dakota|OH Ohio|OK Oklahoma|OR Oregon|"
    "PA Pennsylvania|RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|TX Texas|UT Utah|"
    "VT Vermont|VA Virginia|WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming|PR Puerto Rico"
)
_CA_PROVINCES = (
    "AB Alberta|BC British Columbia|MB Manitoba|NB New Brunswick|NL Newfoundland and Labrador|"
    "NS Nova Scotia|NT Northwest Territories|NU Nunavut|ON Ontario|PE Prince Edward Island|QC Quebec|"
    "SK Saskatchewan|YT Yukon"
)
_MX_STATES = (
    "Aguascalientes|Baja California|Baja California Sur|Campeche|Chiapas|Chihuahua|Coahuila|Colima|"
    "Durango|Guanajuato|Guerrero|Hidalgo|Jalisco|Estado de México|Edomex|Michoacán|Morelos|Nayarit|"
    "Nuevo León|Oaxaca|Puebla|Querétaro|Quintana Roo|San Luis Potosí|Sinaloa|Sonora|Tabasco|Tamaulipas|"
    "Tlaxcala|Veracruz|Yucatán|Zacatecas|CDMX"
)
_REGION_CODES = {entry.split(" ", 1)[0] for entry in f"{_US_STATES}|{_CA_PROVINCES}".split("|")}
"""US state and Canadian province abbreviations ("CA", "NY", "ON")."""

_REGION_NAMES = {entry.split(" ", 1)[1].lower() for entry in f"{_US_STATES}|{_CA_PROVINCES}".split("|")} | {
    name.lower() for name in _MX_STATES.split("|")
}
"""US state, Canadian province and Mexican state names."""

_POSTAL_PREFIX_COUNTRY = dict(
    pair.split(":")
    for pair in _words(
        "CH:CH F:FR FR:FR D:DE DE:DE B:BE BE:BE L:LU LU:LU I:IT IT:IT E:ES ES:ES A:AT AT:AT NL:NL P:PT PT:PT"
    )
)
"""Country letters printed before a European postal code ("CH-1201", "F-75011")."""

_STREET_PREFIXES = (
    r"rue|avenue|av|boulevard|bd|chemin|ch\.|route|rte|place|pl\.|all[ée]e|impasse|quai|cours|passage|"
    r"calle|c/|c\.|avenida|avda|carrera|cra|kra|diagonal|transversal|paseo|plaza|pza|camino|carretera|"
    r"ctra|ronda|traves[íi]a|via|viale|corso|piazza|largo|rua|travessa|jalan|strada"
)
"""Street words printed before the street name (French, Spanish, Italian, Portuguese)."""

_STREET_SUFFIXES = (
    r"street|st|road|rd|lane|ln|drive|dr|way|close|court|ct|terrace|crescent|highway|hwy|parkway|pkwy|"
    r"avenue|ave|boulevard|blvd|place|square|sq|plaza|mews|gardens|gdns|grove|row|walk|hill|park|gate|"
    r"yard|wharf|parade|rise|view|green|circus|quay|embankment|approach|vale|chase|croft|mount|"
    r"broadway|alley|circle|cir|trail|path|loop|heights"
)
"""Street words printed after the street name (English)."""

_STREET_NUMBER = r"\d+\s?(?:bis|ter|[a-zA-Z])?\b"
_STREET = re.compile(
    rf"(?x)^(?:"
    rf"{_STREET_NUMBER},?\s+(?i:{_STREET_PREFIXES})\.?\s+\S"  # 8 rue des Acacias, 12, avenue ...
    rf"|{_STREET_NUMBER}\s+(?:[A-Z0-9][\w'.-]*\s+){{1,4}}(?i:{_STREET_SUFFIXES})\b\.?$"  # 221B Baker Street
    # Calle Mayor 5, C/ Mayor 5, Calle 45 # 12-30, Calle Real s/n
    rf"|(?=[A-ZÀ-Ý])(?i:{_STREET_PREFIXES})\.?\s*\S.*?(?:\d|\bs/n\b)"
    rf"|[\w-]+(?i:strasse|straße|str\.|gasse|weg|platz|allee|ring)\s+\d"  # Bahnhofstrasse 12
    r")"
)
"""A street line in English, French, Spanish, German, Italian or Portuguese."""

MAX_STREET_WORDS = 10
"""Most words in one street part; more is a sentence that happens to hold a street word."""

_PO_BOX = re.compile(
    r"(?ix)^(?P<box>(?:p\.?\s?o\.?\s?box|post(?:al)?\s+box|b\.?\s?p\.?|apartado(?:\s+(?:postal|a[ée]reo))?|"
    r"casilla(?:\s+de\s+correos?)?|case\s+postale|postfach)\s*[.:]?\s*\d+)"
    r"(?:\s*[-–]\s*(?P<postal>\d{4,6}))?(?:[\s,]+(?P<city>[^\d,]+))?$"
)
"""A post-office box, optionally with the Kenyan "12345-00100 Nairobi" postal code and town."""

_STREET_EXTRA = re.compile(
    r"(?ix)^(?:\d+\s?(?:bis|ter|[a-z])?|\d+\.?\s?[ºª°o]\s*\w*|(?:piso|puerta|apto?|apt\.?|apartment|"
    r"appartement|app|dpto|depto|int|interior|bloque|esc|escalera|bajo|flat|suite|unit|b[âa]t(?:iment)?|"
    r"étage|etage|col|colonia|barrio|urb|urbanizaci[óo]n|fracc|sector|lote|mz|manzana|c/o)\b.*)$"
)
"""A comma part continuing a street: a bare number, a floor or door, a Mexican colonia, a district."""

_NUMBERED_NAME = re.compile(
    r"^(?:[A-ZÀ-Ý][\w'’.-]*\s+){1,3}(?:n[°º]\s?|no\.?\s?|#\s?)?\d+[a-zA-Z]?$"
    r"|^\d+[a-zA-Z]?\s+[A-ZÀ-Ý][\w'’.-]*(?:\s+[\w'’.-]+){0,3}$"
)
"""A name with a house number and no street word ("Villa 38", "Lot 12", "12 Sacré-Cœur"): the first
part of a street only when named parts follow it and a country confirms the address."""

_POSTAL_LABEL = re.compile(
    r"(?i)^(?:c\.?\s?p\.?|code\s+postal|c[óo]digo\s+postal|zip(?:\s+code)?|npa)\s*[:.]?\s*"
)

_POSTAL_CITY = re.compile(
    r"^(?:(?P<prefix>[A-Z]{1,2})[- ])?"
    r"(?P<postal>\d{4,7}|\d{2}-\d{3}|\d{4,5}-\d{3}|\d{4}\s?[A-Z]{2})\s+(?P<city>[^\d,]+)$"
)
_CITY_POSTAL = re.compile(r"^(?P<city>[^\d,]+?)\s+(?P<postal>\d{4,6})$")
_AU_CITY_STATE_POSTAL = re.compile(
    r"^(?P<city>[^\d,]+?)\s+(?P<region>NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+(?P<postal>\d{4})$"
)
"""An Australian suburb line: "St Kilda VIC 3182" (state abbreviation, then a four-digit postcode)."""
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
_UK_CITY_POSTAL = re.compile(
    rf"^(?:(?P<city>[^\d,]+?)\s+)?(?P<postal>{_UK_POSTCODE})(?:\s+(?P<after>[^\d,]+))?$"
)
_NA_REGION = re.compile(
    r"^(?P<region>[A-Z]{2})(?:\s+(?P<postal>\d{5}(?:-\d{4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d))?$"
)
_METRO_AREA = re.compile(
    r"^(?:Greater\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}\s+(?:Bay\s+|Metropolitan\s+|Metro\s+)?Area$"
)
"""A metro area as LinkedIn prints it ("Greater Boston Area", "San Francisco Bay Area")."""

_ADDRESS_LABEL = re.compile(
    r"(?i)^(?:address|home|adresse|domicile|direcci[óo]n|domicilio|residencia|location|lieu|ubicaci[óo]n|"
    r"localisation|ciudad|city|ville|wohnort|anschrift|a)\s*[:.]\s*|^[\ue000-\uf8ff🏠📍⌂]\s*"
)
"""A label or icon printed before an address."""

_PLACE_CONNECTORS = _words(
    "de del la le les el los las sur sous en upon on am im of di da do dos das y et and the au aux d l"
)
"""Lower-case words allowed inside a place name ("Guadalajara", "Stratford-upon-Avon")."""

_NOT_PLACE_WORDS = _words("""
curriculum vitae resume résumé cv profile profil perfil contact contacto engineer ingénieur ingeniero
developer développeur desarrollador manager director directeur directora consultant consultor consultora
analyst analyste analista scientist student étudiant étudiante estudiante officer specialist spécialiste
especialista assistant assistante asistente intern stagiaire designer architect architecte arquitecto
head lead senior junior chef jefe coordinator coordinateur coordinador coordinadora technician technicien
técnico professor professeur profesor teacher researcher chercheur investigador university université
universidad school école escuela experience expérience experiencia education formation formación skills
compétences habilidades languages langues idiomas summary objective present today now current présent
aujourd'hui actualidad presente actual
""")
"""Words of headings, job titles and institutions: a part holding one is no place name."""


@dataclass(slots=True)
class AddressResult:
    """The postal address found, the warnings its guard raised, and the input lines it used."""

    field: Field[Address] | None
    warnings: list[Warning] = field(default_factory=list)
    line_indexes: set[int] = field(default_factory=set)

    @property
    def region_hint(self) -> str | None:
        """The stated country, the first region hint for `find_phone`."""
        return self.field.value.country if self.field else None


@dataclass(slots=True)
class _Parsed:
    """An address (or part of one) read from one piece of text."""

    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None

    metro_area: bool = False
    bare_street: bool = False
    """The street has no street word ("Villa 38, Cité X"): it needs a country to count."""

    @property
    def is_anchor(self) -> bool:
        """Enough to start an address on its own."""
        located = self.city and (self.country or self.region or self.metro_area)
        street = self.street and (self.country or not self.bare_street)
        return bool(street or (self.postal_code and self.city) or located)

    @property
    def may_anchor(self) -> bool:
        """An anchor, or a bare street that a country on the same or a following line may confirm."""
        return self.is_anchor or bool(self.street and self.bare_street)

    def continues_with(self, other: _Parsed) -> bool:
        """Add `other`'s parts when it is an anchor or a country and none of its parts is already filled;
        False (and no change) otherwise. A place printed before the country under a city ("Kent, United
        Kingdom") is the region."""
        if not (other.is_anchor or other.country):
            return False
        if self.city and other.city and not (other.street or other.postal_code or other.region):
            same = other.city.casefold() == self.city.casefold()
            other = replace(other, city=None, region=None if same or self.region else other.city)
        names = ("street", "postal_code", "city", "region", "country")
        clash = any(getattr(self, n) and getattr(other, n) for n in names)
        if clash or not any(getattr(other, n) for n in names):
            return False
        for name in names:
            setattr(self, name, getattr(self, name) or getattr(other, name))
        self.metro_area = self.metro_area or other.metro_area
        self.bare_street = self.bare_street or other.bare_street
        return True


_YEAR_LIKE = re.compile(_YEAR)
"""A four-digit postal code that could be a year only counts next to a street or a country."""


def _is_place(part: str) -> bool:
    """A city or region name: capitalised words, no digits, no heading or job word."""
    words = re.findall(r"[^\s-]+", part)
    if not words or len(words) > MAX_PLACE_WORDS or re.search(r"[\d@/:]", part):
        return False
    if any(w.lower().strip(".'") in _NOT_PLACE_WORDS for w in words):
        return False
    first = words[0].lstrip("'(")
    return bool(first[:1].isupper()) and all(
        w[:1].isupper() or w.lower().strip(".'") in _PLACE_CONNECTORS or "'" in w for w in words
    )


def _region_of(part: str) -> tuple[str, str | None] | None:
    """(region, postal code) of a US/Canadian state part ("CA", "NY 10001", "Ontario"), else None."""
    match = _NA_REGION.match(part)
    if match and match.group("region") in _REGION_CODES:
        return match.group("region"), match.group("postal")
    name = re.match(r"^(?P<name>[^\d]+?)(?:\s+(?P<postal>\d{5}))?$", part)
    if name and name.group("name").lower() in _REGION_NAMES:
        return name.group("name"), name.group("postal")
    return None


def _postal_and_city(part: str) -> tuple[str, str | None, str | None] | None:
    """(postal code, city, country from a "CH-" prefix) of a postal-code part, else None."""
    part = _POSTAL_LABEL.sub("", part)
    match = _POSTAL_CITY.match(part)
    if match and (not match.group("prefix") or match.group("prefix") in _POSTAL_PREFIX_COUNTRY):
        prefix = match.group("prefix")
        return match.group("postal"), match.group("city").strip(), _POSTAL_PREFIX_COUNTRY.get(prefix or "")
    match = _UK_CITY_POSTAL.match(part)
    if match:
        return (
            match.group("postal"),
            (match.group("city") or match.group("after") or "").strip() or None,
            None,
        )
    match = _CITY_POSTAL.match(part)
    if match and _is_place(match.group("city")):
        return match.group("postal"), match.group("city").strip(), None
    return None


def _is_street_extra(part: str, *, after_street: bool) -> bool:
    """A part continuing a street; before any street only a flat or district opens one, not a number."""
    return bool(_STREET_EXTRA.match(part)) and (after_street or not re.fullmatch(_STREET_NUMBER, part))


def _is_street(part: str) -> bool:
    return len(part.split()) <= MAX_STREET_WORDS and bool(_STREET.match(part))


def _comma_parts(piece: str) -> list[str]:
    """The comma parts of a piece, with a street number printed apart ("12, rue X", "Calle Mayor, 5")
    joined back to its street."""
    parts = [p.strip() for p in re.split(r",|\s+-\s+|\s*\(\s*|\s*\)\s*", piece) if p.strip(" .")]
    joined: list[str] = []
    for part in parts:
        previous = joined[-1] if joined else ""
        number_after = re.fullmatch(_STREET_NUMBER, part) and not _is_street(previous)
        number_before = re.fullmatch(_STREET_NUMBER, previous)
        if previous and (number_after or number_before) and _is_street(f"{previous} {part}"):
            joined[-1] = f"{previous}, {part}"
        else:
            joined.append(part)
    return joined


def _parse_piece(piece: str, *, after_street: bool = False) -> _Parsed | None:
    """Read an address, or a part of one, from a piece of contact text; None when it is none.
    `after_street`: the piece continues a street, so a postal code that could be a year is one."""
    piece = _ADDRESS_LABEL.sub("", piece.strip()).strip(" ,.;:")
    if not piece or len(piece) > MAX_ADDRESS_CHARS:
        return None
    parsed = _Parsed()
    parts = _comma_parts(piece)
    street: list[int] = []  # indexes of the parts making the street, in print order
    loose: list[int] = []  # indexes of parts not yet placed: a city, or the middle of a street
    for index, part in enumerate(parts):
        box = _PO_BOX.match(part)
        if not (parsed.postal_code or parsed.city) and _is_street_extra(part, after_street=bool(street)):
            street.append(index)
        elif box and not parsed.postal_code:
            parts[index] = box.group("box")
            street.append(index)
            parsed.postal_code = box.group("postal")
            parsed.city = box.group("city").strip() if box.group("city") else None
        elif not street and not parsed.postal_code and _is_street(part):
            street.append(index)
        elif country_code(part) and parsed.country in (None, country_code(part)):
            # A repeated country ("Scotland, United Kingdom") adds nothing.
            parsed.country = country_code(part)
        elif not parsed.region and _region_of(part):
            parsed.region, postal = _region_of(part)
            parsed.postal_code = parsed.postal_code or postal
        elif not parsed.postal_code and street and re.fullmatch(r"\d{4,6}", part):
            parsed.postal_code = part
        elif not parsed.postal_code and (au := _AU_CITY_STATE_POSTAL.match(part)):
            parsed.city, parsed.region, parsed.postal_code = (
                au.group("city"),
                au.group("region"),
                au.group("postal"),
            )
        elif not parsed.postal_code and _postal_and_city(part):
            parsed.postal_code, city, prefix_country = _postal_and_city(part)
            parsed.city = parsed.city or city
            parsed.country = parsed.country or prefix_country
        else:
            loose.append(index)
    named = len(loose) - (0 if parsed.city else 1)  # the loose parts before the city
    numbered = named >= 2 and loose[0] == 0 and _NUMBERED_NAME.match(parts[0])
    if not street and numbered and all(_is_place(parts[i]) for i in loose[1:]):
        street, loose, parsed.bare_street = loose[:named], loose[named:], True
    places = [i for i in loose if _is_place(parts[i])]
    unplaced = len(places) != len(loose) or len(places) > MAX_LOCATION_PLACES
    if unplaced and not (street or parsed.postal_code):
        return None  # a title, a sentence, a list of names: not a location
    if places and not parsed.city:
        parsed.city = parts[places[-1]]  # the place printed nearest the postal code or country
        loose.remove(places[-1])
    if street:
        middle = [i for i in loose if i > street[0]]  # "Acacia Road" between a flat and a box number
        parsed.street = ", ".join(parts[i] for i in sorted(street + middle))
    if parsed.city and not _is_place(parsed.city):
        return None  # "2019 Present": a year and a word, not a postal code and a city
    year_like = _YEAR_LIKE.fullmatch(parsed.postal_code or "")
    if year_like and not (parsed.street or parsed.country or after_street):
        return None  # "2019 Master of Science": a year heading an entry
    if not parsed.is_anchor and _METRO_AREA.match(piece):
        parsed.city, parsed.metro_area = piece, True
    return parsed if any((parsed.street, parsed.postal_code, parsed.city, parsed.country)) else None


def _foreign_spans(text: str, regions: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, warning code) of every phone number, e-mail and URL in `text`, labels included."""
    spans = [(m.start(), m.end(), "email_in_address") for m in _EMAIL.finditer(text)]
    masked = _EMAIL.sub(lambda m: " " * len(m.group()), text)
    spans += [(m.start(), m.end(), "url_in_address") for m in _URL.finditer(masked)]
    phones = [(s, e) for s, e, _ in _phone_matches(text, [*regions, "ZZ"])]
    phones += [
        m.span()
        for m in _DIGIT_RUN.finditer(text)
        if _looks_like_phone(m.group()) and not _in_date_range(text, *m.span())
    ]
    for start, end in phones:
        window = max(0, start - PHONE_CONTEXT_CHARS)
        label = _PHONE_LABEL_BEFORE.search(text[window:start])
        spans.append((window + label.start() if label else start, end, "phone_in_address"))
    merged: list[tuple[int, int, str]] = []
    for start, end, code in sorted(spans):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, code))
    return merged


def address_intruders(text: str, *, region_hints: Sequence[str] = ()) -> list[str]:
    """The warning codes (`phone_in_address`, `email_in_address`, `url_in_address`) of what an address
    text must not hold, in print order: the parser's guard, for addresses typed by a person."""
    regions = [r for r in (phone_region(h) for h in region_hints) if r]
    return [code for _start, _end, code in _foreign_spans(text, regions)]


_PIECE_TRIM = " ,;:-–—·•⋅|"
"""Separators and punctuation trimmed from both ends of a piece."""


@dataclass(frozen=True, slots=True)
class _Piece:
    """A part of a line that may be address text: its table cell, where it is printed and the warning
    codes of what was cut out of the same line (phones, e-mails, URLs)."""

    column: int
    start: int
    end: int
    text: str
    codes: frozenset[str]


def _pieces(text: str, regions: Sequence[str]) -> list[_Piece]:
    """The pieces of a line, cell by cell, in print order."""
    cells = text.split(CELL_SEPARATOR)
    foreign = [_foreign_spans(cell, regions) for cell in cells]  # per cell: no number spans two cells
    codes = frozenset(code for spans in foreign for _, _, code in spans)
    pieces: list[_Piece] = []
    cell_start = 0
    for column, (cell, spans) in enumerate(zip(cells, foreign, strict=True)):
        bounds = [0, *(bound for start, end, _ in spans for bound in (start, end)), len(cell)]
        for left, right in zip(bounds[::2], bounds[1::2], strict=True):
            cuts = [left, *(b for m in _SEPARATORS.finditer(cell, left, right) for b in m.span()), right]
            for piece_left, piece_right in zip(cuts[::2], cuts[1::2], strict=True):
                raw = cell[piece_left:piece_right]
                piece = raw.strip(_PIECE_TRIM)
                if piece:
                    offset = cell_start + piece_left + len(raw) - len(raw.lstrip(_PIECE_TRIM))
                    pieces.append(_Piece(column, offset, offset + len(piece), piece, codes))
        cell_start += len(cell) + len(CELL_SEPARATOR)
    return pieces


def _continue(address: _Parsed, pieces: Sequence[_Piece], text: str, *, after: int | None) -> list[_Piece]:
    """The leading pieces of line `text` that continue `address` (each merged into it), in order. Only
    separators may lie between them and after offset `after` (the end of the address so far on this
    line), so the snippet never spans a phone, an e-mail or a URL cut out."""
    taken: list[_Piece] = []
    for piece in pieces:
        end = taken[-1].end if taken else after
        if end is not None and text[end : piece.start].strip(_PIECE_TRIM):
            break
        more = _parse_piece(piece.text, after_street=bool(address.street))
        if more is None or not address.continues_with(more):
            break
        taken.append(piece)
    return taken


def _confidence(address: _Parsed) -> float:
    if address.street and not address.bare_street and (address.postal_code or address.city):
        return FULL_ADDRESS_CONFIDENCE
    if address.postal_code and address.city:
        return POSTAL_CITY_CONFIDENCE
    if address.city and (address.country or address.region):
        return LOCATION_CONFIDENCE
    return PARTIAL_ADDRESS_CONFIDENCE


_WARNING_MESSAGES = {
    "phone_in_address": "A phone number printed with the address was left out of it.",
    "email_in_address": "An e-mail address printed with the address was left out of it.",
    "url_in_address": "A web address printed with the address was left out of it.",
}


def find_address(lines: Sequence[Line], *, region_hints: Sequence[str] = ()) -> AddressResult | None:
    """The postal address among contact lines: the first piece of a line that holds a street, a postal
    code and city, or a "City, Country/State" location, with the pieces after it on the line and up to
    two following lines that complete it.

    A tab separates table cells printed side by side: an address in a cell continues in the same
    column of the following lines. `region_hints` (alpha-2 codes or names) help recognise national
    phone numbers to keep out of the address. The country is set only when printed (or in a "CH-1201"
    prefix), never inferred.
    """
    regions = [r for r in (phone_region(h) for h in region_hints) if r]
    for index, line in enumerate(lines):
        pieces = _pieces(line.text, regions)
        for position, piece in enumerate(pieces):
            parsed = _parse_piece(piece.text)
            if parsed is None or not parsed.may_anchor:
                continue
            same_cell = [p for p in pieces[position + 1 :] if p.column == piece.column]
            taken = [piece, *_continue(parsed, same_cell, line.text, after=piece.end)]
            snippets, used = [line.text[piece.start : taken[-1].end]], {index}
            warned = set(piece.codes)
            for next_index in range(index + 1, min(index + MAX_ADDRESS_LINES, len(lines))):
                following = lines[next_index]
                cell = [p for p in _pieces(following.text, regions) if p.column == piece.column]
                taken = _continue(parsed, cell, following.text, after=None)
                if not taken:
                    break
                snippets.append(following.text[taken[0].start : taken[-1].end])
                used.add(next_index)
                warned |= taken[0].codes
            if not parsed.is_anchor:
                continue  # a bare street no country confirmed
            address = Address(
                street=parsed.street,
                postal_code=parsed.postal_code,
                city=parsed.city,
                region=parsed.region,
                country=parsed.country,
            )
            source = Snippet(page=line.page, text="\n".join(snippets))
            warnings = [
                Warning(code=c, path="personal.address", message=_WARNING_MESSAGES[c]) for c in sorted(warned)
            ]
            return AddressResult(
                Field(value=address, confidence=_confidence(parsed), source=source), warnings, used
            )
    return None
