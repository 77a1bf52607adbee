"""Small text helpers shared by the extractors."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BULLET = re.compile(r"^[\s•◦▪▫●○■□◆◇►▸▹‣⁃∙·\-–—*>{}\u2022\uf0b7\uf0a7\uf0d8\uf0fc✓✔➢➤→]+\s*")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form for dictionary look-ups."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.replace("’", "'")).strip()


def clean(text: str) -> str:
    """Printed text with runs of spaces (NBSP included) collapsed and ends trimmed."""
    return _SPACES.sub(" ", text).strip()


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1)


def starts_with_bullet(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and _BULLET.match(stripped) is not None and not stripped[:1].isalnum()

