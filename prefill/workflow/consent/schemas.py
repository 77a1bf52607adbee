"""The privacy agreement as the API shows it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel


class PrivacyAgreementPublic(BaseModel):
    version: str
    """Send it back as `privacy_version` when registering, or to POST /v1/me/privacy."""
    published_at: dt.datetime
    language: str
    text: str
    languages: list[str]
