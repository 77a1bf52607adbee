"""Validators of the values a candidate types (and of the values a CV import proposes).

Each takes the raw value and the section's other raw values (a phone number is read with the regions of
the address country and nationality) and returns the normalised value, or raises `Invalid` with a
message for that one field. The parser's own rules are reused: the address guard, country, nationality
and language names, the date range.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import phonenumbers
import pycountry

from prefill.parser.contact import address_intruders
from prefill.parser.dates import MAX_YEAR, MIN_YEAR
from prefill.parser.geo import country_code, nationality_code
from prefill.parser.languages import language_code
from prefill.parser.personal import EARLIEST_BIRTH_YEAR, MIN_AGE_YEARS
from prefill.parser.text import clean
from prefill.workflow.accounts.policy import normalize_email

NAME_MAX_CHARS = 100
"""Longest name, address part, employer, title or similar short text."""

DESCRIPTION_MAX_CHARS = 5000
"""Longest free-text description of a job."""

Validator = Callable[[Any, Mapping[str, Any]], Any]


class Invalid(ValueError):
    """The message is shown next to the field: it never quotes the value (it could come from a CV)."""


_PARTIAL_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2}))?")
_BIRTH_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
_ADDRESS_MESSAGES = {
    "phone_in_address": "An address cannot contain a phone number: enter it in the phone field.",
    "email_in_address": "An address cannot contain an e-mail address: enter it in the e-mail field.",
    "url_in_address": "An address cannot contain a web address.",
}


def _string(raw: Any) -> str:
    if not isinstance(raw, str):
        raise Invalid("Enter text.")
    return clean(raw)


def text(*, max_chars: int = NAME_MAX_CHARS) -> Validator:
    def check(raw: Any, _context: Mapping[str, Any]) -> str:
        value = _string(raw)
        if len(value) > max_chars:
            raise Invalid(f"Enter at most {max_chars} characters.")
        return value

    return check


def _region_hints(context: Mapping[str, Any]) -> list[str]:
    return [
        hint for hint in (context.get("address.country"), context.get("nationality")) if isinstance(hint, str)
    ]


def address_part(raw: Any, context: Mapping[str, Any]) -> str:
    """Short text that never holds a phone number, an e-mail or a URL (the parser's guard)."""
    value = text()(raw, context)
    intruders = address_intruders(value, region_hints=_region_hints(context))
    if intruders:
        raise Invalid(_ADDRESS_MESSAGES[intruders[0]])
    return value


def _alpha2(value: str) -> str | None:
    if re.fullmatch(r"[A-Za-z]{2}", value) and pycountry.countries.get(alpha_2=value.upper()):
        return value.upper()
    return None


def country(raw: Any, _context: Mapping[str, Any]) -> str:
    """ISO 3166-1 alpha-2, given as the code or a country name in English, French or Spanish."""
    value = _string(raw)
    code = _alpha2(value) or country_code(value)
    if code is None:
        raise Invalid("Choose a country (ISO 3166-1 code such as CH).")
    return code


def nationality(raw: Any, _context: Mapping[str, Any]) -> str:
    value = _string(raw)
    code = _alpha2(value) or nationality_code(value)
    if code is None:
        raise Invalid("Choose a nationality (ISO 3166-1 code such as CH).")
    return code


def email(raw: Any, _context: Mapping[str, Any]) -> str:
    """Lower-cased, by the accounts' rule."""
    try:
        return normalize_email(_string(raw))
    except ValueError:
        raise Invalid("Enter an e-mail address such as name@example.org.") from None


def phone(raw: Any, context: Mapping[str, Any]) -> str:
    """E.164; a national number is read with the address country's or nationality's region."""
    value = _string(raw)
    regions = [c for c in (_alpha2(h) or nationality_code(h) for h in _region_hints(context)) if c]
    for region in [*regions, None]:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise Invalid("Enter a valid phone number, with its country code (such as +41 22 123 45 67).")


def birth_date(raw: Any, _context: Mapping[str, Any]) -> str:
    """YYYY-MM-DD, a real date between 1930 and 15 years ago (DESIGN §3)."""
    value = _string(raw)
    try:
        born = dt.date.fromisoformat(value) if _BIRTH_DATE.fullmatch(value) else None
    except ValueError:
        born = None
    if born is None:
        raise Invalid("Enter a date as YYYY-MM-DD.")
    today = dt.date.today()
    latest = today.replace(year=today.year - MIN_AGE_YEARS, day=min(today.day, 28))
    if born.year < EARLIEST_BIRTH_YEAR or born > latest:
        raise Invalid(f"Enter a date of birth between {EARLIEST_BIRTH_YEAR} and {MIN_AGE_YEARS} years ago.")
    return value


def partial_date(raw: Any, _context: Mapping[str, Any]) -> str:
    """YYYY or YYYY-MM, a real month in the parser's year range."""
    value = _string(raw)
    match = _PARTIAL_DATE.fullmatch(value)
    month = match and match["month"]
    if (
        match is None
        or not MIN_YEAR <= int(match["year"]) <= MAX_YEAR
        or (month and not 1 <= int(month) <= 12)
    ):
        raise Invalid(f"Enter a year (YYYY) or a month (YYYY-MM) between {MIN_YEAR} and {MAX_YEAR}.")
    return value


def language(raw: Any, _context: Mapping[str, Any]) -> str:
    """ISO 639-1, given as the code or a language name in English, French, Spanish or the language."""
    value = _string(raw)
    lowered = value.lower()
    if len(lowered) == 2 and pycountry.languages.get(alpha_2=lowered):
        return lowered
    code = language_code(value)
    if code is None:
        raise Invalid("Choose a language (ISO 639-1 code such as fr).")
    return code


def level(raw: Any, _context: Mapping[str, Any]) -> str:
    value = _string(raw).upper()
    if value not in _CEFR:
        raise Invalid("Choose a level from A1 to C2.")
    return value


def flag(raw: Any, _context: Mapping[str, Any]) -> bool:
    if not isinstance(raw, bool):
        raise Invalid("Enter true or false.")
    return raw


def ends_before_start(start: str | None, end: str | None) -> bool:
    """Partial dates compared at their common precision: 2019-05 does not end before 2019."""
    if not start or not end:
        return False
    common = min(len(start), len(end))
    return end[:common] < start[:common]
