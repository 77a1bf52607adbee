"""Prefill from an import: a finished import's draft applied to the profile as proposals.

Rules (issue 5): a value the candidate typed or confirmed is never overwritten; an empty value is
filled and an earlier unconfirmed CV proposal replaced (`values.is_open`); a list entry of the draft is
matched against the stored ones on its section's keys (employer and start, institution and degree,
language, certification name — compared without case, accents or extra spaces, dates at their common
precision) and a matched entry gets only its open values filled; an unmatched one is added. A draft
value the profile's validators refuse is skipped, and so are the dates of an entry the merge would make
inconsistent (an end before the start). Entries an earlier import proposed and this one lacks stay.
Every prefill is recorded for HR's accuracy statistics (`prefill.pipelines.accuracy`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prefill.errors import NotFound, ServiceError
from prefill.instants import utcnow
from prefill.models.draft import DraftProfile, Field
from prefill.models.tables import CvImport
from prefill.parser.text import fold
from prefill.pipelines.accuracy import service as accuracy
from prefill.workflow.accounts.models import UserAccount
from prefill.workflow.profile import values
from prefill.workflow.profile.sections import LIST_SECTIONS, PERSONAL, Section
from prefill.workflow.profile.service import entries, new_entry, plain, profile_row
from prefill.workflow.profile.validators import Invalid

Proposals = dict[str, tuple[Any, values.CvSource]]
"""`{key: (value, where it came from)}` for one section or entry."""

SKILLS = ("reading", "writing", "speaking", "understanding")
"""A CV states one level per language: it is proposed for each of these."""

NATIVE = "native"
"""The draft's level for a mother tongue (DESIGN §3)."""


class ImportNotFinished(ServiceError):
    code = "import_not_finished"
    status = 409
    message = "The import is not finished: wait until its status is `finished`."


@dataclass(slots=True)
class PrefillReport:
    """What a prefill did, by value path (`personal.phone`, `experience.<entry id>.title`)."""

    import_id: str
    proposed: list[str] = field(default_factory=list)
    """Values written as proposals."""
    kept: list[str] = field(default_factory=list)
    """Values the candidate typed or confirmed, left as they were."""
    skipped: list[str] = field(default_factory=list)
    """Draft values refused by the profile's validators or rules."""
    matched: list[str] = field(default_factory=list)
    """Stored entries a draft entry was merged into (`experience.<entry id>`)."""
    added: list[str] = field(default_factory=list)
    """Entries created from the draft."""


@dataclass(frozen=True, slots=True)
class _Origin:
    import_id: str
    kind: str
    parser_version: str

    def source(self, found: Field) -> values.CvSource:
        return values.CvSource(
            self.import_id,
            self.kind,
            self.parser_version,
            found.confidence,
            found.source.page,
            found.source.text,
        )

    def proposals(self, found: dict[str, Field | None]) -> Proposals:
        return {key: (f.value, self.source(f)) for key, f in found.items() if f is not None}


def _personal(draft: DraftProfile, origin: _Origin) -> Proposals:
    person = draft.personal
    proposals = origin.proposals(
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "nationality": person.nationality,
            "date_of_birth": person.date_of_birth,
            "email": person.email,
            "phone": person.phone,
        }
    )
    if person.address is not None:
        source = origin.source(person.address)
        for key, value in person.address.value.model_dump().items():
            if value is not None:
                proposals[f"address.{key}"] = (value, source)
    return proposals


def _entries(draft: DraftProfile, origin: _Origin) -> dict[str, list[Proposals]]:
    languages = []
    for item in draft.languages:
        proposals = origin.proposals({"language": item.language})
        if item.level is not None:
            source = origin.source(item.level)
            if item.level.value == NATIVE:
                proposals["mother_tongue"] = (True, source)
            else:
                proposals.update({skill: (item.level.value, source) for skill in SKILLS})
        languages.append(proposals)
    experience = []
    for job in draft.experience:
        proposals = origin.proposals({key: found for key, found in dict(job).items() if key != "current"})
        dated = job.start or job.end
        if dated is not None:
            # The dates say whether the job goes on ("2020 – present"): a later CV may close it.
            proposals["current"] = (job.current, origin.source(dated))
        experience.append(proposals)
    return {
        "languages": languages,
        "experience": experience,
        "education": [origin.proposals(dict(entry)) for entry in draft.education],
        "certifications": [origin.proposals(dict(entry)) for entry in draft.certifications],
    }


def _merged(
    stored: dict[str, values.StoredValue],
    proposals: Proposals,
    *,
    section: Section,
    path: str,
    report: PrefillReport,
) -> dict[str, values.StoredValue]:
    """`stored` with the proposals written where it is open (see the module docstring)."""
    context = {**plain(stored), **{key: value for key, (value, _source) in proposals.items()}}
    result = dict(stored)
    written: list[str] = []
    for key, (raw, source) in proposals.items():
        try:
            value = section.validators[key](raw, context)
        except Invalid:
            report.skipped.append(f"{path}.{key}")
            continue
        if not values.is_open(stored.get(key)):
            report.kept.append(f"{path}.{key}")
            continue
        result[key] = values.from_cv(value, source)
        written.append(key)
    if section.rule(plain(result)):
        for key in [key for key in written if key in section.date_keys]:
            result.pop(key)
            if key in stored:
                result[key] = stored[key]
            written.remove(key)
            report.skipped.append(f"{path}.{key}")
    report.proposed += [f"{path}.{key}" for key in written]
    return result


def _same(section: Section, stored: dict[str, values.StoredValue], proposals: Proposals) -> bool:
    """The entries agree on every match key either has, and have at least one."""
    agreed = False
    for key in section.match_keys:
        mine = stored.get(key, {}).get("value")
        theirs = proposals[key][0] if key in proposals else None
        if mine is None and theirs is None:
            continue
        if mine is None or theirs is None:
            return False
        if key in section.date_keys:
            common = min(len(mine), len(theirs))
            if mine[:common] != theirs[:common]:
                return False
        elif fold(str(mine)) != fold(str(theirs)):
            return False
        agreed = True
    return agreed


def prefill(*, session: Session, user: UserAccount, import_id: str) -> PrefillReport:
    """Apply the caller's finished import `import_id` to their profile as proposals."""
    row = session.scalars(
        select(CvImport).where(CvImport.id == import_id, CvImport.owner_id == user.id)
    ).first()
    if row is None:
        raise NotFound("No such import.")
    if row.status != "finished" or row.draft is None:
        raise ImportNotFinished()
    draft = DraftProfile.model_validate(row.draft)
    origin = _Origin(row.id, draft.source.kind, draft.parser_version)
    report = PrefillReport(import_id=row.id)

    profile = profile_row(session, user, create=True, lock=True)
    profile.personal = _merged(
        profile.personal, _personal(draft, origin), section=PERSONAL, path="personal", report=report
    )
    for name, drafted in _entries(draft, origin).items():
        section = LIST_SECTIONS[name]
        unmatched = entries(session, user, name)
        for proposals in drafted:
            entry = next((e for e in unmatched if _same(section, e.fields, proposals)), None)
            if entry is not None:
                unmatched.remove(entry)
                report.matched.append(f"{name}.{entry.id}")
                entry.fields = _merged(
                    entry.fields, proposals, section=section, path=f"{name}.{entry.id}", report=report
                )
                continue
            entry = new_entry(session, user, name)
            entry.fields = _merged({}, proposals, section=section, path=f"{name}.{entry.id}", report=report)
            if entry.fields:
                report.added.append(f"{name}.{entry.id}")
            else:
                session.expunge(entry)
    accuracy.record_prefill(session=session, user=user, import_id=row.id, draft=draft, now=utcnow())
    return report
