# Two commands do everything on a fresh machine: `make ingest` and `make test`.
# The virtual environment is built from pyproject.toml when missing or older than it.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

RAW    ?= data/raw
OUT    ?= data/parsed

.DEFAULT_GOAL := help
.PHONY: help ingest test test-pdf lint format bench docs notebook clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

ingest: $(STAMP)  ## ingest data/raw into Parquet tables under data/parsed (options: ARGS="--prune")
	$(PY) -m pipeline ingest $(RAW) --out $(OUT) $(ARGS)

test: $(STAMP)  ## run the test suite
	$(PY) -m pytest

test-pdf: $(STAMP)  ## the whole PDF sweep: every source printed in every style, by fpdf2 and LibreOffice
	PDF_SWEEP=all $(PY) -m pytest tests/test_pdf_sweep.py

lint: $(STAMP)  ## check style with ruff
	$(PY) -m ruff check pipeline parsers tests
	$(PY) -m ruff format --check pipeline parsers tests

format: $(STAMP)  ## format the code with ruff
	$(PY) -m ruff format pipeline parsers tests
	$(PY) -m ruff check --fix pipeline parsers tests

bench: $(STAMP)  ## measure parse and ingest speed (not part of test)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m pipeline.bench

notebook: $(STAMP)  ## open notebooks/explore.ipynb in JupyterLab (installs it on first use)
	$(PY) -m pip install --quiet -e '.[test,notebook]'
	$(VENV)/bin/jupyter lab notebooks/explore.ipynb

docs: $(STAMP)  ## regenerate docs/ from the code
	$(PY) -m pipeline.docs

clean:  ## remove the parsed tables, reports and the virtual environment (not build/bench)
	rm -rf data/parsed data/.parsed.versions data/.parsed.lock reports $(VENV) .pytest_cache
