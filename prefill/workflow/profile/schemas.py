"""Request and response shapes of the profile API that are not a section's values.

Section bodies (`PUT …/personal`, `POST …/experience`) are plain JSON objects validated key by key by
the service, so each bad value gets its own message under its path (`personal.phone`); a candidate can
never send provenance: `origin`, `source` and `confirmed` are not keys of any section.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MAX_CONFIRM_PATHS = 500
"""Most paths in one confirmation (a full profile has far fewer values)."""


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PrefillCreate(_Request):
    import_id: str = Field(min_length=1, max_length=64)


class ConfirmCreate(_Request):
    paths: list[str] = Field(max_length=MAX_CONFIRM_PATHS)


class ConfirmPublic(BaseModel):
    confirmed: list[str]
    """Every value path confirmed (`personal.phone`, `experience.<entry id>.title`)."""


class PrefillPublic(BaseModel):
    import_id: str
    proposed: list[str]
    kept: list[str]
    skipped: list[str]
    matched: list[str]
    added: list[str]
