"""The candidate's own profile: read, edit, confirm, export. Keyword-only functions; the caller owns the
session, and every query is limited to the caller's rows (a missing and a not-yours entry are one 404).

Storage design: every value is stored with its own provenance, as JSON, keyed by its name —
`profile.personal` holds `{"first_name": StoredValue, "address.city": StoredValue, …}` and each
`profile_entry` row (one job, degree, language or certification) holds `{"employer": StoredValue, …}`
(see `values` for the StoredValue shape). The merge rules then read one value at a time: a prefill
writes a value only where `values.is_open` (nothing stored, or an unconfirmed CV proposal), so typed
and confirmed values are never overwritten; list entries are rows matched on a few normalised keys
(`sections.Section.match_keys`) and filled value by value the same way. JSON rather than a row per
value keeps a section one read and one write, and its keys follow the sections without a migration.

Edits: a section or entry sent back is applied key by key — a key left out is unchanged, `null` clears
(stored as a typed empty value, so a later import does not bring it back), a value equal to the stored
one keeps its provenance, a different one becomes typed and confirmed. `"confirm": true` confirms every
value of what is sent; `POST /v1/me/profile/confirm` confirms values by path.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from prefill.errors import FieldErrors, NotFound
from prefill.workflow.accounts.models import UserAccount
from prefill.workflow.accounts.service import EXPORTERS
from prefill.workflow.profile import values
from prefill.workflow.profile.alerts import DEFAULT_ALERTS, validated_alerts
from prefill.workflow.profile.models import Profile, ProfileEntry
from prefill.workflow.profile.sections import LIST_SECTIONS, PERSONAL, Section
from prefill.workflow.profile.validators import Invalid

Stored = dict[str, values.StoredValue]


class ProfileInvalid(FieldErrors):
    """Per-field messages: `fields` maps a path (`personal.phone`, `experience[0].end`) to its message."""

    code = "invalid_request"
    status = 422
    message = "Some values are not valid: see `fields`."


# -- storage -------------------------------------------------------------------------------------


def profile_row(session: Session, user: UserAccount, *, create: bool, lock: bool = False) -> Profile | None:
    """The caller's profile row; `create` adds it when missing, `lock` serialises concurrent writers."""
    query = select(Profile).where(Profile.user_id == user.id)
    if lock:
        query = query.with_for_update()
    row = session.scalars(query).first()
    if row is None and create:
        try:
            with session.begin_nested():
                session.add(Profile(user_id=user.id, personal={}, alerts=None))
        except IntegrityError:
            pass  # a concurrent request of the same candidate created it first
        row = session.scalars(query).one()
    return row


def entries(session: Session, user: UserAccount, section: str | None = None) -> list[ProfileEntry]:
    query = select(ProfileEntry).where(ProfileEntry.user_id == user.id)
    if section is not None:
        query = query.where(ProfileEntry.section == section)
    return list(session.scalars(query.order_by(ProfileEntry.section, ProfileEntry.position)))


def new_entry(session: Session, user: UserAccount, section: str) -> ProfileEntry:
    """An empty entry placed after the section's last one."""
    last = session.scalar(
        select(func.max(ProfileEntry.position)).where(
            ProfileEntry.user_id == user.id, ProfileEntry.section == section
        )
    )
    entry = ProfileEntry(
        id=str(uuid.uuid4()), user_id=user.id, section=section, position=(last or 0) + 1, fields={}
    )
    session.add(entry)
    return entry


def plain(stored: Stored) -> dict[str, Any]:
    return {key: value["value"] for key, value in stored.items()}


# -- views ---------------------------------------------------------------------------------------


def _nested(flat: Mapping[str, Any]) -> dict[str, Any]:
    """`{"address.city": x}` as `{"address": {"city": x}}`."""
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        *parents, leaf = key.split(".")
        node = nested
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    return nested


def _view(stored: Stored, section: Section, language: str) -> dict[str, Any]:
    return _nested({key: values.public(stored.get(key), language=language) for key in section.validators})


def personal_view(row: Profile | None, user: UserAccount) -> dict[str, Any]:
    return _view(row.personal if row else {}, PERSONAL, user.language)


def entry_view(entry: ProfileEntry, user: UserAccount) -> dict[str, Any]:
    return {"id": entry.id, **_view(entry.fields, LIST_SECTIONS[entry.section], user.language)}


def alerts_view(row: Profile | None) -> dict[str, Any]:
    return dict(row.alerts) if row and row.alerts else dict(DEFAULT_ALERTS)


def get_profile(*, session: Session, user: UserAccount) -> dict[str, Any]:
    row = profile_row(session, user, create=False)
    by_section: dict[str, list[dict[str, Any]]] = {name: [] for name in LIST_SECTIONS}
    for entry in entries(session, user):
        by_section[entry.section].append(entry_view(entry, user))
    return {"personal": personal_view(row, user), **by_section, "alerts": alerts_view(row)}


# -- edits ---------------------------------------------------------------------------------------


def _flat(body: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in body.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _edited(stored: Stored, body: Any, *, section: Section, path: str) -> Stored:
    """`stored` with the candidate's changes applied (see the module docstring); raises `ProfileInvalid`
    with every field's message at once."""
    if not isinstance(body, dict):
        raise ProfileInvalid({path: "Send an object."})
    changes = _flat(body)
    confirm = changes.pop("confirm", False)
    errors = {key: "Unknown field." for key in changes if key not in section.validators}
    if not isinstance(confirm, bool):
        errors["confirm"] = "Enter true or false."
    context = {**plain(stored), **changes}
    result = dict(stored)
    for key, raw in changes.items():
        if key in errors:
            continue
        try:
            blank = raw is None or (isinstance(raw, str) and not raw.strip())
            value = None if blank else section.validators[key](raw, context)
        except Invalid as error:
            errors[key] = str(error)
            continue
        old = stored.get(key)
        if old is not None and old["value"] == value:
            continue  # sent back unchanged: keeps its provenance
        if old is not None or value is not None:
            result[key] = values.typed(value, replacing=old)
    if not errors:
        errors = section.rule(plain(result))
    if errors:
        raise ProfileInvalid({f"{path}.{key}": message for key, message in errors.items()})
    if confirm:
        result = {key: values.confirmed(value) for key, value in result.items()}
    return result


def update_personal(*, session: Session, user: UserAccount, body: Any) -> dict[str, Any]:
    row = profile_row(session, user, create=True, lock=True)
    row.personal = _edited(row.personal, body, section=PERSONAL, path="personal")
    return personal_view(row, user)


def _entry(session: Session, user: UserAccount, section: str, entry_id: str) -> tuple[int, ProfileEntry]:
    """The caller's entry and its index in the section (for error paths such as `experience[0].end`)."""
    for index, entry in enumerate(entries(session, user, section)):
        if entry.id == entry_id:
            return index, entry
    raise NotFound("No such entry.")


def list_entries(*, session: Session, user: UserAccount, section: str) -> list[dict[str, Any]]:
    return [entry_view(entry, user) for entry in entries(session, user, section)]


def add_entry(*, session: Session, user: UserAccount, section: str, body: Any) -> dict[str, Any]:
    profile_row(session, user, create=True, lock=True)  # serialises positions
    index = len(entries(session, user, section))
    fields = _edited({}, body, section=LIST_SECTIONS[section], path=f"{section}[{index}]")
    entry = new_entry(session, user, section)
    entry.fields = fields
    return entry_view(entry, user)


def update_entry(
    *, session: Session, user: UserAccount, section: str, entry_id: str, body: Any
) -> dict[str, Any]:
    index, entry = _entry(session, user, section, entry_id)
    entry.fields = _edited(entry.fields, body, section=LIST_SECTIONS[section], path=f"{section}[{index}]")
    return entry_view(entry, user)


def delete_entry(*, session: Session, user: UserAccount, section: str, entry_id: str) -> None:
    session.delete(_entry(session, user, section, entry_id)[1])


def update_alerts(*, session: Session, user: UserAccount, body: Any) -> dict[str, Any]:
    alerts, errors = validated_alerts(body)
    if errors:
        raise ProfileInvalid(errors)
    row = profile_row(session, user, create=True, lock=True)
    row.alerts = alerts
    return alerts_view(row)


# -- confirmation --------------------------------------------------------------------------------


def _confirm_under(stored: Stored, prefix: str, base: str) -> tuple[Stored, list[str]]:
    """`stored` with every value at or under key `prefix` ("" for all) confirmed, and their paths."""
    hits = [key for key in stored if not prefix or key == prefix or key.startswith(prefix + ".")]
    return {**stored, **{key: values.confirmed(stored[key]) for key in hits}}, [f"{base}.{k}" for k in hits]


def confirm(*, session: Session, user: UserAccount, paths: Any) -> dict[str, list[str]]:
    """Confirm the values at or under each path: `personal`, `personal.address`, `personal.phone`,
    `experience`, `experience.<entry id>`, `experience.<entry id>.title`. Returns the values' paths."""
    if not isinstance(paths, list) or not all(isinstance(path, str) for path in paths):
        raise ProfileInvalid({"paths": "Send a list of paths such as personal.phone."})
    row = profile_row(session, user, create=False, lock=True)
    by_id = {entry.id: entry for entry in entries(session, user)}
    done: list[str] = []
    errors: dict[str, str] = {}
    for index, path in enumerate(paths):
        section, _, rest = path.partition(".")
        hits: list[str] = []
        if section == PERSONAL.name and row is not None:
            row.personal, hits = _confirm_under(row.personal, rest, section)
        elif section in LIST_SECTIONS:
            entry_id, _, key = rest.partition(".")
            for entry in by_id.values():
                if entry.section == section and entry_id in ("", entry.id):
                    entry.fields, found = _confirm_under(entry.fields, key, f"{section}.{entry.id}")
                    hits += found
        if not hits:
            errors[f"paths[{index}]"] = "No such value."
        done += [hit for hit in hits if hit not in done]
    if errors:
        raise ProfileInvalid(errors)
    return {"confirmed": done}


# -- export --------------------------------------------------------------------------------------


def export_profile(session: Session, user: UserAccount) -> tuple[str, dict[str, Any]]:
    """The profile as stored, provenance included (an `EXPORTERS` entry of the accounts service)."""
    row = profile_row(session, user, create=False)
    exported: dict[str, Any] = {
        "personal": row.personal if row else {},
        "alerts": row.alerts if row else None,
    }
    for name in LIST_SECTIONS:
        exported[name] = [{"id": e.id, "fields": e.fields} for e in entries(session, user, name)]
    return "profile", exported


if export_profile not in EXPORTERS:
    EXPORTERS.append(export_profile)
