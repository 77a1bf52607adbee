"""The profile's sections: their keys, each key's validator, the rules across keys, and for list
sections the keys an imported entry is matched on."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from prefill.workflow.profile import validators as v

Rule = Callable[[Mapping[str, Any]], dict[str, str]]
"""Checks a whole entry (normalised values); returns `{key: message}` for what breaks a rule."""


def _dated(values: Mapping[str, Any]) -> dict[str, str]:
    if v.ends_before_start(values.get("start"), values.get("end")):
        return {"end": "The end cannot be before the start."}
    return {}


def _job(values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("current") and values.get("end"):
        return {"end": "A current job has no end date."}
    return _dated(values)


def _no_rule(_values: Mapping[str, Any]) -> dict[str, str]:
    return {}


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    validators: dict[str, v.Validator]
    rule: Rule = _no_rule
    match_keys: tuple[str, ...] = ()
    """An imported entry is the same as a stored one when these keys agree (normalised)."""
    date_keys: tuple[str, ...] = ()
    """Keys a `rule` compares: a prefill that breaks the rule leaves them as they were."""


PERSONAL = Section(
    "personal",
    {
        "first_name": v.text(),
        "last_name": v.text(),
        "other_names": v.text(),
        "nationality": v.nationality,
        "date_of_birth": v.birth_date,
        "email": v.email,
        "phone": v.phone,
        "address.street": v.address_part,
        "address.postal_code": v.address_part,
        "address.city": v.address_part,
        "address.region": v.address_part,
        "address.country": v.country,
    },
)

LANGUAGES = Section(
    "languages",
    {
        "language": v.language,
        "reading": v.level,
        "writing": v.level,
        "speaking": v.level,
        "understanding": v.level,
        "mother_tongue": v.flag,
    },
    match_keys=("language",),
)

EDUCATION = Section(
    "education",
    {
        "institution": v.text(),
        "degree": v.text(),
        "field_of_study": v.text(),
        "start": v.partial_date,
        "end": v.partial_date,
        "location": v.address_part,
    },
    rule=_dated,
    match_keys=("institution", "degree"),
    date_keys=("start", "end"),
)

CERTIFICATIONS = Section(
    "certifications",
    {"name": v.text(), "issuer": v.text(), "date": v.partial_date},
    match_keys=("name",),
)

EXPERIENCE = Section(
    "experience",
    {
        "employer": v.text(),
        "title": v.text(),
        "location": v.address_part,
        "start": v.partial_date,
        "end": v.partial_date,
        "current": v.flag,
        "description": v.text(max_chars=v.DESCRIPTION_MAX_CHARS),
    },
    rule=_job,
    match_keys=("employer", "start"),
    date_keys=("start", "end", "current"),
)

LIST_SECTIONS = {section.name: section for section in (EXPERIENCE, EDUCATION, CERTIFICATIONS, LANGUAGES)}
