"""A stored profile value with its provenance, as kept in the JSON of `profile` and `profile_entry`.

```
{"value": …, "origin": "typed" | "cv", "confirmed": bool,
 "source": {"import_id", "kind", "parser_version", "confidence", "snippet": {"page", "text"}} | null,
 "proposal": {"value", "import_id", "kind", "parser_version", "confidence"} | null}
```

`source` is set while the value is the CV's (`origin == "cv"`). When the candidate types over a CV
value, the CV's `proposal` is kept (without its snippet) so HR can later measure prefill accuracy per
field, parser version and input kind. A value the candidate cleared is stored as a typed `None`, so a
later import does not bring it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

StoredValue = dict[str, Any]

NOTICES = {
    "en": "From your CV — please check.",
    "fr": "Repris de votre CV — veuillez vérifier.",
}
"""What the candidate sees next to a prefilled value they have not confirmed, by account language."""


@dataclass(frozen=True, slots=True)
class CvSource:
    """Where a prefilled value came from (DESIGN §3: the draft's source and the field's snippet)."""

    import_id: str
    kind: str
    parser_version: str
    confidence: float
    page: int
    text: str

    def as_json(self) -> dict[str, Any]:
        return {
            "import_id": self.import_id,
            "kind": self.kind,
            "parser_version": self.parser_version,
            "confidence": self.confidence,
            "snippet": {"page": self.page, "text": self.text},
        }


def typed(value: Any, *, replacing: StoredValue | None = None) -> StoredValue:
    """A value the candidate entered: confirmed by definition. Keeps the CV proposal it replaces."""
    proposal = None
    if replacing is not None:
        proposal = replacing.get("proposal")
        if replacing["origin"] == "cv":
            source = dict(replacing["source"])
            source.pop("snippet")
            proposal = {"value": replacing["value"], **source}
    return {"value": value, "origin": "typed", "confirmed": True, "source": None, "proposal": proposal}


def from_cv(value: Any, source: CvSource) -> StoredValue:
    return {"value": value, "origin": "cv", "confirmed": False, "source": source.as_json(), "proposal": None}


def confirmed(stored: StoredValue) -> StoredValue:
    return {**stored, "confirmed": True}


def is_open(stored: StoredValue | None) -> bool:
    """A prefill may write here: nothing stored yet, or an earlier CV proposal nobody confirmed."""
    return stored is None or (stored["origin"] == "cv" and not stored["confirmed"])


def public(stored: StoredValue | None, *, language: str) -> dict[str, Any]:
    """The value as its owner sees it; a CV value not yet confirmed carries the "please check" notice."""
    if stored is None:
        return {"value": None, "origin": None, "confirmed": False, "notice": None, "source": None}
    pending = stored["origin"] == "cv" and not stored["confirmed"]
    return {
        "value": stored["value"],
        "origin": stored["origin"],
        "confirmed": stored["confirmed"],
        "notice": NOTICES.get(language, NOTICES["en"]) if pending else None,
        "source": stored["source"],
    }
