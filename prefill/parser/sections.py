"""Split a Document's lines into sections by their headings (English, French, Spanish and more).

A heading is recognised by its words (a dictionary of section names per language) or, failing
that, by its looks: a short line set apart from body text by a heading style, a larger font or
capitals. Lines before the first heading form the `header` section (name and contact block).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from prefill.parser.document import Block, Document, Line, split_line_at_tab
from prefill.parser.text import fold

HEADING_MAX_WORDS = 6
"""Headings are short; a longer line is body text even when bold."""

HEADING_SIZE_STEP = 1.0
"""A line this many points larger than the body text, in a short bold/caps form, is a heading."""

# Section key -> heading phrases (folded: lower-case, no accents). Several languages per key because
# CVs mix them (a French CV often keeps "Skills" or "Publications" in English).
_HEADINGS: dict[str, tuple[str, ...]] = {
    "experience": (
        "experience",
        "experiences",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "professional background",
        "career",
        "relevant experience",
        "professional history",
        "positions held",
        "vocational",
        "experience professionnelle",
        "experiences professionnelles",
        "parcours professionnel",
        "emplois",
        "carriere",
        "experience de travail",
        "parcours",
        "experiencia",
        "experiencia laboral",
        "experiencia profesional",
        "trayectoria profesional",
        "historial laboral",
        "experiencias",
        "vocacional",
        "berufserfahrung",
        "berufliche erfahrung",
        "esperienza",
        "esperienze professionali",
        "esperienza professionale",
        "esperienza lavorativa",
        "experiencia professional",
        "experiencia profissional",
    ),
    "education": (
        "education",
        "academic background",
        "education and training",
        "academic qualifications",
        "qualifications",
        "studies",
        "academic history",
        "educational background",
        "training",
        "formation",
        "formations",
        "etudes",
        "diplomes",
        "formation academique",
        "cursus",
        "formation et diplomes",
        "diplomes et formations",
        "parcours academique",
        "scolarite",
        "formacion",
        "formacion academica",
        "estudios",
        "educacion",
        "titulaciones",
        "formacion profesional",
        "estudios realizados",
        "ausbildung",
        "bildungsweg",
        "istruzione",
        "formazione",
        "istruzione e formazione",
        "educacao",
        "formacao",
        "formacao academica",
    ),
    "languages": (
        "languages",
        "language skills",
        "language",
        "spoken languages",
        "foreign languages",
        "langues",
        "competences linguistiques",
        "langues parlees",
        "langue",
        "idiomas",
        "lenguas",
        "idioma",
        "conocimientos de idiomas",
        "sprachen",
        "sprachkenntnisse",
        "lingue",
        "conoscenze linguistiche",
        "linguas",
    ),
    "skills": (
        "skills",
        "technical skills",
        "key skills",
        "core skills",
        "competencies",
        "core competencies",
        "expertise",
        "areas of expertise",
        "technologies",
        "tools",
        "it skills",
        "computer skills",
        "software",
        "skills and expertise",
        "technical expertise",
        "top skills",
        "abilities",
        "competences",
        "competences techniques",
        "competences cles",
        "savoir-faire",
        "outils",
        "informatique",
        "competences informatiques",
        "aptitudes",
        "connaissances",
        "habilidades",
        "competencias",
        "conocimientos",
        "aptitudes",
        "herramientas",
        "conocimientos de computacion",
        "conocimientos informaticos",
        "informatica",
        "habilidades tecnicas",
        "competencias tecnicas",
        "principales competences",
        "kenntnisse",
        "fahigkeiten",
        "competenze",
        "competencias principales",
        "aptitudes principales",
        "skills & tools",
    ),
    "certifications": (
        "certifications",
        "certificates",
        "certification",
        "licenses and certifications",
        "licenses & certifications",
        "courses",
        "training and certifications",
        "certificats",
        "certifications et formations",
        "formations complementaires",
        "certificaciones",
        "certificados",
        "cursos",
        "zertifikate",
        "certificazioni",
    ),
    "summary": (
        "summary",
        "profile",
        "professional summary",
        "about me",
        "about",
        "objective",
        "career objective",
        "personal statement",
        "overview",
        "executive summary",
        "introduction",
        "profil",
        "profil professionnel",
        "resume",
        "a propos",
        "objectif",
        "presentation",
        "perfil",
        "perfil profesional",
        "resumen",
        "extracto",
        "sobre mi",
        "objetivo",
        "profilo",
        "kurzprofil",
    ),
    "personal": (
        "personal information",
        "personal details",
        "personal data",
        "personal info",
        "contact",
        "contact information",
        "contact details",
        "details",
        "informations personnelles",
        "etat civil",
        "coordonnees",
        "renseignements personnels",
        "contact info",
        "datos personales",
        "informacion personal",
        "contacto",
        "contactar",
        "datos de contacto",
        "personliche daten",
        "dati personali",
        "informacoes pessoais",
    ),
    "references": (
        "references",
        "referees",
        "references available upon request",
        "referencias",
        "referencias personales",
        "referencias laborales",
        "referenzen",
        "referenze",
    ),
    "other": (
        "projects",
        "personal projects",
        "selected projects",
        "publications",
        "selected publications",
        "awards",
        "honors",
        "honours",
        "honors & awards",
        "honors-awards",
        "awards and honors",
        "interests",
        "hobbies",
        "activities",
        "extracurricular activities",
        "volunteering",
        "volunteer experience",
        "volunteer work",
        "leadership",
        "memberships",
        "affiliations",
        "professional memberships",
        "patents",
        "talks",
        "presentations",
        "conferences",
        "teaching",
        "research",
        "extra",
        "master thesis",
        "thesis",
        "additional information",
        "miscellaneous",
        "misc",
        "cover letter",
        "projets",
        "publications",
        "distinctions",
        "prix",
        "centres d'interet",
        "loisirs",
        "interets",
        "benevolat",
        "activites",
        "engagement associatif",
        "vie associative",
        "informations complementaires",
        "divers",
        "recompenses",
        "memoire",
        "proyectos",
        "publicaciones",
        "premios",
        "distinciones",
        "intereses",
        "aficiones",
        "voluntariado",
        "actividades",
        "otros",
        "informacion adicional",
        "tesis de maestria",
        "misceláneo",
        "miscelaneo",
        "reconocimientos",
        "logros",
        "projekte",
        "interessen",
        "progetti",
        "pubblicazioni",
        "interessi",
    ),
}

_LABEL_ROW = re.compile(r"[:：]\s*\S")
"""`Languages: Python, C++` is a labelled row of content, not a heading."""

_PHRASE_TO_KEY = {phrase: key for key, phrases in _HEADINGS.items() for phrase in phrases}
_NUMBERING = re.compile(r"^(?:\d+[.)]|[ivx]+[.)]|[a-z][.)])\s+")
_TRAILING = re.compile(r"[\s:：.·•|/\-–—_]+$")
_LEADING_SYMBOLS = re.compile(r"^[^\w(]+")


@dataclass(slots=True)
class Section:
    key: str
    """`header` (before the first heading), one of the heading keys above, or `unknown`."""
    heading: Line | None
    lines: list[tuple[Block, Line]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.text.strip() if self.heading else ""


def heading_key(text: str) -> str | None:
    """The section a heading's words name, or None. Accepts `Experience:` or `2. Formation`."""
    folded = _normalise_heading(text)
    if not folded:
        return None
    key = _PHRASE_TO_KEY.get(folded)
    if key is None and "&" in folded or key is None and " and " in folded or key is None and " et " in folded:
        # "Skills & Languages", "Compétences et langues": the first named section wins.
        first = re.split(r"\s*(?:&| and | et | y | und )\s*", folded)[0]
        key = _PHRASE_TO_KEY.get(first)
    return key


def _normalise_heading(text: str) -> str:
    folded = fold(text.replace("\t", " "))
    folded = _LEADING_SYMBOLS.sub("", folded)
    folded = _NUMBERING.sub("", folded)
    return _TRAILING.sub("", folded)


SUBHEADING_MAX_WORDS = 2
"""A lower-ranked heading this short inside a section is a label, dropped; a longer one is content
(a certificate or a job printed in a Heading 2 style)."""

MAIN_KEYS = frozenset(
    {"experience", "education", "languages", "skills", "certifications", "summary", "personal", "references"}
)
"""Sections that always start anew, even under a heading of a higher rank."""


def split_sections(document: Document) -> list[Section]:
    lines = list(document.lines())
    body_size = _body_font_size(line for _, line in lines)
    sections = [Section(key="header", heading=None)]
    current_rank: tuple[int, float] | None = None
    for block, line in lines:
        if block.region in ("header", "footer"):
            # Running header and footer lines (name, contact, page label) belong to no section.
            sections[0].lines.append((block, line))
            continue
        key = _heading_of(block, line, body_size)
        if key is not None and not _starts_section(key, _rank(block, line), sections, current_rank):
            if len(sections) > 1 and len(line.text.split()) <= SUBHEADING_MAX_WORDS:
                continue  # a sub-heading label ("Freelance", "Miscellaneous") is not content
            key = None
        if key is not None:
            sections.append(Section(key=key, heading=line))
            current_rank = _rank(block, line)
            continue
        first_cell, rest = _split_first_cell(line)
        key = heading_key(first_cell.text) if rest is not None and _is_standalone(first_cell.text) else None
        if key is not None and rest is not None:
            # A heading printed in a left column beside the section's first entry.
            sections.append(Section(key=key, heading=first_cell))
            sections[-1].lines.append((block, rest))
        else:
            sections[-1].lines.append((block, line))
    return sections


def _starts_section(
    key: str, rank: tuple[int, float], sections: list[Section], current_rank: tuple[int, float] | None
) -> bool:
    if len(sections) == 1:
        # Before the first named section a styled line is the name or the headline, not a heading.
        return key != "unknown"
    lower = current_rank is not None and rank < current_rank
    if key in MAIN_KEYS:
        # Another main section starts anew even in smaller type; the same one repeated lower is a sub-heading.
        return not (lower and key == sections[-1].key)
    # A heading of lower rank than the current section's is a sub-heading inside it
    # ("Freelance" under "Experience", a job printed in a Heading 2 under a Heading 1).
    return not lower


def _rank(block: Block, line: Line) -> tuple[int, float]:
    """Higher is more important: a DOCX heading level first (Heading 1 > Heading 2), then size."""
    level = 0
    if block.style:
        match = re.search(r"(\d+)$", block.style)
        if block.style.lower().startswith(("heading", "titre", "título")):
            level = 10 - int(match.group(1)) if match else 9
    return level, round(line.size, 1)


def _split_first_cell(line: Line) -> tuple[Line, Line | None]:
    """The line's first non-empty tab-separated cell and the rest (None when there is no rest)."""
    head, tail = split_line_at_tab(line)
    if tail is None or not head.text.strip() or not tail.text.strip():
        return line, None
    return head, tail


def _heading_of(block: Block, line: Line, body_size: float) -> str | None:
    text = line.text.strip()
    if not text or len(text.split()) > HEADING_MAX_WORDS or "\t" in text or _LABEL_ROW.search(text):
        return None
    key = heading_key(text)
    if key is not None:
        # A dictionary word at the start of a sentence ("Experience with Python") is not a heading:
        # require a heading form, or a line that is nothing but the heading word(s).
        if _looks_like_heading(block, line, body_size) or _is_standalone(text):
            return key
        return None
    if _looks_like_heading(block, line, body_size, strict=True):
        return "unknown"
    return None


def _is_standalone(text: str) -> bool:
    return not any(ch.isdigit() for ch in text) and not text.rstrip().endswith((".", ","))


def _looks_like_heading(block: Block, line: Line, body_size: float, *, strict: bool = False) -> bool:
    text = line.text.strip()
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or any(ch.isdigit() for ch in text) or "@" in text:
        return False
    styled = bool(block.style) and block.style.lower().startswith(("heading", "titre", "título", "title"))
    upper = sum(ch.isupper() for ch in letters) == len(letters) and len(letters) >= 4
    larger = body_size > 0 and line.size >= body_size + HEADING_SIZE_STEP
    if strict:
        # Unknown headings end the previous section; be sure: a heading style, or caps/size with bold,
        # and no sentence punctuation.
        if text.endswith((".", ",", ";")) or "," in text:
            return False
        return (
            styled or (upper and (line.bold or larger)) or (larger and line.bold and len(text.split()) <= 3)
        )
    return styled or upper or larger or line.bold or text.endswith(":")


def _body_font_size(lines: Iterable[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.size:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0
