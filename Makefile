# The two commands of the README. Both set up what they need first (a local .venv).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE ?= fixtures/cvs/harriet-quenby-marsh-docx-single-column/cv.docx

.PHONY: run parse-sample test setup setup-test lint fixtures bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e .

setup-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

## run: set up and run the service with the embedded defaults (SQLite, a private Redis, 2 workers)
run: setup
	$(BIN)/prefill serve

## parse-sample: parse the bundled sample CV and print its draft profile
parse-sample: setup
	$(BIN)/prefill parse $(SAMPLE)

## test: set up and run the linter and the whole test suite
test: setup-test
	$(BIN)/ruff check prefill tests bench fixtures
	$(BIN)/pytest -q

lint: setup-test
	$(BIN)/ruff check prefill tests bench fixtures

## fixtures: regenerate the synthetic fixture CVs (deterministic)
fixtures: setup-test
	$(BIN)/python fixtures/generate.py
	$(BIN)/python fixtures/linkedin_zip.py
	$(BIN)/python fixtures/linkedin_pdf.py

## bench: accuracy on the fixtures and the local corpus, then speed
bench: setup-test
	$(BIN)/python bench/accuracy.py fixtures/cvs
	$(BIN)/python bench/speed.py
