"""A document's differences between two parser outputs, field by field.

Both drafts are taken in the scorer's values form (`scoring.draft_to_values`) and compared with its
normalisation and its entry alignment, so a formatting change is not a difference and a new job found
at the top of a CV does not make every later job "changed". Every key either output has is compared.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prefill.pipelines import scoring

CHANGED, ADDED, REMOVED = "changed", "added", "removed"


def _changes_of(score: scoring.DocumentScore) -> list[dict[str, Any]]:
    return [
        {
            "path": error.path,
            "change": CHANGED
            if error.expected is not None and error.actual is not None
            else ADDED
            if error.expected is None
            else REMOVED,
            "before": error.expected,
            "after": error.actual,
        }
        for error in score.errors
    ]


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What changed from draft `before` to draft `after` (their JSON forms), in report order."""
    old, new = scoring.draft_to_values(before), scoring.draft_to_values(after)
    score = scoring.DocumentScore()
    old_personal, new_personal = old.get("personal", {}), new.get("personal", {})
    for key in sorted(set(old_personal) | set(new_personal), key=_personal_order):
        if key == "links":
            score.compare_multiset("personal.links", old_personal.get(key, []), new_personal.get(key, []))
        else:
            score.compare(f"personal.{key}", old_personal.get(key), new_personal.get(key))
    for section in scoring.LIST_KEYS:
        old_entries, new_entries = old.get(section, []), new.get(section, [])
        keys = sorted({key for entry in [*old_entries, *new_entries] for key in entry})
        for i, j in scoring.align(section, old_entries, new_entries):
            a = old_entries[i] if i is not None else {}
            b = new_entries[j] if j is not None else {}
            index = i if i is not None else f"+{j}"
            for key in keys:
                score.compare(f"{section}.{key}", a.get(key), b.get(key), where=f"{section}[{index}].{key}")
    score.compare_multiset("skills", old.get("skills", []), new.get("skills", []))
    return _changes_of(score)


def _personal_order(key: str) -> tuple[int, str]:
    order = (*scoring.PERSONAL_KEYS, *scoring.OPTIONAL_PERSONAL_KEYS, "links")
    return (order.index(key), key) if key in order else (len(order), key)
