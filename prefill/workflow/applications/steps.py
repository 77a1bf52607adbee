"""The ordered steps of an application and the state of each, re-checked from the data every time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from prefill.workflow.applications.declaration import current_declaration
from prefill.workflow.applications.general import GENERAL_QUESTIONNAIRE
from prefill.workflow.profile.sections import LIST_SECTIONS, PERSONAL, Section
from prefill.workflow.profile.validators import Invalid
from prefill.workflow.vacancies.questionnaire import Question

PROFILE_STEPS = ("personal", "education", "experience", "languages", "certifications")
STEPS = (
    *PROFILE_STEPS,
    "general_questionnaire",
    "job_questionnaire",
    "cover_letter",
    "references",
    "signature",
    "review",
    "submit",
)
"""In the order the portal's progress bar shows them."""

BEFORE_SIGNATURE = STEPS[: STEPS.index("signature")]

REQUIRED_PERSONAL = (
    "first_name",
    "last_name",
    "date_of_birth",
    "nationality",
    "email",
    "phone",
    "address.country",
)
REQUIRED_ENTRY_KEYS = {
    "education": ("institution", "degree"),
    "experience": ("employer", "title", "start"),
    "languages": ("language",),
    "certifications": ("name",),
}
MIN_ENTRIES = {"education": 1, "experience": 1, "languages": 1, "certifications": 0}
"""Entries a section needs (internships need no experience: see `min_entries`)."""
MIN_INTERNSHIP_REFERENCES = 2
"""References an internship application needs."""


@dataclass(slots=True)
class Step:
    name: str
    state: str
    messages: dict[str, str] = field(default_factory=dict)


def _checked(name: str, messages: dict[str, str], *, started: bool = True) -> Step:
    if messages:
        return Step(name, "needs_attention", messages)
    return Step(name, "complete" if started else "to_do")


def _value_messages(
    stored: Mapping[str, Any], section: Section, *, required: tuple[str, ...], path: str
) -> dict[str, str]:
    """Missing required values, values a validator now refuses, CV values not confirmed yet."""
    values = {key: item["value"] for key, item in stored.items()}
    messages = {f"{path}.{key}": "Required." for key in required if values.get(key) in (None, "")}
    for key, item in stored.items():
        if item["value"] is None or key not in section.validators:
            continue
        try:
            section.validators[key](item["value"], values)
        except Invalid as error:
            messages[f"{path}.{key}"] = str(error)
            continue
        if item["origin"] == "cv" and not item["confirmed"]:
            messages[f"{path}.{key}"] = "From your CV: check and confirm this value."
    if not messages:
        messages = {f"{path}.{key}": message for key, message in section.rule(values).items()}
    return messages


def min_entries(section: str, *, kind: str) -> int:
    return 0 if section == "experience" and kind == "internship" else MIN_ENTRIES[section]


def profile_steps(
    personal: Mapping[str, Any], entries: Mapping[str, list[Mapping[str, Any]]], *, kind: str
) -> list[Step]:
    """The profile sections re-validated: `personal` and `entries` hold stored values (with provenance)."""
    steps = [
        _checked("personal", _value_messages(personal, PERSONAL, required=REQUIRED_PERSONAL, path="personal"))
    ]
    for name in PROFILE_STEPS[1:]:
        messages: dict[str, str] = {}
        rows = entries.get(name, [])
        needed = min_entries(name, kind=kind)
        if len(rows) < needed:
            messages[name] = f"Add at least {needed} entry." if needed == 1 else f"Add at least {needed}."
        for index, fields in enumerate(rows):
            messages |= _value_messages(
                fields, LIST_SECTIONS[name], required=REQUIRED_ENTRY_KEYS[name], path=f"{name}[{index}]"
            )
        steps.append(_checked(name, messages))
    return steps


def questionnaire_step(name: str, questions: list[Question], saved: Mapping[str, Any] | None) -> Step:
    if not questions:
        return Step(name, "complete")
    if saved is None:
        return Step(name, "to_do")
    messages: dict[str, str] = {}
    for question in questions:
        answer = saved.get(question.id)
        if answer is None:
            if question.required:
                messages[question.id] = "Answer this question."
        elif answer["explanation_required"] and not answer.get("explanation"):
            messages[question.id] = "Explain this answer in a few words."
    return _checked(name, messages)


def application_steps(
    *,
    profile: list[Step],
    job_questions: list[Question],
    answers: Mapping[str, Any],
    has_letter: bool,
    references: list[Any] | None,
    kind: str,
    signature: Mapping[str, Any] | None,
    content_sha256: str,
    submitted: bool,
) -> list[Step]:
    steps = [
        *profile,
        questionnaire_step("general_questionnaire", GENERAL_QUESTIONNAIRE, answers.get("general")),
        questionnaire_step("job_questionnaire", job_questions, answers.get("job")),
        Step("cover_letter", "complete" if has_letter else "to_do"),
    ]
    needed = MIN_INTERNSHIP_REFERENCES if kind == "internship" else 0
    too_few = references is not None and len(references) < needed
    steps.append(
        _checked(
            "references",
            {"references": f"Give at least {needed} references."} if too_few else {},
            started=references is not None,
        )
    )
    steps.append(
        _checked("signature", signature_messages(signature, content_sha256), started=signature is not None)
    )
    ready = all(step.state == "complete" for step in steps)
    steps.append(Step("review", "complete" if ready else "to_do"))
    steps.append(Step("submit", "complete" if submitted else "to_do"))
    return mark_current(steps)


def signature_messages(signature: Mapping[str, Any] | None, content_sha256: str) -> dict[str, str]:
    if signature is None:
        return {}
    if signature["declaration_version"] != current_declaration().version:
        return {"signature": "The declaration changed: read it and sign again."}
    if signature["content_sha256"] != content_sha256:
        return {"signature": "The application changed since you signed it: sign again."}
    return {}


def mark_current(steps: list[Step]) -> list[Step]:
    """The first step not complete is where the candidate is (`current`, unless it needs attention)."""
    for step in steps:
        if step.state != "complete":
            if step.state == "to_do":
                step.state = "current"
            break
    return steps


def resume_at(steps: list[Step]) -> str | None:
    return next((step.name for step in steps if step.state != "complete"), None)
