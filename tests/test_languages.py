"""Spoken languages and CEFR levels from lines of a Languages section (synthetic lines)."""

from __future__ import annotations

import pytest

from prefill.parser.languages import language_code, level_from_text, parse_language_items

CODES = [
    ("English", "en"),
    ("Anglais", "en"),
    ("Inglés", "en"),
    ("ingles", "en"),
    ("French", "fr"),
    ("Français", "fr"),
    ("FRANCAIS", "fr"),
    ("Francés", "fr"),
    ("française", "fr"),
    ("Spanish", "es"),
    ("Espagnol", "es"),
    ("Español", "es"),
    ("Castellano", "es"),
    ("German", "de"),
    ("Allemand", "de"),
    ("Alemán", "de"),
    ("Deutsch", "de"),
    ("Italian", "it"),
    ("Italien", "it"),
    ("Italiano", "it"),
    ("Portuguese", "pt"),
    ("Portugais", "pt"),
    ("Portugués", "pt"),
    ("Arabic", "ar"),
    ("Arabe", "ar"),
    ("Árabe", "ar"),
    ("Chinese", "zh"),
    ("Mandarin", "zh"),
    ("Chinois", "zh"),
    ("Chino", "zh"),
    ("Russian", "ru"),
    ("Russe", "ru"),
    ("Ruso", "ru"),
    ("Wolof", "wo"),
    ("Swahili", "sw"),
    ("Kiswahili", "sw"),
    ("Japanese", "ja"),
    ("Dutch", "nl"),
    ("Néerlandais", "nl"),
    ("Neerlandés", "nl"),
    ("Catalan", "ca"),
    ("Catalán", "ca"),
    ("Hindi", "hi"),
    ("Turkish", "tr"),
    ("Turc", "tr"),
    ("Polish", "pl"),
    ("Korean", "ko"),
    ("Greek", "el"),
    ("Swedish", "sv"),
    ("Farsi", "fa"),
    ("Persan", "fa"),
]


@pytest.mark.parametrize(("name", "code"), CODES)
def test_language_code_from_english_french_spanish_and_native_names(name, code):
    assert language_code(name) == code


@pytest.mark.parametrize(
    "name",
    [
        "Python",
        "C++",
        "Rust",
        "Julia",
        "Java",
        "Go",
        "R",
        "SQL",
        "CUDA",
        "Languages",
        "Skill",
        "Level",
        "Fluent",
        "",
        "Paris",
    ],
)
def test_programming_languages_and_ordinary_words_are_not_languages(name):
    assert language_code(name) is None


LEVELS = [
    ("C1", "C1"),
    ("b2", "B2"),
    ("C1+", "C1"),
    ("A1/A2", "A1"),
    ("niveau C1", "C1"),
    ("nivel B2", "B2"),
    ("Fluent (C2)", "C2"),
    ("courant (B2)", "B2"),
    ("native", "native"),
    ("Mother tongue", "native"),
    ("bilingual", "native"),
    ("langue maternelle", "native"),
    ("Natif", "native"),
    ("bilingue", "native"),
    ("nativa", "native"),
    ("lengua materna", "native"),
    ("Bilingüe", "native"),
    ("Native or bilingual proficiency", "native"),
    ("native speaker", "native"),
    ("langue natale", "native"),
    ("maternelle", "native"),
    ("fluent", "C1"),
    ("Advanced", "C1"),
    ("courant", "C1"),
    ("couramment", "C1"),
    ("avancé", "C1"),
    ("fluido", "C1"),
    ("Avanzado", "C1"),
    ("Full professional proficiency", "C1"),
    ("proficient", "C1"),
    ("Upper intermediate", "B2"),
    ("Professional working proficiency", "B2"),
    ("intermediate", "B1"),
    ("Intermédiaire", "B1"),
    ("intermedio", "B1"),
    ("conversational", "B1"),
    ("working knowledge", "B1"),
    ("Limited working proficiency", "B1"),
    ("basic", "A2"),
    ("elementary", "A2"),
    ("notions", "A2"),
    ("scolaire", "A2"),
    ("básico", "A2"),
    ("elemental", "A2"),
    ("Elementary proficiency", "A2"),
    ("beginner", "A1"),
    ("débutant", "A1"),
    ("principiante", "A1"),
    ("lu, écrit, parlé", None),
    ("good", None),
    ("", None),
    ("Skill level", None),
    ("cabinet", None),
]


@pytest.mark.parametrize(("text", "level"), LEVELS)
def test_level_from_cefr_code_or_words(text, level):
    assert level_from_text(text) == level


def _items(text):
    return [(item.language, item.level) for item in parse_language_items(text)]


LINES = [
    ("Français : langue maternelle", [("fr", "native")]),
    ("Anglais: courant (C1)", [("en", "C1")]),
    ("Espagnol – intermédiaire (B2)", [("es", "B2")]),
    ("English (native), French (B2), Spanish (basic)", [("en", "native"), ("fr", "B2"), ("es", "A2")]),
    ("Inglés\tAvanzado", [("en", "C1")]),
    ("Inglés — nivel avanzado (C1)", [("en", "C1")]),
    ("German: B1", [("de", "B1")]),
    ("Native: French; Fluent: English", [("fr", "native"), ("en", "C1")]),
    ("Native: French, Spanish; Fluent: English", [("fr", "native"), ("es", "native"), ("en", "C1")]),
    ("Arabic (Native or Bilingual)", [("ar", "native")]),
    ("English – Full professional proficiency", [("en", "C1")]),
    ("Langues : français (maternelle), anglais (courant)", [("fr", "native"), ("en", "C1")]),
    ("Wolof (langue maternelle)", [("wo", "native")]),
    ("English, French, Spanish", [("en", None), ("fr", None), ("es", None)]),
    ("Idiomas: Español (nativo), Inglés (B2)", [("es", "native"), ("en", "B2")]),
    ("Languages: English (C1), German (A2)", [("en", "C1"), ("de", "A2")]),
    ("Langue maternelle : français", [("fr", "native")]),
    ("Anglais – lu, écrit, parlé", [("en", None)]),
    ("• Allemand : notions", [("de", "A2")]),
    ("English and French", [("en", None), ("fr", None)]),
    ("Mandarin Chinese – HSK 5", [("zh", None)]),
    ("Languages: Go, Kotlin, Swift, Haskell, Julia", []),
    ("Skill level", []),
    ("Languages", []),
    ("English (native), Python", [("en", "native")]),
    ("Other languages: English (C1)", [("en", "C1")]),
    ("Nationalité : française", []),
    ("Français : natif ; Other languages: English, German", [("fr", "native"), ("en", None), ("de", None)]),
]


@pytest.mark.parametrize(("text", "expected"), LINES)
def test_parse_language_items_reads_each_language_and_level(text, expected):
    assert _items(text) == expected


def test_items_keep_the_exact_snippets():
    items = parse_language_items("Anglais: courant (C1), Espagnol – intermédiaire")
    assert [(item.language_text, item.level_text) for item in items] == [
        ("Anglais", "courant (C1)"),
        ("Espagnol", "intermédiaire"),
    ]


def test_level_of_a_label_applies_to_the_languages_after_it():
    items = parse_language_items("Fluent: English, German")
    assert [(item.language, item.level, item.level_text) for item in items] == [
        ("en", "C1", "Fluent"),
        ("de", "C1", "Fluent"),
    ]


def test_language_without_level_has_no_level_text():
    (item,) = parse_language_items("Portugais")
    assert (item.language, item.level, item.language_text, item.level_text) == ("pt", None, "Portugais", None)
