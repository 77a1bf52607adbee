"""Job-alert preferences: which openings the candidate wants to hear about, and how often."""

from __future__ import annotations

from typing import Any

from prefill.workflow.profile import validators as v
from prefill.workflow.vacancies.grades import normalized_grade

ALERT_KINDS = ("staff", "internship", "contractor")
"""The vacancy kinds (DESIGN §4)."""

FREQUENCIES = ("off", "daily", "weekly")

MAX_ALERT_ITEMS = 30
"""Most duty stations, countries or grades in one alert preference list."""

DEFAULT_ALERTS: dict[str, Any] = {
    "kinds": [],
    "duty_stations": [],
    "countries": [],
    "grades": [],
    "frequency": "off",
}


def _grade(raw: Any, _context: Any) -> str:
    try:
        return normalized_grade(raw)
    except (ValueError, AttributeError):  # AttributeError: not a string
        raise v.Invalid("Choose a grade such as P-3, G-5, D-1 or NO-B.") from None


def _choice(options: tuple[str, ...]) -> v.Validator:
    def check(raw: Any, _context: Any) -> str:
        if raw not in options:
            raise v.Invalid(f"Choose one of: {', '.join(options)}.")
        return raw

    return check


_ITEM_VALIDATORS: dict[str, v.Validator] = {
    "kinds": _choice(ALERT_KINDS),
    "duty_stations": v.text(),
    "countries": v.country,
    "grades": _grade,
}


def validated_alerts(body: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The preferences a PUT sets (a missing key takes its default), and `{path: message}` errors."""
    if not isinstance(body, dict):
        return {}, {"alerts": "Send an object."}
    errors = {f"alerts.{key}": "Unknown field." for key in body if key not in DEFAULT_ALERTS}
    alerts = dict(DEFAULT_ALERTS)
    for key, validator in _ITEM_VALIDATORS.items():
        items = body.get(key, [])
        if not isinstance(items, list) or len(items) > MAX_ALERT_ITEMS:
            errors[f"alerts.{key}"] = f"Send a list of at most {MAX_ALERT_ITEMS} items."
            continue
        values = []
        for index, item in enumerate(items):
            try:
                value = validator(item, {})
            except v.Invalid as error:
                errors[f"alerts.{key}[{index}]"] = str(error)
                continue
            if value not in values:
                values.append(value)
        alerts[key] = values
    try:
        alerts["frequency"] = _choice(FREQUENCIES)(body.get("frequency", "off"), {})
    except v.Invalid as error:
        errors["alerts.frequency"] = str(error)
    return alerts, errors
