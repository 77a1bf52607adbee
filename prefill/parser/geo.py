"""Countries and nationalities as ISO 3166-1 alpha-2 codes, from English, French and Spanish words.

Country names come from pycountry (name, official and common names, and its French and Spanish
gettext translations) plus a hand list of local names and usual variants. Nationality adjectives
come from `prefill/data/nationalities.json`, whose French and Spanish feminine and plural forms are
generated here. Matching ignores case, accents and punctuation.
"""

from __future__ import annotations

import gettext
import json
import re
import unicodedata
from importlib import resources

import phonenumbers
import pycountry

TRANSLATION_LANGUAGES = ("fr", "es")
"""Languages whose pycountry translations of country names are accepted."""

# Local names, short forms and abbreviations pycountry does not carry. Hand-listed because they are
# what CVs print; the keys are matched after normalisation like every other name.
_COUNTRY_VARIANTS = {
    "GB": "UK, U.K., Great Britain, Britain, England, Scotland, Wales, Northern Ireland, Grande-Bretagne, "
    "Angleterre, Écosse, Pays de Galles, Gran Bretaña, Inglaterra, Escocia, Gales",
    "US": "USA, U.S.A., US, U.S., United States, United States of America, America, États-Unis, "
    "Etats-Unis d'Amérique, Estados Unidos, EE. UU., EEUU, EUA",
    "NL": "Holland, The Netherlands, Hollande, Holanda, Nederland",
    "DE": "Deutschland",
    "CH": "Schweiz, Suisse, Svizzera, Svizra, Confederation Helvetique",
    "AT": "Österreich",
    "BE": "Belgique, België, Belgien",
    "IT": "Italia",
    "ES": "España",
    "MX": "México, Mexique",
    "BR": "Brasil",
    "TR": "Türkiye, Turkey, Turquie, Turquía",
    "CI": "Côte d'Ivoire, Ivory Coast, Costa de Marfil",
    "CD": "DRC, RDC, DR Congo, RD Congo, Congo-Kinshasa, Democratic Republic of the Congo",
    "CG": "Congo-Brazzaville, Republic of the Congo",
    "KR": "Korea, South Korea, Corée du Sud, Corea del Sur",
    "KP": "North Korea, Corée du Nord, Corea del Norte",
    "RU": "Russia, Russie, Rusia",
    "CZ": "Czech Republic, République tchèque, República Checa, Tchéquie, Chequia",
    "VN": "Vietnam, Viêt Nam",
    "LA": "Laos",
    "SY": "Syria, Syrie, Siria",
    "MK": "Macedonia, North Macedonia, Macédoine, Macedonia del Norte",
    "MM": "Burma, Birmanie",
    "CV": "Cape Verde, Cap-Vert",
    "SZ": "Swaziland",
    "PS": "Palestine, Palestina",
    "TW": "Taiwan, Taïwan, Taiwán",
    "IR": "Iran, Irán",
    "VE": "Venezuela, Vénézuela",
    "BO": "Bolivia, Bolivie",
    "TZ": "Tanzania, Tanzanie",
    "MD": "Moldova, Moldavie, Moldavia",
    "AE": "UAE, U.A.E., Emirates, EAU, Émirats arabes unis, Emiratos Árabes Unidos",
    "SA": "Saudi Arabia, KSA, Arabie saoudite, Arabia Saudita, Arabia Saudí",
    "PL": "Polska",
    "SE": "Sverige",
    "NO": "Norge",
    "DK": "Danmark",
    "FI": "Suomi",
    "PE": "Perú",
}

_ARTICLES = ("the ", "la ", "le ", "les ", "el ", "los ", "las ", "l ")
"""Leading articles dropped before a lookup ("la Suisse", "the Netherlands", "l'Espagne")."""

_NATIONALITY_SEPARATORS = re.compile(r"\s*(?:[/,;&+]|\band\b|\bet\b|\by\b|\bor\b|\bou\b|\bo\b)\s*", re.I)
"""What joins several nationalities in one value ("Swiss / French", "française et suisse")."""

_NATIONALITY_NOISE = re.compile(
    r"\b(?:citizen(?:ship)?|national(?:ity)?|passport|holder|dual|double|de nationalit[eé]|"
    r"nationalit[eé]|citoyen(?:ne)?|nacionalidad|ciudadan[oa])\b",
    re.I,
)
"""Words that may surround a nationality adjective and carry no country."""


def _normalise(text: str) -> str:
    """Lower case, no accents, dots dropped (U.S.A. -> usa), other punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = plain.replace(".", "").replace("ß", "ss")
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def _name_variants(name: str) -> list[str]:
    """A name and, for inverted or qualified forms ("Bolivia, Plurinational State of",
    "Saint Martin (French part)"), the part before the comma or parenthesis."""
    variants = [name]
    short = re.split(r"[,(]", name, maxsplit=1)[0].strip()
    if short and short != name:
        variants.append(short)
    return variants


def _build_country_table() -> dict[str, str]:
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in TRANSLATION_LANGUAGES
    ]
    full: dict[str, str] = {}
    short: dict[str, str] = {}
    for country in pycountry.countries:
        names = [country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)]
        names = [n for n in names if n]
        names += [t.gettext(n) for t in translations for n in names]
        for name in names:
            full_name, *shorter = _name_variants(name)
            full.setdefault(_normalise(full_name), country.alpha_2)
            for variant in shorter:
                short.setdefault(_normalise(variant), country.alpha_2)
    table = {**short, **full}
    for code, variants in _COUNTRY_VARIANTS.items():
        table.update({_normalise(v): code for v in variants.split(", ")})
    return table


def _french_forms(masculine: str) -> list[str]:
    if masculine.endswith("e"):
        feminine = masculine
    elif masculine.endswith("en"):
        feminine = masculine + "ne"
    else:
        feminine = masculine + "e"
    plural = masculine if masculine.endswith(("s", "x")) else masculine + "s"
    return [masculine, feminine, plural, feminine + "s"]


def _spanish_forms(masculine: str) -> list[str]:
    plain = _normalise(masculine)
    if plain.endswith("o"):
        stem = masculine[:-1]
        return [masculine, stem + "a", stem + "os", stem + "as"]
    if plain.endswith(("es", "an")) and masculine[-2] in "éá":
        stem = masculine[:-2] + plain[-2] + masculine[-1]
        return [masculine, stem + "a", stem + "es", stem + "as"]
    if plain.endswith(("e", "a", "i", "u")):
        return [masculine, masculine + "s", masculine + "es"]
    return [masculine, masculine + "a", masculine + "es", masculine + "as"]


def _build_nationality_table() -> dict[str, str]:
    raw = json.loads(resources.files("prefill").joinpath("data/nationalities.json").read_text("utf-8"))
    table: dict[str, str] = {}
    for code, entry in raw.items():
        if code.startswith("_"):
            continue
        english, french, spanish = (part.split(", ") for part in entry.split(" | "))
        forms = list(english)
        forms += [form for word in french for form in _french_forms(word)]
        forms += [form for word in spanish for form in _spanish_forms(word)]
        for form in forms:
            table.setdefault(_normalise(form), code)
    return table


_COUNTRIES = _build_country_table()
_NATIONALITIES = _build_nationality_table()
_ALPHA3 = {country.alpha_3: country.alpha_2 for country in pycountry.countries}


def _strip_article(key: str) -> str:
    for article in _ARTICLES:
        if key.startswith(article):
            return key[len(article) :]
    return key


def country_code(text: str) -> str | None:
    """ISO 3166-1 alpha-2 of a country name ("Suisse", "EE. UU.", "FRA"), or None.

    Bare two-letter codes are never accepted ("CA" in "San Francisco, CA" is a state); three-letter
    codes only when written in capitals.
    """
    stripped = text.strip().strip(".,;:()")
    if re.fullmatch(r"[A-Z]{3}", stripped) and stripped in _ALPHA3:
        return _ALPHA3[stripped]
    key = _normalise(stripped)
    if len(key) < 3 and key not in ("us", "uk"):
        return None
    if key in ("us", "uk") and not stripped.replace(".", "").isupper():
        return None  # "us" the pronoun
    return _COUNTRIES.get(key) or _COUNTRIES.get(_strip_article(key))


def _nationality_of_part(part: str) -> str | None:
    key = _normalise(_NATIONALITY_NOISE.sub(" ", part))
    if not key:
        return None
    code = _NATIONALITIES.get(key) or _NATIONALITIES.get(_strip_article(key))
    if code:
        return code
    code = country_code(part)
    if code:
        return code
    # A nationality inside a short phrase ("Swiss-born"): the first word that is one.
    words = key.split()
    return next((_NATIONALITIES[word] for word in words if word in _NATIONALITIES), None)


def nationality_code(text: str) -> str | None:
    """ISO 3166-1 alpha-2 of a nationality adjective or country name, in English, French or Spanish.

    Several nationalities ("Swiss / French", "française et suisse") give the first one.
    """
    whole = _nationality_of_part(text)
    if whole:
        return whole
    for part in _NATIONALITY_SEPARATORS.split(text):
        code = _nationality_of_part(part)
        if code:
            return code
    return None


def phone_region(country: str | None) -> str | None:
    """The phonenumbers region for a country given as an alpha-2 code or a name, or None."""
    if not country:
        return None
    code = country.upper() if re.fullmatch(r"[A-Za-z]{2}", country) else country_code(country)
    return code if code in phonenumbers.SUPPORTED_REGIONS else None
