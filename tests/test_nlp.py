"""spaCy pipelines: the cue ruler on blank pipelines, and parsing with no statistical model."""

from __future__ import annotations

import logging

import spacy
from conftest import FIXTURE_CVS

from prefill.parser import nlp as nlp_module
from prefill.parser import parse_file
from prefill.parser.nlp import CUES_KEY, pipeline


def test_cue_ruler_marks_titles_organisations_degrees_and_schools_on_a_blank_pipeline():
    nlp = spacy.blank("fr")
    nlp.add_pipe("prefill_cues")
    doc = nlp("Ingénieur logiciel chez Acme SA, Master en informatique, Université de Genève")
    labels = {(span.text, span.label_) for span in doc.spans[CUES_KEY]}
    assert {("Ingénieur", "TITLE"), ("Master", "DEGREE"), ("Université", "SCHOOL")} <= labels


def test_pipelines_keep_only_the_components_the_parser_uses():
    english = pipeline("en")
    assert english.pipe_names[-1] == "prefill_cues"
    assert "parser" not in english.pipe_names and "lemmatizer" not in english.pipe_names


def test_pipeline_is_loaded_once_per_process():
    assert pipeline("fr") is pipeline("fr")


def test_parser_works_with_rules_only_when_a_model_is_missing(monkeypatch, caplog):
    monkeypatch.setitem(nlp_module.MODELS, "en", ("no_such_model_package",))
    pipeline.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="prefill.parser.nlp"):
            path = next(p for p in FIXTURE_CVS if "harriet" in p.parent.name and p.suffix == ".docx")
            draft = parse_file(path)
        assert draft.experience and draft.experience[0].employer is not None
        assert any("rules only" in record.getMessage() for record in caplog.records)
    finally:
        pipeline.cache_clear()
