"""Does a typed signature match the profile? Names compare without case, accents or word order."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any


def name_words(name: str) -> list[str]:
    """The words of a name, case- and accent-folded, hyphens and apostrophes as spaces, sorted."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    for separator in "-'’.,":
        bare = bare.replace(separator, " ")
    return sorted(bare.split())


def name_matches(typed: str, personal: Mapping[str, Any]) -> bool:
    """The typed full name is the profile's first and last names, with or without its other names."""
    first, last, other = (personal.get(key) or "" for key in ("first_name", "last_name", "other_names"))
    if not first or not last:
        return False
    words = name_words(typed)
    return words in (name_words(f"{first} {last}"), name_words(f"{first} {other} {last}"))
