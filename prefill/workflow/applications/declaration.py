"""The declaration a candidate signs: versioned texts in English and French. A new version is a new
entry, added last; a signature on an older version must be given again before submitting."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Declaration:
    version: str
    texts: dict[str, str]
    """Language (en, fr) -> text."""

    def text(self, language: str) -> str:
        return self.texts.get(language, self.texts["en"])


DECLARATIONS: dict[str, Declaration] = {
    "2026-11": Declaration(
        version="2026-11",
        texts={
            "en": "I certify that the statements made in this application are true, complete and correct "
            "to the best of my knowledge and belief. I understand that any misrepresentation or material "
            "omission may lead to the rejection of this application or to dismissal.",
            "fr": "Je certifie que les déclarations faites dans cette candidature sont vraies, complètes et "
            "exactes, à ma connaissance. Je comprends que toute déclaration inexacte ou omission "
            "importante peut entraîner le rejet de cette candidature ou un licenciement.",
        },
    ),
}
"""Every version ever published, oldest first; the last one is in force."""


def current_declaration() -> Declaration:
    return next(reversed(DECLARATIONS.values()))
