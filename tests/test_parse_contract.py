"""`prefill parse` output: the DESIGN §3 contract, its validators, and determinism, over every fixture."""

from __future__ import annotations

import re

import jsonschema
import phonenumbers
import pytest
from conftest import FIXTURE_CVS

from prefill.models.draft import DraftProfile
from prefill.parser import parse_file

DESIGN_TOP_KEYS = {
    "schema_version",
    "parser_version",
    "source",
    "personal",
    "languages",
    "education",
    "certifications",
    "experience",
    "skills",
    "warnings",
}
DESIGN_PERSONAL_KEYS = {
    "first_name",
    "last_name",
    "email",
    "phone",
    "address",
    "nationality",
    "date_of_birth",
    "links",
}
DESIGN_ENTRY_KEYS = {
    "languages": {"language", "level"},
    "education": {"institution", "degree", "field_of_study", "start", "end", "location"},
    "certifications": {"name", "issuer", "date"},
    "experience": {"employer", "title", "location", "start", "end", "current", "description"},
}
PHONE_REGIONS = ("FR", "CH", "ES", "GB", "US", "MX", "CO", "KE", "SN", "DE", "IT", "BE", "CA", "SE")
"""Regions tried when looking for a phone number hidden in an address value."""
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2})?$")


def _fields(node):
    """Every field object ({value, confidence, source}) in a draft, with its JSON path."""
    if isinstance(node, dict):
        if set(node) == {"value", "confidence", "source"}:
            yield node
            return
        for value in node.values():
            yield from _fields(value)
    elif isinstance(node, list):
        for value in node:
            yield from _fields(value)


@pytest.fixture(scope="module")
def draft_schema() -> dict:
    return DraftProfile.model_json_schema()


@pytest.mark.parametrize("path", FIXTURE_CVS, ids=lambda p: p.parent.name)
def test_fixture_output_validates_against_the_schema_generated_from_the_models(
    path, parsed_fixtures, draft_schema
):
    document = parsed_fixtures[path].model_dump(mode="json")
    jsonschema.validate(document, draft_schema)


@pytest.mark.parametrize("path", FIXTURE_CVS, ids=lambda p: p.parent.name)
def test_fixture_output_has_exactly_the_design_keys(path, parsed_fixtures):
    document = parsed_fixtures[path].model_dump(mode="json")
    assert set(document) == DESIGN_TOP_KEYS
    assert set(document["personal"]) == DESIGN_PERSONAL_KEYS
    for section, keys in DESIGN_ENTRY_KEYS.items():
        for entry in document[section]:
            assert set(entry) == keys
    for field in _fields(document):
        assert 0.0 <= field["confidence"] <= 1.0
        assert field["source"]["page"] >= 1 and field["source"]["text"]


@pytest.mark.parametrize("path", FIXTURE_CVS, ids=lambda p: p.parent.name)
def test_fixture_values_are_in_the_contract_forms(path, parsed_fixtures):
    draft = parsed_fixtures[path]
    person = draft.personal
    if person.email:
        assert person.email.value == person.email.value.lower()
    if person.phone:
        assert phonenumbers.is_valid_number(phonenumbers.parse(person.phone.value))
    if person.address and person.address.value.country:
        assert re.fullmatch(r"[A-Z]{2}", person.address.value.country)
    for job in draft.experience:
        for date in (job.start, job.end):
            assert date is None or PARTIAL_DATE.match(date.value)
        if job.current:
            assert job.end is None
        if job.start and job.end:
            assert job.start.value[:4] <= job.end.value[:4]
    for entry in draft.languages:
        assert re.fullmatch(r"[a-z]{2}", entry.language.value)
        assert entry.level is None or entry.level.value in {"A1", "A2", "B1", "B2", "C1", "C2", "native"}


def test_no_address_value_over_all_fixtures_holds_a_phone_email_or_url(parsed_fixtures):
    checked = 0
    for path, draft in parsed_fixtures.items():
        if draft.personal.address is None:
            continue
        for part in draft.personal.address.value.model_dump().values():
            if not part:
                continue
            checked += 1
            assert "@" not in part and "http" not in part.lower() and "www." not in part.lower(), path
            for region in PHONE_REGIONS:
                assert not list(phonenumbers.PhoneNumberMatcher(part, region)), (path, region)
    assert checked > 50


@pytest.mark.parametrize("path", FIXTURE_CVS[:6], ids=lambda p: p.parent.name)
def test_the_same_bytes_give_the_same_json(path, parsed_fixtures):
    assert parse_file(path).to_json() == parsed_fixtures[path].to_json()


def test_a_value_not_in_the_cv_is_null_never_invented(parsed_fixtures):
    # The expected files omit what a document does not state; the draft must say null there.
    from conftest import expected_of

    for path, draft in parsed_fixtures.items():
        stated = expected_of(path)["personal"]
        for key in ("phone", "nationality", "date_of_birth"):
            if key not in stated:
                assert getattr(draft.personal, key) is None, (path.parent.name, key)
