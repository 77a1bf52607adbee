"""Spoken languages and their levels: `Français : langue maternelle`, `English (native), French (B2)`,
`Inglés — nivel avanzado (C1)`, `Native: French; Fluent: English`.

Language names come from pycountry's ISO 639 table (English names) and its gettext catalogues (French and
Spanish names), plus a short hand list of everyday variants and native names. Levels are CEFR codes or
`native`, from the word table of DESIGN.md §3; an explicit CEFR code wins over words.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass

import pycountry

from prefill.parser.text import fold

MIN_NAME_CHARS = 3
"""Shortest Latin-script language name accepted (so two-letter words and codes never match)."""

MAX_NAME_WORDS = 3
"""Most words in a language name (`Norwegian Nynorsk`, `Scottish Gaelic`)."""

_TRANSLATIONS = ("fr", "es")

# Everyday names pycountry does not give, native names, and French feminine adjectives
# ("langue française").
_EXTRA_NAMES = {
    "en": ("anglaise", "inglese", "englisch", "ingles", "inglês"),
    "fr": ("française", "francese", "französisch", "francês"),
    "es": ("castellano", "castillan", "espanhol", "spagnolo", "spanisch", "espagnole", "castilian"),
    "de": ("deutsch", "allemande", "tedesco", "alemão"),
    "it": ("italiano", "italienne", "italienisch"),
    "pt": ("português", "portugaise", "portoghese", "portugiesisch", "brazilian portuguese"),
    "zh": (
        "mandarin",
        "mandarín",
        "mandarin chinese",
        "chinese mandarin",
        "cantonese",
        "cantonais",
        "cantonés",
        "chinoise",
        "putonghua",
        "中文",
        "汉语",
        "普通话",
    ),
    "ar": ("arabe", "arabic", "العربية"),
    "ru": ("русский",),
    "fa": ("farsi", "dari"),
    "sw": ("kiswahili", "swahili"),
    "el": ("greek", "grec", "griego", "ελληνικά"),
    "nl": ("nederlands", "flemish", "flamand", "flamenco", "holandés", "néerlandaise"),
    "ja": ("japonaise", "日本語"),
    "ko": ("coréenne", "한국어"),
    "pl": ("polski", "polonaise"),
    "tr": ("türkçe", "turque"),
    "sv": ("svenska", "suédoise"),
    "ca": ("català", "valencian", "valencià", "valenciano", "valencien"),
    "ms": ("malay", "bahasa melayu", "malaysian"),
    "id": ("bahasa indonesia", "bahasa"),
    "ne": ("nepali", "népalais"),
    "pa": ("punjabi",),
    "ps": ("pashto", "pachto"),
    "ht": ("haitian creole", "créole haïtien", "creole haitiano"),
    "uk": ("українська", "ucraniano"),
    "he": ("עברית",),
    "hi": ("हिन्दी",),
    "ro": ("română",),
    "da": ("dansk",),
    "no": ("norsk",),
    "fi": ("suomi",),
    "cs": ("čeština",),
    "hu": ("magyar",),
    "vi": ("tiếng việt",),
    "ff": ("fula", "fulani", "pulaar", "fulfulde"),
    "ln": ("lingála",),
    "or": ("odia",),
    "ky": ("kyrgyz",),
    "ug": ("uyghur",),
}

# Names in the ISO table that are more often ordinary words in a CV than languages.
_STOP_NAMES = frozenset({"cri", "ido", "venda", "ewe", "bahasa"})

# Strips pycountry qualifiers: "Swahili (macrolanguage)", "Modern Greek (1453-)", "Manx [Gaélico de Manx]".
_QUALIFIER = re.compile(r"\s*[(\[].*?[)\]]")


def _fold_name(name: str) -> str:
    return fold(_QUALIFIER.sub("", name)).strip(" .,;:-")


def _name_table() -> dict[str, str]:
    catalogues = [
        gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[code], fallback=True)
        for code in _TRANSLATIONS
    ]
    table: dict[str, str] = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code is None:
            continue
        names = [language.name, getattr(language, "common_name", None)]
        names += [catalogue.gettext(language.name) for catalogue in catalogues]
        for name in filter(None, names):
            for part in name.split(";"):
                table.setdefault(_fold_name(part), code)
    for code, names in _EXTRA_NAMES.items():
        for name in names:
            table[_fold_name(name)] = code
    return {
        name: code
        for name, code in table.items()
        if name not in _STOP_NAMES and (len(name) >= MIN_NAME_CHARS or not name.isascii())
    }


_NAMES = _name_table()


def language_code(name: str) -> str | None:
    """ISO 639-1 code of a language name in English, French, Spanish or the language itself; None for
    anything else (programming languages and ordinary words included)."""
    return _NAMES.get(_fold_name(name))


# --- levels -------------------------------------------------------------------------------------------

_CEFR = re.compile(r"(?<![\w])([abc][12])(?![\w])\+?", re.IGNORECASE)

# DESIGN.md §3 word table, with the LinkedIn phrases and a few common extras (folded: lower case, no
# accents). Longer phrases are tried first, so "upper intermediate" is not read as "intermediate".
_LEVEL_WORDS = {
    "native": (
        "native",
        "native speaker",
        "native or bilingual",
        "native or bilingual proficiency",
        "mother tongue",
        "mother-tongue",
        "first language",
        "bilingual",
        "langue maternelle",
        "langue natale",
        "maternelle",
        "natif",
        "native",
        "bilingue",
        "nativo",
        "nativa",
        "lengua materna",
        "idioma materno",
        "lengua nativa",
    ),
    # "proficient" is read as C1: it says the speaker works in the language without effort, as "fluent".
    "C1": (
        "fluent",
        "fluently",
        "fluency",
        "advanced",
        "proficient",
        "full professional",
        "full professional proficiency",
        "courant",
        "couramment",
        "avance",
        "avancee",
        "fluide",
        "fluido",
        "fluida",
        "avanzado",
        "avanzada",
    ),
    "B2": (
        "upper intermediate",
        "upper-intermediate",
        "professional working",
        "professional working proficiency",
        "intermediaire superieur",
        "intermedio alto",
        "intermedio-alto",
    ),
    "B1": (
        "intermediate",
        "intermediaire",
        "intermedio",
        "intermedia",
        "conversational",
        "working knowledge",
        "limited working",
        "limited working proficiency",
        "lower intermediate",
        "pre-intermediate",
    ),
    "A2": (
        "basic",
        "elementary",
        "elementary proficiency",
        "notions",
        "notions de base",
        "scolaire",
        "basico",
        "basica",
        "elemental",
        "basic knowledge",
    ),
    "A1": ("beginner", "debutant", "debutante", "principiante", "initiation"),
}
_LEVEL_OF = {phrase: level for level, phrases in _LEVEL_WORDS.items() for phrase in phrases}
_LEVEL_PHRASE = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(p) for p in sorted(_LEVEL_OF, key=len, reverse=True)) + r")(?![\w])"
)


def level_from_text(text: str) -> str | None:
    """CEFR level (`"A1"`..`"C2"`) or `"native"` stated in the text; None when it states none.

    A CEFR code anywhere wins over words; of two codes (`A1/A2`) the first is taken."""
    code = _CEFR.search(text)
    if code:
        return code[1].upper()
    phrase = _LEVEL_PHRASE.search(fold(text))
    return _LEVEL_OF[phrase[1]] if phrase else None


# --- lines of a Languages section -----------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class LanguageItem:
    """One language named in a line, with its level and the exact snippets they were read from."""

    language: str
    """ISO 639-1 code."""
    level: str | None
    """CEFR code or `"native"`; None when the line gives none."""
    language_text: str
    level_text: str | None


_LABEL = re.compile(
    r"\s*(?:(?:spoken|foreign|other)\s+)?(?:languages?|langues?|idiomas?|lenguas?|sprachen|lingue|l[íi]nguas?)"
    r"(?:\s+(?:parl[ée]es?|[ée]trang[èe]res?|extranjeros?))?\s*(?:\([^)]*\))?\s*[:：\-–—]\s*",
    re.IGNORECASE,
)
_SEGMENT_SEPARATORS = re.compile(r"[;|•·▪●]")
_ITEM_SEPARATORS = re.compile(r",|\s+(?:and|et|y|e|und|&)\s+", re.IGNORECASE)
_NAME_WORDS = re.compile(rf"[^\W\d_]+(?:[ '’\-][^\W\d_]+){{0,{MAX_NAME_WORDS - 1}}}")
_LEADING = re.compile(r"[\s\-–—•·*▪►●○◦:=]+")
_LEVEL_EDGES = " \t-–—:=,.;/"
_LABELLED = re.compile(r"(?P<label>[^:：\t]+?)\s*[:：\t]\s*(?P<rest>\S.*)$", re.DOTALL)


@dataclass(slots=True)
class _Item:
    begin: int
    stop: int
    language: str
    language_text: str
    level_begin: int
    level_stop: int


def _item_spans(text: str, begin: int, stop: int) -> list[tuple[int, int]]:
    """Spans of text[begin:stop] cut at commas and `and`/`et`/`y` outside parentheses."""
    spans, start = [], begin
    for found in _ITEM_SEPARATORS.finditer(text, begin, stop):
        enclosed = text[start : found.start()]
        if enclosed.count("(") + enclosed.count("[") > enclosed.count(")") + enclosed.count("]"):
            continue
        spans.append((start, found.start()))
        start = found.end()
    spans.append((start, stop))
    return spans


def _leading_language(text: str, begin: int, stop: int) -> _Item | None:
    """The language named at the start of text[begin:stop] (longest name first) and the rest as level."""
    lead = _LEADING.match(text, begin, stop)
    begin = lead.end() if lead else begin
    words = _NAME_WORDS.match(text, begin, stop)
    if words is None:
        return None
    candidate = words[0]
    while candidate:
        code = language_code(candidate)
        if code is not None:
            name_stop = begin + len(candidate)
            return _Item(begin, stop, code, candidate, name_stop, stop)
        candidate = re.sub(r"[ '’\-]?[^ '’\-]+$", "", candidate)
    return None


def _level_span(text: str, begin: int, stop: int) -> tuple[int, int]:
    """text[begin:stop] without separators around it or parentheses wrapping it whole."""
    while begin < stop and text[begin] in _LEVEL_EDGES:
        begin += 1
    while stop > begin and text[stop - 1] in _LEVEL_EDGES:
        stop -= 1
    if stop - begin >= 2 and text[begin] == "(" and _closing_paren(text, begin) == stop - 1:
        return _level_span(text, begin + 1, stop - 1)
    return begin, stop


def _closing_paren(text: str, opening: int) -> int | None:
    depth = 0
    for index in range(opening, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return None


def _open_level(text: str, item: _Item) -> bool:
    """The item has a level after a dash or colon that a comma may have cut (`Anglais – lu, écrit`)."""
    level = text[item.level_begin : item.level_stop].strip(_LEVEL_EDGES)
    return bool(level) and not level.endswith(")")


def _as_result(
    text: str, item: _Item, level: str | None = None, level_text: str | None = None
) -> LanguageItem:
    if level_text is None:
        begin, stop = _level_span(text, item.level_begin, item.level_stop)
        level_text = text[begin:stop] or None
        level = level_from_text(level_text) if level_text else None
    return LanguageItem(item.language, level, item.language_text, level_text)


def _segment_items(text: str, begin: int, stop: int) -> list[LanguageItem]:
    """The languages of one `;`-separated segment: `French (native), English (B2)` or `Native: French`."""
    result: list[LanguageItem] = []
    carried: tuple[str | None, str] | None = None  # (level, level_text) of a `Fluent: ...` label
    previous: _Item | None = None
    for item_begin, item_stop in _item_spans(text, begin, stop):
        item = _leading_language(text, item_begin, item_stop)
        labelled = _LABELLED.match(text, item_begin, item_stop) if item is None else None
        if labelled:
            label_text = labelled["label"].strip()
            item = _leading_language(text, labelled.start("rest"), item_stop)
            label_level = level_from_text(label_text)
            carried = (label_level, label_text) if label_level else None
            if label_level is None and not _LABEL.match(text, labelled.start(), labelled.start("rest")):
                continue  # another field's label (`Nationalité : française`), not a language's
        if item is None:
            if previous is not None and _open_level(text, previous):
                # `Anglais – lu, écrit, parlé`: the commas were inside the level
                previous.level_stop = item_stop
                result[-1] = _as_result(text, previous)
            continue
        level_span = _level_span(text, item.level_begin, item.level_stop)
        if carried and level_span[0] == level_span[1]:
            result.append(_as_result(text, item, *carried))
        else:
            result.append(_as_result(text, item))
        previous = item
    return result


def parse_language_items(text: str) -> list[LanguageItem]:
    """The languages named in one line of a Languages section, with their levels, in order.

    A label such as `Languages:` / `Langues :` / `Idiomas:` is skipped; names that are not languages
    (`Python`, `SQL`) give nothing."""
    label = _LABEL.match(text)
    begin = label.end() if label else 0
    result: list[LanguageItem] = []
    for segment_begin, segment_stop in _spans(text, begin, _SEGMENT_SEPARATORS):
        result.extend(_segment_items(text, segment_begin, segment_stop))
    return result


def _spans(text: str, begin: int, separators: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, start = [], begin
    for found in separators.finditer(text, begin):
        spans.append((start, found.start()))
        start = found.end()
    spans.append((start, len(text)))
    return spans
