"""Staff categories and their grades (the United Nations common system's scheme)."""

from __future__ import annotations

from typing import Literal

Category = Literal["P", "G", "D", "NO"]
"""P professional, G general service, D director, NO national officer."""

GRADES: dict[str, tuple[str, ...]] = {
    "P": tuple(f"P-{level}" for level in range(1, 6)),
    "G": tuple(f"G-{level}" for level in range(1, 8)),
    "D": ("D-1", "D-2"),
    "NO": tuple(f"NO-{level}" for level in "ABCDE"),
}
"""Every grade of each category, lowest first."""

CATEGORY_OF_GRADE = {grade: category for category, grades in GRADES.items() for grade in grades}


def normalized_grade(text: str) -> str:
    """`p-3`, `P3`, `NOB` and `NO-B` are written `P-3` and `NO-B`; an unknown grade is a ValueError."""
    compact = text.strip().upper().replace("-", "").replace(" ", "")
    for grade in CATEGORY_OF_GRADE:
        if grade.replace("-", "") == compact:
            return grade
    raise ValueError(f"unknown grade {text[:10]!r}: use one such as P-3, G-5, D-1 or NO-B")
