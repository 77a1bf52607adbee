"""Export a draft profile as JSON Resume 1.x (https://jsonresume.org/schema)."""

from __future__ import annotations

from typing import Any

from prefill.models.draft import DraftProfile, Field

JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"

_LEVEL_FLUENCY = {
    "native": "Native speaker",
    "C2": "Proficient (C2)",
    "C1": "Advanced (C1)",
    "B2": "Upper intermediate (B2)",
    "B1": "Intermediate (B1)",
    "A2": "Elementary (A2)",
    "A1": "Beginner (A1)",
}


def _value(field: Field | None) -> Any:
    return field.value if field is not None else None


def _compact(mapping: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in mapping.items() if value not in (None, "", [], {})}


def to_json_resume(draft: DraftProfile) -> dict[str, Any]:
    person = draft.personal
    address = person.address.value if person.address else None
    names = " ".join(v for v in (_value(person.first_name), _value(person.last_name)) if v)
    links = [link.value for link in person.links]
    basics = _compact(
        {
            "name": names,
            "email": _value(person.email),
            "phone": _value(person.phone),
            "url": next((link for link in links if "linkedin.com" not in link), None),
            "location": _compact(
                {
                    "address": address.street,
                    "postalCode": address.postal_code,
                    "city": address.city,
                    "region": address.region,
                    "countryCode": address.country,
                }
            )
            if address
            else None,
            "profiles": [{"network": "LinkedIn", "url": link} for link in links if "linkedin.com" in link],
        }
    )
    return _compact(
        {
            "$schema": JSON_RESUME_SCHEMA,
            "basics": basics,
            "work": [
                _compact(
                    {
                        "name": _value(job.employer),
                        "position": _value(job.title),
                        "location": _value(job.location),
                        "startDate": _value(job.start),
                        "endDate": _value(job.end),
                        "summary": _value(job.description),
                    }
                )
                for job in draft.experience
            ],
            "education": [
                _compact(
                    {
                        "institution": _value(school.institution),
                        "studyType": _value(school.degree),
                        "area": _value(school.field_of_study),
                        "startDate": _value(school.start),
                        "endDate": _value(school.end),
                    }
                )
                for school in draft.education
            ],
            "certificates": [
                _compact(
                    {
                        "name": _value(cert.name),
                        "issuer": _value(cert.issuer),
                        "date": _value(cert.date),
                    }
                )
                for cert in draft.certifications
            ],
            "skills": [{"name": skill.value} for skill in draft.skills],
            "languages": [
                _compact(
                    {
                        "language": _value(entry.language),
                        "fluency": _LEVEL_FLUENCY.get(_value(entry.level)),
                    }
                )
                for entry in draft.languages
            ],
            "meta": {
                "version": "v1.0.0",
                "prefill": {"parser_version": draft.parser_version, "source_kind": draft.source.kind},
            },
        }
    )
