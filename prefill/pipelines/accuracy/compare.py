"""Prefilled values against submitted ones, with the gold-set scorer (`prefill.pipelines.scoring`).

The submitted profile is the truth and the prefill the output — `score_document(expected=submitted,
actual=prefilled, scope=PROFILE_SCOPE)` — so the normalisation (case, spaces, phone formatting, level
labels) and the alignment of list entries are the scorer's. Per field:

- kept: the submitted value is the prefilled one (a TP);
- corrected: both hold a value and they differ (a substitution: one FP and one FN);
- missed: a submitted value the prefill did not have (the other FNs); an entry the candidate added
  gives one per value;
- spurious: a prefilled value the submission does not have (the other FPs); an entry the candidate
  deleted gives one per value.

So precision = kept / (kept + corrected + spurious) and recall = kept / (kept + corrected + missed),
exactly the scorer's P and R.

`PROFILE_SCOPE` is what both a draft and the profile hold, every key scored whatever the submission
holds: unlike a gold-set truth file, a submitted profile without a street means the candidate cleared
it, so a prefilled street there is spurious. Links and skills are not in the profile: out of scope.

Languages: the profile keeps a level per skill and a mother-tongue flag, a draft one level. The
submitted level is `native` for a mother tongue, else the level the stated skills share, or — when
the candidate made them differ — the speaking level (then reading, writing, understanding): what a
CV's one level usually describes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from prefill.models.draft import DraftProfile
from prefill.pipelines.scoring import Counts, Scope, draft_to_values, score_document

PROFILE_SCOPE = Scope(
    personal=(
        "first_name",
        "last_name",
        "email",
        "phone",
        "street",
        "postal_code",
        "city",
        "country",
        "nationality",
        "date_of_birth",
    ),
    sections={
        "experience": ("employer", "title", "location", "start", "end", "current"),
        "education": ("institution", "degree", "start", "end"),
        "certifications": ("name", "date"),
        "languages": ("language", "level"),
    },
)
"""The fields both a draft and the profile hold: all scored at every submission."""

PROFILE_KEYS = {
    "street": "address.street",
    "postal_code": "address.postal_code",
    "city": "address.city",
    "country": "address.country",
}
"""The scorer's personal keys the profile stores under another name (the others share theirs)."""

LEVEL_SKILLS = ("speaking", "reading", "writing", "understanding")
"""The profile's per-skill levels, in the order that picks a language's one level when they differ."""

NATIVE = "native"
"""The one level of a mother tongue (DESIGN §3)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one field's prefilled values (see the module docstring)."""

    kept: int = 0
    corrected: int = 0
    missed: int = 0
    spurious: int = 0

    @classmethod
    def of(cls, counts: Counts) -> Outcome:
        corrected = counts.substituted
        return cls(counts.tp, corrected, counts.fn - corrected, counts.fp - corrected)

    @property
    def counts(self) -> Counts:
        """The scorer's counts, for its precision, recall and F1."""
        return Counts(
            tp=self.kept,
            fp=self.corrected + self.spurious,
            fn=self.corrected + self.missed,
            substituted=self.corrected,
        )


def _present(value: object) -> bool:
    return value is not None and value != ""


def _restricted(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values-only data limited to `PROFILE_SCOPE`, absent values and empty entries left out."""
    personal = values.get("personal") or {}
    restricted: dict[str, Any] = {
        "personal": {k: personal[k] for k in PROFILE_SCOPE.personal if _present(personal.get(k))}
    }
    for section, keys in PROFILE_SCOPE.sections.items():
        entries = [
            {k: entry[k] for k in keys if _present(entry.get(k))} for entry in values.get(section) or []
        ]
        restricted[section] = [entry for entry in entries if entry]
    return restricted


def prefilled_values(draft: DraftProfile) -> dict[str, Any]:
    """What a prefill from `draft` proposes, in the scorer's values-only shape (`draft_to_values`)."""
    return _restricted(draft_to_values(draft))


def _level(language: Mapping[str, Any]) -> str | None:
    if language.get("mother_tongue"):
        return NATIVE
    return next((language[skill] for skill in LEVEL_SKILLS if language.get(skill)), None)


def submitted_values(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The submitted profile (`snapshot.profile_values`: profile keys, per-skill language levels) in the
    scorer's values-only shape."""
    personal = profile.get("personal") or {}
    values: dict[str, Any] = {
        "personal": {key: personal.get(PROFILE_KEYS.get(key, key)) for key in PROFILE_SCOPE.personal},
        **{section: profile.get(section) or [] for section in PROFILE_SCOPE.sections},
        "languages": [
            {"language": entry.get("language"), "level": _level(entry)}
            for entry in profile.get("languages") or []
        ],
    }
    return _restricted(values)


def outcomes(*, prefilled: Mapping[str, Any], submitted: Mapping[str, Any]) -> dict[str, Outcome]:
    """Each field's outcome (`personal.phone`, `experience.title`, ...), every field of the scope."""
    score = score_document(submitted, prefilled, scope=PROFILE_SCOPE)
    return {field: Outcome.of(counts) for field, counts in score.fields.items()}
