# Two commands matter: `make site` (build the sample site into site/) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Debian packages the build needs: the CJK font of charts and PDFs; and, for `make bench`'s comparison of Typst with
# WeasyPrint (the former PDF engine), WeasyPrint's Pango and HarfBuzz subsetter. Installed when missing (root or sudo).
DEBS := fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

HANDBOOK := build/handbook

.PHONY: site docs test validate lint bench clean system golden fuzz

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

system:
	@command -v dpkg >/dev/null || { echo "not Debian: install by hand: $(DEBS)"; exit 0; }; \
	missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

# The authors' handbook (docs/, MkDocs) is built into $(HANDBOOK)/ and copied by `build` into site/handbook/.
site: docs system
	$(PY) -m generator build content -o site --handbook $(HANDBOOK)

docs: $(STAMP)
	$(PY) docs/build_handbook.py $(HANDBOOK)

validate: $(STAMP)
	$(PY) -m generator validate content

test: $(STAMP) system
	bash tests/browser/install.sh
	$(PY) -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
	$(PY) -m ruff check generator tests bench docs
	$(PY) -m mypy
	$(PY) -m pytest

# Golden files of the whole sample site (tests/golden/site/): rewrite them after an intended change of the output.
golden: $(STAMP) system
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py

# A long random campaign against the YAML reader, the narrative and the importer (minutes; not in CI, which runs
# ~60 examples, ~20 for the importer):
# prints, per test, how many inputs were tried, and every failure with the input that caused it.
FUZZ_EXAMPLES ?= 20000
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -p no:randomly -p no:cacheprovider tests/hostile/test_fuzz.py \
	  tests/hostile/test_fuzz_import.py \
	  --hypothesis-show-statistics --hypothesis-seed=$${FUZZ_SEED:-$$RANDOM} -q -rf

# The bench compares a build with Hugo's (Debian's hugo) on the same pages.
bench: $(STAMP) system
	@command -v hugo >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq hugo; }
	$(PY) bench/run.py

clean:
	rm -rf site .site.* build .govreport-cache $(VENV) .pytest_cache .mypy_cache .ruff_cache tests/browser/node_modules bench/corpus bench/site bench/hugo
