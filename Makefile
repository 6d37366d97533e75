# Two commands matter: `make site` (build the sample site into site/) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

HANDBOOK := build/handbook

.PHONY: site docs test validate lint bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The authors' handbook (docs/, MkDocs) is built into $(HANDBOOK)/ and copied by `build` into site/handbook/.
site: docs
	$(PY) -m generator build content -o site --handbook $(HANDBOOK)

docs: $(STAMP)
	$(PY) docs/build_handbook.py $(HANDBOOK)

validate: $(STAMP)
	$(PY) -m generator validate content

test: $(STAMP)
	bash tests/browser/install.sh
	$(PY) -m ruff check generator tests bench docs
	$(PY) -m mypy
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf site .site.* build .govreport-cache $(VENV) .pytest_cache .mypy_cache .ruff_cache tests/browser/node_modules bench/corpus bench/site
